/** `match` / `routes-test` request matching on regex routes: Envoy's RE2 semantics, percent-encoded queries, linear time. */
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import type { Json } from '../../compiler/review/bootstrap-view';
import { matchRequest, type SimRequest } from '../../compiler/review/request-matching';
import { readSources } from '../../compiler/source';

const dir = join(__dirname, '..', '..', '..', 'golden', 'regex-match-semantics', 'in');
const bootstrap = compile(
  readSources([dir], dir, () => ''),
  DEFAULT_OPTIONS,
).outputs[0]!.bootstrap as Json;
const routeOf = (req: Partial<SimRequest>) =>
  matchRequest(bootstrap, { host: 'regex.example.com', path: '/', method: 'GET', headers: [], query: [], ...req }).route?.name ?? 'none';

const t = suite('review: regex request matching');

t('query values in the path are matched as sent (percent-encoded)', () => {
  assert.match(routeOf({ path: '/search?q=a%20b' }), '/rule/4/');
  assert.is(routeOf({ path: '/search?q=%61' }), 'none');
});

t('--query values are percent-encoded as a client sends them', () => {
  assert.match(routeOf({ path: '/search', query: [['q', 'a b']] }), '/rule/4/');
  assert.is(routeOf({ path: '/search', query: [['q', '%61']] }), 'none');
});

t('a path on which backtracking is exponential is answered, by full match', () => {
  assert.is(routeOf({ path: '/' + 'a'.repeat(50_000) }), 'none');
  assert.match(routeOf({ path: '/' + 'a'.repeat(50_000) + 'b' }), '/rule/0/');
});

t('header regexes see UTF-8 bytes as Latin-1 characters', () => {
  assert.match(routeOf({ path: '/latin1', headers: [['x-name', 'café']] }), '/rule/3/');
  assert.is(routeOf({ path: '/one', headers: [['x-one', 'é']] }), 'none');
});

t.run();
