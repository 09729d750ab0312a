/**
 * `envoyc match` agrees with real Envoy. For a few golden configs with several hosts and routes (and regexes),
 * the test compiles the case's inputs with the listener on a free port, turns every route into a
 * `direct_response` whose body is the route's name (matches untouched, clusters dropped: nothing
 * needs a backend or DNS), starts Envoy, sends each request and asserts that the route Envoy
 * served is the one `match` names (404 with no body when `match` finds none).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { routesOf, type Json } from '../../compiler/review/bootstrap-view';
import { matchRequest, type SimRequest } from '../../compiler/review/request-matching';
import { readSources } from '../../compiler/source';
import { freePort, onCleanup, request, startEnvoy, useCleanup } from '../e2e/harness';

const ROOT = join(__dirname, '..', '..', '..');

interface Req {
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
}

/** The requests per golden case: chosen to cross every matcher kind and each domain rule. */
const CASES: Record<string, Req[]> = {
  'httproute-precedence-order': [
    { host: 'x', path: '/docs' },
    { host: 'x', path: '/docs/abc/edit' },
    { host: 'x', path: '/docs/ABC/edit' },
    { host: 'x', path: '/docs/api' },
    { host: 'x', path: '/docs/api/v1' },
    { host: 'x', path: '/docs/apix' },
    { host: 'x', path: '/docs/x', headers: { 'x-version': '2' } },
    { host: 'x', path: '/docs/x', headers: { 'x-version': '3' } },
    { host: 'x', path: '/docs/x?lang=de' },
    { host: 'x', path: '/docs/x?lang=en' },
    { host: 'x', path: '/docs?lang=de' },
    { host: 'x', path: '/docs/x?lang=de', headers: { 'x-version': '2' } },
    { host: 'x', path: '/docsfoo' },
    { host: 'x', path: '/docs/' },
    { host: 'x', path: '//docs' },
    { host: 'x', path: '/a/../docs/api/z' },
    { host: 'x', path: '/' },
    { host: 'x:1234', path: '/other' },
  ],
  'httproute-matches-all-kinds': [
    { host: 'api.example.com', path: '/healthz' },
    { host: 'API.Example.com:8080', path: '/healthz' },
    { host: 'api.example.com', path: '/healthz/' },
    { host: 'api.example.com', path: '/v1/a?debug=1&page=2', method: 'POST', headers: { 'x-tenant': 'acme', 'x-build': '42' } },
    { host: 'api.example.com', path: '/v1/a?debug=1&page=2', method: 'GET', headers: { 'x-tenant': 'acme', 'x-build': '42' } },
    { host: 'api.example.com', path: '/v1/a?debug=1&page=x2', method: 'POST', headers: { 'x-tenant': 'acme', 'x-build': '42' } },
    { host: 'api.example.com', path: '/v1/a?debug=1&page=2', method: 'POST', headers: { 'x-tenant': 'acme', 'x-build': '4a' } },
    { host: 'api.example.com', path: '/v1?debug=1&page=2', method: 'POST', headers: { 'x-tenant': 'acme', 'x-build': '1' } },
    { host: 'api.example.com', path: '/users/12/avatar' },
    { host: 'api.example.com', path: '/users/ab/avatar' },
    { host: 'api.example.com', path: '/anything', headers: { 'x-canary': 'true' } },
    { host: 'api.example.com', path: '/anything', headers: { 'x-canary': 'false' } },
    { host: 'other.example.com', path: '/healthz' },
  ],
  // Regexes as Envoy's RE2 runs them: full matches, case folding, Latin-1 bytes (é is two), raw
  // percent-encoded query values, and inputs on which a backtracking engine would never finish.
  'regex-match-semantics': [
    { host: 'regex.example.com', path: '/aaaab' },
    { host: 'regex.example.com', path: '/' + 'a'.repeat(41) },
    { host: 'regex.example.com', path: '/' + 'a'.repeat(5000) + 'c' },
    { host: 'regex.example.com', path: '/xxxy' },
    { host: 'regex.example.com', path: '/' + 'x'.repeat(60) + 'z' },
    { host: 'regex.example.com', path: '/DOCS/Intro' },
    { host: 'regex.example.com', path: '/docs/intro1' },
    { host: 'regex.example.com', path: '/latin1', headers: { 'x-name': 'café' } },
    { host: 'regex.example.com', path: '/latin1', headers: { 'x-name': 'cafe' } },
    { host: 'regex.example.com', path: '/one', headers: { 'x-one': 'é' } },
    { host: 'regex.example.com', path: '/one', headers: { 'x-one': 'e' } },
    { host: 'regex.example.com', path: '/search?q=a%20b' },
    { host: 'regex.example.com', path: '/search?q=abc' },
    { host: 'regex.example.com', path: '/search?q=%61' },
    { host: 'regex.example.com', path: '/search?q=A' },
    { host: 'regex.example.com', path: '/h', headers: { 'x-id': '123' } },
    { host: 'regex.example.com', path: '/h', headers: { 'x-id': '1234' } },
    { host: 'regex.example.com', path: '/h', headers: { 'x-id': '12é' } },
  ],
  'hostname-intersection-wildcard': [
    { host: 'api.example.com', path: '/' },
    { host: 'a.b.example.com', path: '/' },
    { host: 'x.example.com', path: '/' },
    { host: 'example.com', path: '/' },
    { host: 'www.example.org', path: '/' },
    { host: 'foo.com', path: '/' },
    { host: 'nothing.net', path: '/' },
  ],
};

