/**
 * Review of SecurityPolicy changes: `explain` says what protects each route and which policy set
 * it (or that nothing does); `diff` puts a route that lost authentication first, loudly, in text and
 * Markdown, and in its summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GOLDEN_DIR } from '../support/golden';
import { envoyc, writeTree } from './fixture';

const AUTHORIZATION = readFileSync(join(GOLDEN_DIR, 'sp-authorization', 'in', 'all.yaml'), 'utf8');
/** The same inputs with the admin route's policy gone (a reviewer must see the route is now open). */
const WITHOUT_ADMIN_POLICY = AUTHORIZATION.split('---\n')
  .filter((doc) => !/kind: SecurityPolicy\nmetadata:\n  name: admin\n/.test(doc))
  .join('---\n');

test('explain: each route says what protects it and where that came from, or that nothing does', () => {
  const w = writeTree({ 'a/all.yaml': AUTHORIZATION, 'b/all.yaml': WITHOUT_ADMIN_POLICY });
  try {
    const before = envoyc(w.dir, 'explain', 'a', '--route', 'httproute/default/admin/rule/0/match/0/admin_example_com');
    assert.is(before.status, 0, before.stderr);
    assert.match(
      before.stdout,
      /security +"JWT, authorization" +← JWT from SecurityPolicy default\/admin, a\/all\.yaml:\d+; authorization from SecurityPolicy default\/admin/,
    );
    const after = envoyc(w.dir, 'explain', 'b', '--route', 'httproute/default/admin/rule/0/match/0/admin_example_com');
    assert.match(after.stdout, /security +\(unset\) +← no authentication: any client reaches this route/);
  } finally {
    w.cleanup();
  }
});

test('diff: a route that lost its authentication comes first and is named in the summary (text and Markdown)', () => {
  const w = writeTree({ 'a/all.yaml': AUTHORIZATION, 'b/all.yaml': WITHOUT_ADMIN_POLICY });
  try {
    const text = envoyc(w.dir, 'diff', 'a', 'b');
    const lines = text.stdout.split('\n');
    assert.match(
      lines[0]!,
      /^!!! route httproute\/default\/admin\/rule\/0\/match\/0\/admin_example_com .*LOST JWT, authorization: it is now served without this check$/,
    );
    assert.match(lines.filter(Boolean).at(-1)!, /^1 route LOST authentication or authorization, /);
    const md = envoyc(w.dir, 'diff', 'a', 'b', '--format', 'markdown');
    assert.match(md.stdout, '> [!CAUTION]\n> **route httproute/default/admin/rule/0/match/0/admin_example_com');
    const back = envoyc(w.dir, 'diff', 'b', 'a');
    assert.not.match(back.stdout, 'LOST', 'gaining protection is an ordinary change');
  } finally {
    w.cleanup();
  }
});

test.run();
