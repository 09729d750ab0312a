/** The compile command through the real CLI: exit codes, and nothing written on bad input. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generate } from '../bench/generate';
import { caseNames, GOLDEN_DIR, readOut, ROOT } from './support/golden';

const CLI = join(ROOT, 'dist', 'cli.js');
const t = suite('cli');
const scratch = mkdtempSync(join(tmpdir(), 'envoyc-cli-'));
t.after(() => rmSync(scratch, { recursive: true, force: true }));

function envoyc(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Golden cases whose inputs hold errors (their out/ has no bootstrap). */
const negative = caseNames().filter((n) => /^\S+\(\d+,\d+\): error /m.test(readOut(n, 'diagnostics.txt')) && !existsSync(join(GOLDEN_DIR, n, 'case.json')));

t('bad input: exit 1, diagnostics on stderr as file(line,col), and no file written (bootstrap or status)', () => {
  assert.ok(negative.length >= 10, `${negative.length} negative cases`);
  for (const name of negative) {
    const out = join(scratch, name);
    const r = envoyc(join(GOLDEN_DIR, name), 'compile', 'in', '-o', join(out, 'envoy.yaml'), '--status', join(out, 'status.yaml'));
    assert.is(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /error [a-z_]+: /, name);
    assert.not.ok(existsSync(out), `${name}: wrote ${existsSync(out) ? readdirSync(out).join(', ') : ''}`);
  }
});

t('the diagnostics printed are the golden one-liners, each with a code frame under it', () => {
  const name = negative.find((n) => readOut(n, 'diagnostics.txt').includes('unknown_field'))!;
  const r = envoyc(join(GOLDEN_DIR, name), 'compile', 'in', '-o', '-');
  for (const line of readOut(name, 'diagnostics.txt')
    .trim()
    .split('\n')
    .filter((l) => /^\S/.test(l)))
    assert.ok(r.stderr.includes(line), line);
  assert.match(r.stderr, /\n\s+\d+ \| .*\n\s+\| +\^+/);
});

t('a good input: exit 0, the golden bootstrap on stdout, byte for byte', () => {
  const r = envoyc(join(GOLDEN_DIR, 'listener-http-basic'), 'compile', 'in');
  assert.is(r.status, 0, r.stderr);
  assert.fixture(r.stdout, readOut('listener-http-basic', 'bootstrap.yaml'));
});

t('usage errors exit 2: unknown flag, missing path, several Gateways to one file', () => {
  assert.is(envoyc(ROOT, 'compile', 'golden/listener-http-basic/in', '--no-such-flag').status, 2);
  assert.is(envoyc(ROOT, 'compile', 'no/such/dir').status, 2);
  const several = envoyc(ROOT, 'compile', 'golden/gateways-several/in', '-o', join(scratch, 'one.yaml'));
  assert.is(several.status, 2);
  assert.match(several.stderr, '--gateway NS/NAME');
  assert.not.ok(existsSync(join(scratch, 'one.yaml')));
});

t('--no-policies takes an optional kind list; a path right after it stays an input; an unknown kind is a usage error', () => {
  const golden = join(GOLDEN_DIR, 'btp-no-policies');
  const all = readOut('btp-no-policies', 'bootstrap.yaml');
  for (const args of [
    ['--no-policies', 'in'],
    ['in', '--no-policies'],
    ['--no-policies', 'BackendTrafficPolicy', 'in'],
    ['--no-policies-in', 'default,infra', 'in'],
  ]) {
    const r = envoyc(golden, 'compile', ...args);
    assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.fixture(r.stdout, all, args.join(' '));
    assert.match(r.stderr, 'warning policies_ignored: BackendTrafficPolicy infra/gateway-defaults is ignored');
  }
  const typo = envoyc(golden, 'compile', '--no-policies', 'BackendTraficPolicy', 'in');
  assert.is(typo.status, 2);
  assert.match(typo.stderr, '(did you mean "BackendTrafficPolicy"?)');
});

