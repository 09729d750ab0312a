/** `envoyc graph` through the CLI: formats, narrowing flags, exit codes; and the picture under `diff --format markdown`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diffGraphs } from '../../compiler/review/graph/diff';
import type { GraphModel } from '../../compiler/review/graph/model';
import { baseInputs, envoyc, writeTree } from './fixture';

const t = suite('envoyc graph');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

function tree(files: Record<string, string> = baseInputs()): string {
  const w = writeTree(files);
  cleanups.push(w.cleanup);
  return w.dir;
}

/** Node titles (first label lines) of a Mermaid picture, in order. */
function titles(mermaid: string): string[] {
  return [...mermaid.matchAll(/^ {2}n_\w+[[({>]+"([^"<]*)/gm)].map((m) => m[1]!);
}

t('mermaid by default, dot on request; policies at their scope with their state', () => {
  const dir = tree();
  const m = envoyc(dir, 'graph', 'config');
  assert.is(m.status, 0, m.stderr);
  assert.ok(m.stdout.startsWith('flowchart LR\n'));
  assert.equal(titles(m.stdout), [
    'Gateway default/eg',
    'listener http',
    'HTTPRoute default/api',
    'rule 0',
    'rule 1',
    'HTTPRoute default/web',
    'rule 0',
    'Service default/api-canary:8080',
    'Service default/api-v1:8080',
    'Service default/health:8080',
    'Service default/web:8080',
    'BackendTrafficPolicy default/api-policy',
  ]);
  assert.match(m.stdout, / -->\|"weight 90"\| n_Service_2fdefault_2fapi_2dv1_3a8080\n/);
  assert.match(m.stdout, /n_BackendTrafficPolicy_2fdefault_2fapi_2dpolicy -\.->\|"applied"\| n_HTTPRoute_2fdefault_2fapi\n/);
  const d = envoyc(dir, 'graph', 'config', '--format', 'dot');
  assert.is(d.status, 0, d.stderr);
  assert.match(d.stdout, /^digraph envoyc \{\n/);
  assert.match(d.stdout, '"BackendTrafficPolicy/default/api-policy" -> "HTTPRoute/default/api" [label="applied"');
  assert.is(envoyc(dir, 'graph', 'config', '--format', 'svg').status, 2, 'an unknown format is a usage error');
});

t('--route, --policy, --gateway narrow the picture; names that match nothing exit 1 with the nearest', () => {
  const dir = tree();
  const web = envoyc(dir, 'graph', 'config', '--route', 'default/web');
  assert.is(web.status, 0, web.stderr);
  assert.equal(titles(web.stdout), ['Gateway default/eg', 'listener http', 'HTTPRoute default/web', 'rule 0', 'Service default/web:8080']);
  assert.equal(titles(envoyc(dir, 'graph', 'config', '--route', 'HTTPRoute/default/web').stdout), titles(web.stdout));
  const policy = envoyc(dir, 'graph', 'config', '--policy', 'default/api-policy');
  assert.is(policy.status, 0, policy.stderr);
  assert.ok(titles(policy.stdout).includes('BackendTrafficPolicy default/api-policy'));
  assert.not.ok(titles(policy.stdout).includes('HTTPRoute default/web'), 'only where the policy attaches');
  assert.equal(titles(envoyc(dir, 'graph', 'config', '--gateway', 'default/eg').stdout), titles(envoyc(dir, 'graph', 'config').stdout));
  const typo = envoyc(dir, 'graph', 'config', '--route', 'default/wbe');
  assert.is(typo.status, 1);
  assert.match(typo.stderr, 'no route default/wbe in the inputs (did you mean "default/web"?)');
  assert.is(envoyc(dir, 'graph', 'config', '--policy', 'default/nope').status, 1);
});

t('inputs with errors exit 1 with the diagnostics; a bootstrap file or no path is a usage error (2)', () => {
  const dir = tree({ ...baseInputs(), 'config/routes.yaml': baseInputs()['config/routes.yaml']!.replace('port: 8080', 'port: "x"') });
  const bad = envoyc(dir, 'graph', 'config');
  assert.is(bad.status, 1);
  assert.match(bad.stderr, 'does not compile');
  assert.is(bad.stdout, '', 'nothing drawn');
  const ok = tree();
  envoyc(ok, 'compile', 'config', '-o', 'envoy.yaml');
  const boot = envoyc(ok, 'graph', 'envoy.yaml');
  assert.is(boot.status, 2);
  assert.match(boot.stderr, 'envoy.yaml is an Envoy bootstrap');
  assert.is(envoyc(ok, 'graph').status, 2);
});

t('diff --format markdown: the changed neighbourhood as a Mermaid picture under the table', () => {
  const both = Object.fromEntries(Object.entries(baseInputs()).flatMap(([k, v]) => [[k, v] as const, [k.replace('config/', 'new/'), v] as const]));
  const dir = tree(both);
  const routes = join(dir, 'new/routes.yaml');
  writeFileSync(routes, readFileSync(routes, 'utf8').replace('weight: 10', 'weight: 20').replace('name: health', 'name: healthz'));
  const md = envoyc(dir, 'diff', 'config', 'new', '--format', 'markdown');
  assert.is(md.status, 1, md.stderr);
  const [table, picture] = md.stdout.split('#### Attachment graph: what changed\n');
  assert.match(table!, '| ~ |');
  assert.match(picture!, /^\n```mermaid\nflowchart LR\n/);
  assert.match(picture!, '-->|"weight 20 (was weight 10)"| n_Service_2fdefault_2fapi_2dcanary_3a8080');
  assert.match(picture!, '"Service default/healthz:8080<br/>DNS healthz:8080<br/>(added)"');
  assert.match(picture!, '"Service default/health:8080<br/>DNS health:8080<br/>(removed)"');
  assert.match(picture!, '"rule 0<br/>PathPrefix /v1<br/>(changed)"');
  assert.match(picture!, /_\d+ of \d+ nodes drawn: 4 changed and \d+ next to them/);
  assert.not.match(picture!, 'HTTPRoute default/web', 'unchanged parts away from the change are left out');
  assert.not.match(envoyc(dir, 'diff', 'config', 'new').stdout, 'mermaid', 'text format: no picture');
  assert.not.match(envoyc(dir, 'diff', 'config', 'config', '--format', 'markdown').stdout, 'mermaid', 'no change: no picture');
});

t('a large change is cut to the budget with a note of what was left out', () => {
  const model = (n: number, weight: number): GraphModel => ({
    nodes: Array.from({ length: n }, (_, i) => ({ id: `r/${i}`, kind: 'rule' as const, lines: [`rule ${i}`], digest: String(i % 2 ? weight : 0) })),
    edges: [],
    notes: [],
  });
  const picture = diffGraphs(model(100, 1), model(100, 2), 10)!;
  assert.is(picture.nodes.length, 10);
  assert.equal(picture.notes, [
    '10 of 100 nodes drawn: 50 changed and 0 next to them; 50 unchanged nodes further away left out.',
    'Left out to stay readable: 40 more changed nodes (r/21, r/23, r/25, r/27, r/29 and 35 more); the table above lists every change.',
  ]);
  assert.is(diffGraphs(model(5, 1), model(5, 1)), undefined, 'nothing changed: no picture');
});

t.run();
