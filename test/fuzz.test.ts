/**
 * A bounded, seeded fuzz test of every command through the real CLI: random commands, flags and
 * inputs (good, mutated, and hostile: empty, binary, invalid UTF-8, alias bombs, deep nesting, a
 * 200 KB line, devices, FIFOs, missing paths, directories where files are expected). Each run must
 * end with exit 0, 1, 2 or 3, print no stack trace and no internal error, leave no temporary file,
 * and write nothing when it fails. `FUZZ_SEED=n` replays a run; a failure names its seed and case.
 * `FUZZ_VERBOSE=1` prints each case.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GOLDEN_DIR, ROOT } from './support/golden';

const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** New cases start only within this budget (the whole test stays under a minute; FUZZ_BUDGET_MS explores longer), and at least MIN_CASES run. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 40_000);
const MIN_CASES = 12;
const CASE_TIMEOUT_MS = 20_000;

/** mulberry32: a small deterministic PRNG, so a failure names a reproducible seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Golden cases used as good inputs (no RegularExpression routes: match's regex engine is the re2 branch's). */
const GOOD = ['listener-http-basic', 'listener-https-terminate', 'gateways-several', 'btp-retry-normal', 'httproute-weighted-backends', 'tcproute-basic'];

function mutate(text: string, rnd: Rnd): string {
  const lines = text.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const odd = ['', '-1', '{}', '[', '"\u001b[31m"', '*x', '&a [*a]', '"\uFFFF"', 'null', '\u0000', '\t\t'];
  switch (Math.floor(rnd() * 4)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines[i] = `${lines[i]!.split(':')[0]}: ${pick(rnd, odd)}`;
      break;
    case 2:
      lines.splice(i, 0, lines[i]!);
      break;
    default:
      lines[i] = lines[i]!.slice(0, Math.floor(rnd() * lines[i]!.length));
  }
  return lines.join('\n');
}