t('several Gateways into a directory: one <namespace>.<name>.yaml each', () => {
  const dir = join(scratch, 'several');
  assert.is(envoyc(ROOT, 'compile', 'golden/gateways-several/in', '-o', `${dir}/`).status, 0);
  assert.equal(readdirSync(dir).sort(), ['default.public.yaml', 'ops.internal.yaml']);
});

t('--help lists every compile flag', () => {
  const help = envoyc(ROOT, 'compile', '--help').stdout;
  for (const flag of [
    '--output',
    '--format',
    '--emit',
    '--admin-address',
    '--service-dns',
    '--gateway',
    '--merge-gateways',
    '--strict',
    '--no-validate',
    '--no-policies',
    '--status',
    '--ratelimit-config',
    '--secrets-dir',
    '--secrets-mount',
    '--max-input-size',
  ]) {
    assert.ok(help.includes(flag), flag);
  }
  assert.is(envoyc(ROOT, '--help').status, 0);
});

t('--admin-address: an IP address; localhost is 127.0.0.1; another host name is a usage error (exit 2)', () => {
  const dir = join(GOLDEN_DIR, 'listener-http-basic');
  const local = envoyc(dir, 'compile', 'in', '--admin-address', 'localhost:9901');
  assert.is(local.status, 0, local.stderr);
  assert.match(local.stdout, /address: 127\.0\.0\.1\n\s+port_value: 9901/);
  const v6 = envoyc(dir, 'compile', 'in', '--admin-address', '[::1]:9901');
  assert.match(v6.stdout, /address: ::1\n/);
  const name = envoyc(dir, 'compile', 'in', '--admin-address', 'envoy.example.com:9901');
  assert.is(name.status, 2);
  assert.match(name.stderr, /must be an IP address/);
});

t('the command exits as soon as it is done, never before its output is out: a reader that waits still gets all of it', () => {
  // The picture of 300 routes is some 200 KB: more than a pipe holds (64 KiB on Linux), so most of it waits in Node until it is read.
  const input = generate(join(scratch, 'exit-input'), 300, 30).dir;
  const expected = envoyc(scratch, 'graph', input);
  assert.is(expected.status, 0, expected.stderr);
  assert.ok(expected.stdout.length > 128 * 1024, `${expected.stdout.length} bytes`);
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" graph "${input}" | (sleep 1; cat)`], {
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 1 << 24,
  });
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout === expected.stdout, `${r.stdout.length} of ${expected.stdout.length} bytes`);
});

t('the command tunes V8 for its one run: TurboFan takes far fewer functions than in a process V8 runs as it is, for the same bytes', () => {
  // V8's --trace-opt prints a line for each function it marks for TurboFan (the flag costs the run its code cache, nothing else).
  const turbofanMarks = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--trace-opt', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    assert.is(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.includes('for optimization to TURBOFAN')).length;
  };
  const input = generate(join(scratch, 'tiering'), 1000, 100).dir;
  const own = join(scratch, 'tiering-cli.yaml');
  const inProcess = join(scratch, 'tiering-in-process.yaml');
  const program = JSON.stringify(join(ROOT, 'dist', 'compiler', 'cli', 'program.js'));
  const cliMarks = turbofanMarks([CLI, 'compile', input, '-o', own]);
  const defaultMarks = turbofanMarks([
    '-e',
    `require(${program}).main(['node', 'envoyc', 'compile', ${JSON.stringify(input)}, '-o', ${JSON.stringify(inProcess)}])`,
  ]);
  // Measured: 60 against 202 for these 1,000 routes.
  assert.ok(cliMarks * 2 < defaultMarks, `${cliMarks} functions marked by the command, ${defaultMarks} in a default process`);
  assert.ok(readFileSync(own, 'utf8') === readFileSync(inProcess, 'utf8'));
});

t.run();
