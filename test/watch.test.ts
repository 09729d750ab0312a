/**
 * `envoyc watch` through the real CLI, without Envoy: the static form (-o), usage errors, new
 * folders and vanished inputs, and `diff --git` over a committed xDS directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanup, onCleanup } from './e2e/harness';
import { editFile, startWatch } from './e2e/watch';
import { ROOT } from './support/golden';

const CLI = join(ROOT, 'dist', 'cli.js');
const t = suite('watch');
t.after(cleanup);

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  listeners: [{ name: http, protocol: HTTP, port: 8080 }]
`;
const route = (name: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: default }
spec:
  parentRefs: [{ name: eg }]
  rules: [{ backendRefs: [{ name: ${backend}, port: 8080 }] }]
`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-watch-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'gateway.yaml'), GATEWAY);
  writeFileSync(join(dir, 'in', 'routes.yaml'), route('web', 'one'));
  return dir;
}

const compiled = (dir: string) => spawnSync(process.execPath, [CLI, 'compile', 'in'], { cwd: dir, encoding: 'utf8' }).stdout;

t('-o FILE: the static bootstrap, rewritten on every good edit, with a word that Envoy must restart to read it', async () => {
  const dir = workspace();
  const w = startWatch(['in', '-o', 'envoy.yaml'], dir);
  await w.waitFor(/#1 applied[^\n]*wrote envoy\.yaml/);
  assert.is(readFileSync(join(dir, 'envoy.yaml'), 'utf8'), compiled(dir));
  const mark = w.output().length;
  editFile(join(dir, 'in', 'routes.yaml'), route('web', 'two'), 'inplace');
  assert.match((await w.waitFor(/#2 applied[^\n]*/, mark))[0], 'restart Envoy to apply it');
  assert.is(readFileSync(join(dir, 'envoy.yaml'), 'utf8'), compiled(dir));
  assert.is(await w.stop('SIGTERM'), 0);
});

t("an EnvoyProxy's Envoy flags are said when Envoy starts and again when they change", async () => {
  const dir = workspace();
  const proxy = (drain: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy, namespace: default }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: proxy, namespace: default }
spec:
  shutdown: { drainTimeout: ${drain} }
`;
  writeFileSync(join(dir, 'in', 'proxy.yaml'), proxy('30s'));
  const w = startWatch(['in', '-o', 'envoy.yaml'], dir);
  assert.match((await w.waitFor(/#1 applied[^\n]*/))[0], /start Envoy with: envoy -c envoy\.yaml and these flags: .*--drain-time-s 30/);
  const mark = w.output().length;
  editFile(join(dir, 'in', 'proxy.yaml'), proxy('45s'), 'inplace');
  assert.match((await w.waitFor(/#2 applied[^\n]*/, mark))[0], /Envoy's flags changed, restart it with: .*--drain-time-s 45/);
  assert.is(await w.stop('SIGTERM'), 0);
});

t('a new folder under an input directory is watched; a vanished input file is waited for', async () => {
  const dir = workspace();
  const w = startWatch(['in', 'extra.yaml', '--xds-dir', 'xds'], dir);
  await w.waitFor(/#1 not applied: cannot read the inputs \(extra\.yaml: no such file or directory/);
  let mark = w.output().length;
  writeFileSync(join(dir, 'extra.yaml'), route('extra', 'three'));
  await w.waitFor(/#2 applied/, mark);
  mark = w.output().length;
  mkdirSync(join(dir, 'in', 'more'));
  await new Promise((r) => setTimeout(r, 400));
  writeFileSync(join(dir, 'in', 'more', 'api.yaml'), route('api', 'four'));
  assert.match((await w.waitFor(/#\d+ applied[^\n]*cluster httproute\/default\/api\/rule\/0[^\n]*/, mark))[0], 'added');
  mark = w.output().length;
  writeFileSync(join(dir, 'in', 'notes.txt'), 'not an input');
  writeFileSync(join(dir, 'in', '.routes.yaml.swp'), 'editor swap');
  await new Promise((r) => setTimeout(r, 500));
  assert.is(w.output().slice(mark), '', 'files compile does not read start no run');
  assert.is(await w.stop('SIGTERM'), 0);
});

t('usage errors exit 2 before anything is watched or written', () => {
  const dir = workspace();
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'watch', ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  const rows: [string[], string][] = [
    [['in'], 'watch writes to --xds-dir DIR'],
    [['in', '--xds-dir', 'xds', '-o', 'envoy.yaml'], 'cannot be used with'],
    [['-', '--xds-dir', 'xds'], 'not stdin'],
    [['in', '--xds-dir', 'in/xds'], 'must be outside the inputs'],
    [['in/routes.yaml', '-o', 'in/routes.yaml'], 'must be outside the inputs'],
    [['--xds-dir', 'xds'], 'no input paths'],
  ];
  for (const [args, message] of rows) {
    const r = run(...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  assert.is(execFileSync('ls', [dir], { encoding: 'utf8' }), 'in\n');
});

t('diff --git over a committed xDS directory compares the Envoy configs it holds', () => {
  const dir = workspace();
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: dir, stdio: 'pipe' });
  const envoyc = (...a: string[]) => spawnSync(process.execPath, [CLI, ...a], { cwd: dir, encoding: 'utf8' });
  assert.is(envoyc('compile', 'in', '--xds-dir', 'xds').status, 0);
  git('init', '-q');
  git('add', 'xds');
  git('commit', '-q', '-m', 'one');
  writeFileSync(join(dir, 'in', 'routes.yaml'), route('web', 'two'));
  assert.is(envoyc('compile', 'in', '--xds-dir', 'xds').status, 0);
  git('commit', '-q', '-am', 'two');
  const d = envoyc('diff', '--git', 'HEAD~1..HEAD', 'xds');
  assert.is(d.status, 1, d.stderr);
  assert.match(d.stdout, /~ cluster httproute\/default\/web\/rule\/0: load_assignment/);
});

t.run();