/** The workspace: good inputs, hostile inputs, and an output directory. */
function workspace(rnd: Rnd): string {
  const ws = mkdtempSync(join(tmpdir(), 'envoyc-fuzz-'));
  for (const g of GOOD) cpSync(join(GOLDEN_DIR, g, 'in'), join(ws, 'good', g), { recursive: true });
  const h = (name: string, content: string | Buffer) => writeFileSync(join(ws, 'hostile', name), content);
  mkdirSync(join(ws, 'hostile'));
  h('empty.yaml', '');
  h('binary.yaml', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))));
  h('latin1.yaml', Buffer.from('apiVersion: v1\nkind: Secret\nmetadata: {name: caf\xe9}\n', 'latin1'));
  h(
    'bomb.yaml',
    ['a: &a ["x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(8).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join(
      '\n',
    ),
  );
  h('deep.yaml', `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
  h('long.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Array.from({ length: 1500 }, (_, i) => ({ kind: 'HTTPRoute', x: `r${i}` })) }));
  h('controls.yaml', 'apiVersion: v1\nkind: "\u001b]0;pwned\u0007\u202e"\nmetadata: {name: x}\n');
  h('nul.yaml', 'apiVersion: v1\0\nkind: Gateway\n');
  h('bootstrap-bad.yaml', 'static_resources: {listeners: [{name: 1, address: {}}], clusters: x}\n');
  h('routes-test.yaml', '- {host: www.example.com, path: /, expect: none}\n- {}\n- 7\n');
  mkdirSync(join(ws, 'hostile', 'dir'));
  execFileSync('mkfifo', [join(ws, 'hostile', 'dir', 'fifo.yaml')]);
  symlinkSync('/dev/zero', join(ws, 'hostile', 'dir', 'zero.yaml'));
  writeFileSync(join(ws, 'hostile', 'dir', 'ok.yaml'), readFileSync(join(GOLDEN_DIR, 'listener-http-basic', 'in', 'gateway.yaml')));
  for (let i = 0; i < 6; i++) {
    const g = pick(rnd, GOOD);
    const dir = join(ws, 'mutated', `${g}-${i}`);
    cpSync(join(GOLDEN_DIR, g, 'in'), dir, { recursive: true });
    const files = readdirSync(dir);
    const f = join(dir, pick(rnd, files));
    writeFileSync(f, mutate(readFileSync(f, 'utf8'), rnd));
  }
  mkdirSync(join(ws, 'out'));
  execFileSync('mknod', [join(ws, 'out', 'null'), 'c', '1', '3']);
  const built = spawnSync(process.execPath, [CLI, 'compile', 'good/listener-https-terminate', '-o', 'boot/https.yaml'], { cwd: ws, encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
  return ws;
}

const INPUTS = [
  ...GOOD.map((g) => `good/${g}`),
  'hostile/empty.yaml',
  'hostile/binary.yaml',
  'hostile/latin1.yaml',
  'hostile/bomb.yaml',
  'hostile/deep.yaml',
  'hostile/long.json',
  'hostile/controls.yaml',
  'hostile/nul.yaml',
  'hostile/bootstrap-bad.yaml',
  'hostile/dir',
  'boot/https.yaml',
  'missing.yaml',
  'out',
  '/dev/zero',
];

function inputs(rnd: Rnd, ws: string): string[] {
  const all = [...INPUTS, ...readdirSync(join(ws, 'mutated')).map((m) => `mutated/${m}`)];
  // Half good inputs, so the writing paths run as often as the refusing ones.
  return Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => (rnd() < 0.5 ? `good/${pick(rnd, GOOD)}` : pick(rnd, all)));
}

/** Flags that apply to inputs: sometimes a tiny size limit (so /dev/zero ends at once), always one when /dev/zero is read. */
function readFlags(rnd: Rnd, paths: string[]): string[] {
  if (paths.includes('/dev/zero') || rnd() < 0.2) return ['--max-input-size', pick(rnd, ['1KiB', '64KiB', '1MiB'])];
  return rnd() < 0.05 ? ['--max-input-size', pick(rnd, ['0', '-5', 'huge', '1.5TB'])] : [];
}

function compileArgs(rnd: Rnd, ws: string): string[] {
  const paths = inputs(rnd, ws);
  const args = ['compile', ...paths, ...readFlags(rnd, paths)];
  const output = pick(rnd, ['out/envoy.yaml', 'out/', 'out/new/', '-', 'out/null', 'good/listener-http-basic/gateway.yaml', 'out']);
  args.push('-o', output);
  const maybe = (p: number, ...xs: string[]) => rnd() < p && args.push(...xs);
  maybe(0.3, '--format', pick(rnd, ['json', 'yaml', 'toml']));
  maybe(0.15, '--emit', pick(rnd, ['ir', 'bootstrap']));
  maybe(0.3, '--status', pick(rnd, ['out/status.yaml', 'out/', 'out/envoy.yaml']));
  maybe(0.2, '--check');
  maybe(0.2, '--secrets-dir', pick(rnd, [join(ws, 'out', 'secrets'), 'out/secrets']));
  maybe(0.1, '--secrets-mount', pick(rnd, ['/etc/envoy/secrets', 'relative']));
  maybe(0.2, '--gateway', pick(rnd, ['default/eg', 'ops/internal', 'nope', '']));
  maybe(0.15, '--admin-address', pick(rnd, ['0.0.0.0:9901', '[::1]:1', 'x', '127.0.0.1:99999']));
  maybe(0.15, '--diagnostics-format', pick(rnd, ['json', 'text']));
  maybe(0.1, '--fail-on', 'warning');
  maybe(0.1, '--suppress', pick(rnd, ['unknown_kind', 'x=y', '']));
  maybe(0.1, '--merge-gateways');
  maybe(0.1, '--ratelimit-config', pick(rnd, ['out/rl.yaml', 'out/rl/']));
  return args;
}

function commandArgs(rnd: Rnd, ws: string): string[] {
  const cmd = rnd() < 0.05 ? pick(rnd, ['bogus', '']) : pick(rnd, ['compile', 'compile', 'compile', 'validate', 'diff', 'explain', 'match', 'routes-test']);
  const paths = inputs(rnd, ws);
  const read = readFlags(rnd, paths);
  switch (cmd) {
    case 'compile':
      return compileArgs(rnd, ws);
    case 'validate':
      return ['validate', ...paths, '--no-envoy', ...read, ...(rnd() < 0.3 ? ['--strict'] : [])];
    case 'diff':
      return ['diff', ...paths, ...read, ...(rnd() < 0.3 ? ['--format', 'markdown'] : []), ...(rnd() < 0.1 ? ['--git', 'HEAD..x'] : [])];
    case 'explain':
      return [
        'explain',
        ...paths,
        ...read,
        ...(rnd() < 0.3 ? ['--route', pick(rnd, ['httproute/default/web/rule/0', 'x'])] : []),
        ...(rnd() < 0.3 ? ['--json'] : []),
      ];
    case 'match':
      return [
        'match',
        ...paths,
        ...read,
        '--host',
        pick(rnd, ['www.example.com', '', '\u001b[2J']),
        '--path',
        pick(rnd, ['/', '/a?b=c', '%zz', 'x'.repeat(5000)]),
      ];
    case 'routes-test':
      return ['routes-test', pick(rnd, ['hostile/routes-test.yaml', 'missing.yaml', '/dev/zero', 'hostile/dir']), ...paths, ...read];
    default:
      return cmd ? [cmd] : ['--nope'];
  }
}

/** Every file under `dir` with its content hash: what a failed run must leave as it was. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${p} ${st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : st.mode}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$|node:internal|internal error|Error: .*\n\s+at /m;

test(`fuzz: every command, seed ${SEED}`, () => {
  const rnd = prng(SEED);
  const ws = workspace(rnd);
  try {
    const started = Date.now();
    let n = 0;
    for (; n < MIN_CASES || Date.now() - started < BUDGET_MS; n++) {
      const args = commandArgs(rnd, ws);
      const before = snapshot(ws);
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ws, encoding: 'utf8', timeout: CASE_TIMEOUT_MS, maxBuffer: 64 << 20 });
      const what = `seed ${SEED} case ${n}: envoyc ${args.map((a) => JSON.stringify(a).slice(0, 60)).join(' ')}`;
      if (process.env.FUZZ_VERBOSE) console.log(`${what} → ${r.status} ${r.stderr.split('\n')[0]!.slice(0, 100)}`);
      assert.ok(r.status !== null, `${what}: ended by ${r.signal ?? r.error?.message} (hang or crash)`);
      assert.ok([0, 1, 2, 3].includes(r.status!), `${what}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
      assert.not.ok(STACK_TRACE.test(r.stderr), `${what}: a stack trace or internal error\n${r.stderr.slice(0, 2000)}`);
      const after = snapshot(ws);
      assert.not.ok(after.includes('.envoyc-tmp'), `${what}: left a temporary file`);
      if (r.status !== 0 || args[0] !== 'compile') assert.fixture(after, before, `${what}: exit ${r.status} but the files changed`);
      if (r.status === 0 && args[0] === 'compile') rmSync(join(ws, 'out', 'secrets'), { recursive: true, force: true });
    }
    assert.ok(n >= MIN_CASES, `${n} cases`);
  } finally {
    if (existsSync(ws)) rmSync(ws, { recursive: true, force: true });
  }
});

test.run();
