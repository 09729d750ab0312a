/**
 * Every command with a missing, unreadable, empty, binary input, or a directory where a file is
 * expected: a one-line `envoyc: …` with exit 2 for what cannot be read, diagnostics and exit 1 for
 * what is not valid, and never a stack trace. Bootstrap files may be named by absolute paths.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { baseInputs, CLI, envoyc, writeTree, type CliRun } from './review/fixture';

const t = suite('cli errors');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|node:internal|internal error/m;

let dir = '';
t.before(() => {
  const w = writeTree({ ...baseInputs(), 'empty.yaml': '', 'tests.yaml': '- {host: api.example.com, path: /v1, expect: none}\n' });
  cleanups.push(w.cleanup);
  dir = w.dir;
  writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x0a, 0x1b, 0x5b]));
  assert.is(envoyc(dir, 'compile', 'config', '-o', 'envoy.yaml').status, 0);
});

/** Each command, with `X` standing for the input under test. */
const COMMANDS: string[][] = [
  ['compile', 'X'],
  ['compile', 'config', 'X', '--check', '-o', 'envoy.yaml'],
  ['validate', 'X'],
  ['diff', 'X', 'config'],
  ['explain', 'X'],
  ['match', 'X', '--host', 'api.example.com', '--path', '/v1'],
  ['routes-test', 'tests.yaml', 'X'],
  ['routes-test', 'X', 'config'],
];

const withInput = (cmd: string[], input: string) => cmd.map((a) => (a === 'X' ? input : a));

/** Runs the command lines a few at a time (each is a process of its own). */
async function runAll(lines: string[][]): Promise<CliRun[]> {
  const out: CliRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const i = next++;
      out[i] = await new Promise<CliRun>((resolve) =>
        execFile(process.execPath, [CLI, ...lines[i]!], { cwd: dir, timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
          resolve({ status: typeof err?.code === 'number' ? err.code : err ? -1 : 0, stdout, stderr }),
        ),
      );
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return out;
}

t('missing and unreadable inputs: one line, exit 2, for every command', async () => {
  const cases = (['no such file or directory', 'input/output error'] as const).flatMap((why, k) =>
    COMMANDS.map((cmd) => ({ why, line: withInput(cmd, ['no/such.yaml', '/proc/self/mem'][k]!) })),
  );
  const runs = await runAll(cases.map((c) => c.line));
  cases.forEach(({ why, line }, i) => {
    const r = runs[i]!;
    const what = line.join(' ');
    assert.is(r.status, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^envoyc: [^\\n]*${why}[^\\n]*\\n$`), what);
    assert.not.match(r.stderr, STACK_TRACE, what);
  });
});

t('empty, binary and directory inputs: diagnostics or one line, exit 1 or 2, never a stack trace', async () => {
  const lines = ['empty.yaml', 'binary.yaml', 'config'].flatMap((input) => COMMANDS.map((cmd) => withInput(cmd, input)));
  const runs = await runAll(lines);
  lines.forEach((line, i) => {
    const r = runs[i]!;
    const what = line.join(' ');
    assert.ok([0, 1, 2, 3].includes(r.status), `${what}: exit ${r.status}`);
    assert.not.match(r.stderr, STACK_TRACE, `${what}: ${r.stderr}`);
    if (r.status === 2) assert.match(r.stderr, /^envoyc: [^\n]+\n$/, `${what}: one line`);
  });
  const validate = envoyc(dir, 'validate', 'binary.yaml', '--no-envoy');
  assert.is(validate.status, 1);
  assert.match(validate.stderr, 'binary.yaml(1,1): error input_invalid_utf8: byte 0x89 is not valid UTF-8');
});

t('usage errors are one line for every command (unknown option, missing argument, bad value)', () => {
  for (const args of [
    ['compile', 'config', '--bogus'],
    ['validate'],
    ['diff', 'config', '--format', 'pdf'],
    ['explain', 'config', '--max-input-size', 'big'],
    ['match', 'config'],
    ['routes-test'],
    ['nonsense'],
    ['compile', 'config', '--admin-address', 'nowhere'],
  ]) {
    const r = envoyc(dir, ...args);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^envoyc: [^\n]+\n$/, `${args.join(' ')}: ${r.stderr}`);
  }
});

t('diff, explain and match take a bootstrap file by absolute path', () => {
  const abs = join(dir, 'envoy.yaml');
  assert.is(envoyc('/', 'diff', abs, abs).status, 0);
  const explain = envoyc('/', 'explain', abs, '--route', 'httproute/default/api/rule/1/match/0/api_example_com');
  assert.is(explain.status, 0, explain.stderr);
  const match = envoyc('/', 'match', abs, '--host', 'api.example.com', '--path', '/healthz');
  assert.is(match.status, 0, match.stderr);
  assert.match(match.stdout, 'httproute/default/api/rule/1');
});

t.run();
