/** The review commands end to end through the CLI, with their exit codes. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { baseInputs, envoyc, writeTree } from './fixture';

const t = suite('review commands');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

function tree(files: Record<string, string> = baseInputs()): string {
  const w = writeTree(files);
  cleanups.push(w.cleanup);
  return w.dir;
}

t('compile --check: 0 when up to date, 3 on drift with file, summary and command; writes nothing', () => {
  const dir = tree();
  assert.is(envoyc(dir, 'compile', 'config', '-o', 'envoy.yaml').status, 0);
  const fresh = envoyc(dir, 'compile', 'config', '-o', 'envoy.yaml', '--check');
  assert.is(fresh.status, 0, fresh.stderr);
  writeFileSync(join(dir, 'config/routes.yaml'), readFileSync(join(dir, 'config/routes.yaml'), 'utf8').replace('attempts: 2', 'attempts: 4'));
  const before = readFileSync(join(dir, 'envoy.yaml'), 'utf8');
  const stale = envoyc(dir, 'compile', 'config', '-o', 'envoy.yaml', '--check');
  assert.is(stale.status, 3);
  assert.match(stale.stderr, 'envoy.yaml is stale');
  assert.match(stale.stderr, 'route httproute/default/api/rule/0/match/0/api_example_com: retry_policy.num_retries 2 → 4');
  assert.match(stale.stderr, 'regenerate with:\n  envoyc compile config -o envoy.yaml\n');
  assert.is(readFileSync(join(dir, 'envoy.yaml'), 'utf8'), before, '--check wrote nothing');
});

t('compile --check: a missing file is drift (3); --check with -o - is a usage error (2)', () => {
  const dir = tree();
  const missing = envoyc(dir, 'compile', 'config', '-o', 'out/envoy.yaml', '--check');
  assert.is(missing.status, 3);
  assert.match(missing.stderr, 'out/envoy.yaml does not exist');
  assert.not.ok(existsSync(join(dir, 'out')));
  assert.is(envoyc(dir, 'compile', 'config', '--check').status, 2);
});

t('diff: input dirs, 0 when same, 1 with attributed changes; markdown; bootstrap files', () => {
  const dir = tree({ ...baseInputs(), ...Object.fromEntries(Object.entries(baseInputs()).map(([k, v]) => [k.replace('config/', 'new/'), v])) });
  assert.is(envoyc(dir, 'diff', 'config', 'new').status, 0);
  writeFileSync(join(dir, 'new/routes.yaml'), readFileSync(join(dir, 'new/routes.yaml'), 'utf8').replace('attempts: 2', 'attempts: 3'));
  const d = envoyc(dir, 'diff', 'config', 'new');
  assert.is(d.status, 1, d.stderr);
  assert.match(
    d.stdout,
    '~ route httproute/default/api/rule/0/match/0/api_example_com (virtual host default/eg/http/api_example_com): retry_policy.num_retries 2 → 3 (HTTPRoute default/api rule 0, new/routes.yaml:',
  );
  assert.match(d.stdout, '1 changed');
  const md = envoyc(dir, 'diff', 'config', 'new', '--format', 'markdown');
  assert.is(md.status, 1);
  assert.match(md.stdout, '| ~ | route `httproute/default/api/rule/0/match/0/api_example_com` | `retry_policy.num_retries` | `2` | `3` |');
  envoyc(dir, 'compile', 'config', '-o', 'a.yaml');
  envoyc(dir, 'compile', 'new', '-o', 'b.yaml');
  const files = envoyc(dir, 'diff', 'a.yaml', 'b.yaml');
  assert.is(files.status, 1);
  assert.match(files.stdout, 'retry_policy.num_retries 2 → 3 (HTTPRoute default/api');
  assert.is(envoyc(dir, 'diff', 'a.yaml').status, 2, 'one side only is a usage error');
});

t('diff --git REV1..REV2 PATH: compiles both revisions', () => {
  const dir = tree();
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', 'config');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'one');
  writeFileSync(join(dir, 'config/routes.yaml'), readFileSync(join(dir, 'config/routes.yaml'), 'utf8').replace('request: 10s', 'request: 20s'));
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-am', 'two');
  const d = envoyc(dir, 'diff', '--git', 'HEAD~1..HEAD', 'config');
  assert.is(d.status, 1, d.stderr);
  assert.match(d.stdout, 'timeout 10s → 20s (HTTPRoute default/api rule 0, config/routes.yaml:');
  assert.is(envoyc(dir, 'diff', '--git', 'HEAD..HEAD', 'config').status, 0);
  assert.is(envoyc(dir, 'diff', '--git', 'nope..HEAD', 'config').status, 2);
});

t('explain: settings with sources, defaults, policies; --json; unknown route is 1', () => {
  const dir = tree();
  const e = envoyc(dir, 'explain', 'config', '--cluster', 'httproute/default/api/rule/0');
  assert.is(e.status, 0, e.stderr);
  assert.match(e.stdout, 'connect_timeout');
  assert.match(e.stdout, 'BackendTrafficPolicy default/api-policy');
  assert.match(e.stdout, 'per_connection_buffer_limit_bytes  32768  ← Envoy Gateway default 32768 (CLUSTER_BUFFER_LIMIT_BYTES');
  const j = envoyc(dir, 'explain', 'config', '--route', 'httproute/default/api/rule/0/match/0/api_example_com', '--json');
  assert.is(j.status, 0);
  const list = JSON.parse(j.stdout) as { kind: string; name: string; settings: { field: string; from: string }[] }[];
  assert.equal(
    list.map((x) => x.kind),
    ['route', 'cluster'],
  );
  assert.ok(list[0]!.settings.some((s) => s.field === 'retry_policy' && s.from === 'route'));
  const p = envoyc(dir, 'explain', 'config', '--policy', 'default/api-policy');
  assert.is(p.status, 0);
  assert.not.match(p.stdout, 'httproute/default/web');
  assert.is(envoyc(dir, 'explain', 'config', '--route', 'nope').status, 1);
});

t('match: names listener, vhost, route, rule with file:line, cluster; 1 when nothing matches', () => {
  const dir = tree();
  const m = envoyc(dir, 'match', 'config', '--host', 'api.example.com', '--path', '/v1/users');
  assert.is(m.status, 0, m.stderr);
  assert.match(m.stdout, 'virtual host  default/eg/http/api_example_com (domain api.example.com: exact)');
  assert.match(m.stdout, 'route         httproute/default/api/rule/0/match/0/api_example_com');
  assert.match(m.stdout, 'rule          HTTPRoute default/api rule 0 match 0, config/routes.yaml:13');
  assert.match(m.stdout, 'cluster       httproute/default/api/rule/0');
  const w = envoyc(dir, 'match', 'config', '--host', 'www.example.com:8080', '--path', '/', '--json');
  assert.is(w.status, 0);
  assert.is(JSON.parse(w.stdout).virtualHost.rule, 'suffix wildcard');
  const none = envoyc(dir, 'match', 'config', '--host', 'api.example.com', '--path', '/v2');
  assert.is(none.status, 1);
  assert.match(none.stdout, 'no route of virtual host default/eg/http/api_example_com matches');
  assert.is(envoyc(dir, 'match', 'config', '--host', 'a', '--path', '/', '--port', '9999').status, 1);
  assert.is(envoyc(dir, 'match', 'config', '--path', '/').status, 2, '--host is required');
});

t('routes-test: 0 when all match, 1 on a mismatch, rules no request reached are listed', () => {
  const dir = tree({
    ...baseInputs(),
    'ok.yaml': '- host: api.example.com\n  path: /v1/x\n  expect: httproute/default/api/rule/0\n- host: nobody.org\n  path: /\n  expect: none\n',
    'bad.yaml': '- host: api.example.com\n  path: /healthz\n  expect: httproute/default/web/rule/0\n',
  });
  const ok = envoyc(dir, 'routes-test', 'ok.yaml', 'config');
  assert.is(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, '2 passed, 0 failed');
  assert.match(ok.stdout, 'rule(s) no request reached:\n  httproute/default/api/rule/1\n  httproute/default/web/rule/0');
  const bad = envoyc(dir, 'routes-test', 'bad.yaml', 'config');
  assert.is(bad.status, 1);
  assert.match(bad.stdout, 'FAIL bad.yaml:1');
  assert.match(bad.stdout, 'got      httproute/default/api/rule/1/match/0/api_example_com');
});

t('compile --fail-on, --suppress, --diagnostics-format json', () => {
  // An ExternalAuth filter: Envoy Gateway refuses it, a warning (the rule answers 500).
  const rewrite = [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata:',
    '  name: rw',
    'spec:',
    '  parentRefs: [{name: eg}]',
    '  hostnames: [rw.example.com]',
    '  rules:',
    '    - backendRefs:',
    '        - name: web',
    '          port: 8080',
    '      filters: [{type: ExternalAuth, externalAuth: {protocol: HTTP, http: {}, backendRef: {name: web, port: 8080}}}]',
    '',
  ].join('\n');
  const dir = tree({ ...baseInputs(), 'config/other.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n', 'config/rw.yaml': rewrite });
  const plain = envoyc(dir, 'compile', 'config', '-o', 'e.yaml');
  assert.is(plain.status, 0, plain.stderr);
  assert.match(plain.stderr, 'warning route_filter_invalid: HTTPRoute default/rw rule 0: invalid filter ExternalAuth');
  const failing = envoyc(dir, 'compile', 'config', '-o', 'd.yaml', '--fail-on', 'warning');
  assert.is(failing.status, 1, 'a warning fails the run with --fail-on warning');
  assert.not.ok(existsSync(join(dir, 'd.yaml')), 'nothing written');
  const accepted = envoyc(dir, 'compile', 'config', '-o', 'e.yaml', '--suppress', 'route_filter_invalid=default/rw', '--fail-on', 'warning');
  assert.is(accepted.status, 0, accepted.stderr);
  assert.match(accepted.stderr, 'note kind_ignored: Deployment (apps/v1) ignored', 'a note is shown and never fails the run');
  const quiet = envoyc(dir, 'compile', 'config', '-o', 'f.yaml', '--suppress', 'route_filter_invalid', '--suppress', 'kind_ignored=config/other.yaml');
  assert.is(quiet.status, 0, quiet.stderr);
  assert.is(quiet.stderr, '');
  const unused = envoyc(
    dir,
    'compile',
    'config',
    '-o',
    'g.yaml',
    '--suppress',
    'route_filter_invalid=config/rw.yaml',
    '--suppress',
    'no_such_code',
    '--diagnostics-format',
    'json',
  );
  assert.is(unused.status, 0);
  const doc = JSON.parse(unused.stderr) as { diagnostics: { code: string; file?: string; line?: number }[]; summary: { notes: number } };
  assert.equal(doc.diagnostics.map((x) => x.code).sort(), ['kind_ignored', 'suppress_unused']);
  assert.is(doc.diagnostics.find((x) => x.code === 'kind_ignored')!.line, 2);
  assert.is(doc.summary.notes, 1);
  assert.is(envoyc(dir, 'compile', 'config', '--fail-on', 'never').status, 2);
});

t('compile --annotate: routes and clusters carry their sources and policies', () => {
  const dir = tree();
  const r = envoyc(dir, 'compile', 'config', '--annotate', '--format', 'json');
  assert.is(r.status, 0, r.stderr);
  const b = JSON.parse(r.stdout);
  const cluster = b.static_resources.clusters.find((c: { name: string }) => c.name === 'httproute/default/api/rule/0');
  assert.equal(cluster.metadata.filter_metadata.envoyc, {
    sources: ['config/routes.yaml:12'],
    policies: ['BackendTrafficPolicy default/api-policy (config/policies.yaml:1)'],
  });
  const route = b.static_resources.listeners[0].default_filter_chain.filters[0].typed_config.route_config.virtual_hosts[0].routes[0];
  assert.ok(route.metadata.filter_metadata.envoyc.sources.length >= 1);
  assert.ok(route.metadata.filter_metadata['envoy-gateway'], 'Envoy Gateway metadata kept');
});

t.run();