function toSim(r: Req, port: number): SimRequest {
  const headers = Object.entries(r.headers ?? {}).map(([k, v]): [string, string] => [k.toLowerCase(), v]);
  return { host: r.host, path: r.path, method: r.method ?? 'GET', headers, query: [], port };
}

/** Every route answers with its own name; clusters are dropped. */
function identifyRoutes(b: Json): Json {
  const copy = JSON.parse(JSON.stringify(b)) as Json;
  for (const { route } of routesOf(copy)) {
    delete route.route;
    delete route.redirect;
    route.direct_response = { status: 200, body: { inline_string: route.name } };
  }
  copy.static_resources.clusters = [];
  return copy;
}

/** The case's inputs with every Gateway listener on `port`. */
function inputsOn(name: string, port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-match-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, 'golden', name, 'in'), dir, { recursive: true });
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    const docs = parseAllDocuments(readFileSync(path, 'utf8'));
    for (const doc of docs) {
      const obj = doc.toJS() as Json;
      if (obj?.kind === 'Gateway') (obj.spec?.listeners ?? []).forEach((_: unknown, i: number) => doc.setIn(['spec', 'listeners', i, 'port'], port));
    }
    writeFileSync(path, docs.map((d) => d.toString()).join('---\n'));
  }
  return dir;
}

const t = suite('review: match agrees with Envoy');
useCleanup(t);
let agreed = 0;

for (const [name, reqs] of Object.entries(CASES)) {
  t(`${name}: ${reqs.length} requests`, async () => {
    const port = await freePort();
    const admin = await freePort();
    const dir = inputsOn(name, port);
    const result = compile(
      readSources([dir], dir, () => ''),
      { ...DEFAULT_OPTIONS, admin: { address: '127.0.0.1', port: admin }, validate: false },
    );
    assert.is(result.hasErrors, false, 'the case compiles');
    const bootstrap = identifyRoutes(result.outputs[0]!.bootstrap as Json);
    const envoy = await startEnvoy(JSON.stringify(bootstrap), { adminPort: admin });
    try {
      const mismatches: string[] = [];
      for (const r of reqs) {
        const sim = matchRequest(bootstrap, toSim(r, port));
        // Text goes on the wire as UTF-8 bytes (Node writes a string's code units as Latin-1).
        const wire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, wire(v)]));
        const res = await request({ port, host: r.host, path: wire(r.path), method: r.method ?? 'GET', headers });
        const served = res.status === 200 ? res.body : res.status === 404 ? 'none' : `HTTP ${res.status}`;
        const predicted = sim.route?.name ?? 'none';
        if (served === predicted) agreed++;
        else mismatches.push(`${r.method ?? 'GET'} ${r.host}${r.path} ${JSON.stringify(r.headers ?? {})}: Envoy served ${served}, match said ${predicted}`);
      }
      assert.equal(mismatches, [], mismatches.join('\n'));
    } finally {
      await envoy.stop();
    }
  });
}

t('summary', () => {
  const total = Object.values(CASES).reduce((n, r) => n + r.length, 0);
  process.stdout.write(`\n  match vs Envoy: ${agreed}/${total} requests agree\n`);
  assert.is(agreed, total);
});

t.run();
