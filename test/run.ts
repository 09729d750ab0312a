/**
 * The test runner behind `npm test` (which runs tsc first): every compiled `dist/test/**\/*.test.js`
 * whose source `test/**\/*.test.ts` still exists (tsc never deletes the output of a removed test),
 * run by uvu in worker processes, `TEST_JOBS` at a time (default: the core count), each file's
 * report printed whole when it finishes, and one summary in uvu's format at the end.
 *
 *   npm test                    everything
 *   npm test -- e2e golden      only test files whose path contains one of the words
 *   FILTER=btp- npm test        golden cases matching (read by test/golden.test.ts)
 *   TEST_JOBS=1 npm test        one file at a time
 *
 * Workers pay off because most of the suite waits: on real Envoy, health checks, timeouts, child
 * processes. Files under `e2e/` start first (the longest waits); the others follow in path order.
 * Every file picks its ports at run time and works in its own temporary directories, so files
 * never share state.
 *
 * Failures uvu would not count are turned into failed tests, so the exit code and the
 * Total/Passed summary (`.ci/run` reads it: failed = Total - Passed) always agree:
 * a test file that throws while loading, a file that never calls `test.run()`, a suite whose
 * `before` hook threw (uvu drops that error; its tests then show as not passed), and a worker
 * that dies while running a file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';

type SuiteRun = () => Promise<[string | true, number, number, number]>;
type Group = [string | null, ...SuiteRun[]];
declare global {
  // uvu's own globals (uvu/run sets them the same way)
  var UVU_DEFER: number;
  var UVU_QUEUE: Group[];
  var UVU_INDEX: number;
}

/** Whole-run limit: a hung test fails the run instead of hanging CI. */
const RUN_TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 15 * 60_000);
/** How many files run at once: the core count (the machines we run on have 2). */
const JOBS = Math.max(1, Number(process.env.TEST_JOBS ?? availableParallelism()));

const root = join(__dirname, '..', '..');
const srcTests = join(root, 'test');
const distTests = join(__dirname);

/** One file's outcome, as a worker reports it. */
interface FileReport {
  rel: string;
  output: string;
  total: number;
  passed: number;
  skipped: number;
  failed: boolean;
}

type ToWorker = { file: string } | { done: true };

function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...testSources(path));
    else if (e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The files to run, in start order: `e2e/` first, then path order. */
function selectFiles(words: string[]): string[] {
  const rels = testSources(srcTests)
    .map((src) => relative(srcTests, src).split(sep).join('/'))
    .filter((rel) => words.length === 0 || words.some((w) => rel.includes(w)))
    .sort();
  return [...rels.filter((r) => r.startsWith('e2e/')), ...rels.filter((r) => !r.startsWith('e2e/'))];
}

/** In a worker: runs one file's suites with uvu and returns its report; stdout is captured meanwhile. */
async function runFile(rel: string): Promise<FileReport> {
  const uvu = require('uvu') as typeof import('uvu');
  const report: FileReport = { rel, output: '', total: 0, passed: 0, skipped: 0, failed: false };
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    report.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    const group: Group = [`test/${rel}`];
    globalThis.UVU_QUEUE = [group];
    globalThis.UVU_INDEX = 0;
    const failWith = (name: string, err: unknown) => {
      const s = uvu.suite(`test/${rel}`);
      s(name, () => {
        throw err;
      });
      s.run();
    };
    const compiled = join(distTests, rel.replace(/\.ts$/, '.js'));
    try {
      if (!existsSync(compiled)) throw new Error(`${compiled} is missing: did tsc run?`);
      require(compiled);
      if (group.length === 1) failWith('registers tests', new Error('no suite ran: missing test.run()?'));
    } catch (err) {
      group.length = 1;
      failWith('loads', err);
    }
    for (const run of group.slice(1) as SuiteRun[]) {
      const [errors, passed, skipped, total] = await run();
      report.total += total;
      report.passed += passed;
      report.skipped += skipped;
      if (errors !== true && errors.length > 0) {
        report.failed = true;
        report.output += `\n${errors}\n`;
      }
      if (errors === true && passed < total) {
        report.failed = true;
        report.output += `\n  ${total - passed} test(s) in test/${rel} did not run: a before hook threw (uvu hides the error)\n`;
      }
    }
  } finally {
    process.stdout.write = write;
  }
  return report;
}

/** Worker side: runs the files the parent sends, one at a time, and exits when told (left handles or not). */
function worker(): void {
  globalThis.UVU_DEFER = 1;
  process.on('message', (msg: ToWorker) => {
    if ('done' in msg) process.exit(0);
    void runFile(msg.file).then((r) => process.send!(r));
  });
}

/** Parent side: hands files to `JOBS` workers, prints each file's report as it comes, then the summary. */
async function parent(files: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const queue = [...files];
  const running = new Map<ChildProcess, string>();
  let total = 0;
  let passed = 0;
  let skipped = 0;
  let failed = false;

  const print = (r: FileReport) => {
    process.stdout.write(`\ntest/${r.rel}\n${r.output}`);
    total += r.total;
    passed += r.passed;
    skipped += r.skipped;
    failed ||= r.failed;
  };

  await new Promise<void>((allDone) => {
    const next = (child: ChildProcess) => {
      const file = queue.shift();
      if (file === undefined) {
        running.delete(child);
        child.send({ done: true } satisfies ToWorker);
        if (running.size === 0) allDone();
        return;
      }
      running.set(child, file);
      child.send({ file } satisfies ToWorker);
    };
    const start = () => {
      const child = fork(__filename, ['--worker'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
      });
      child.on('message', (r: FileReport) => {
        print(r);
        next(child);
      });
      child.on('exit', (code, signal) => {
        const file = running.get(child);
        if (file === undefined) return;
        running.delete(child);
        // The file's captured report died with the worker: count one failed test in its place.
        print({
          rel: file,
          output: `  FAIL  the worker running this file exited (${signal ?? `code ${code}`}) before it finished; its stderr is above\n`,
          total: 1,
          passed: 0,
          skipped: 0,
          failed: true,
        });
        if (queue.length > 0) next(start());
        else if (running.size === 0) allDone();
      });
      return child;
    };
    for (let i = 0; i < Math.min(JOBS, queue.length); i++) next(start());
    if (queue.length === 0 && running.size === 0) allDone();

    setTimeout(() => {
      console.error(`\nTest run exceeded ${RUN_TIMEOUT_MS / 1000} s (still running: ${[...running.values()].map((f) => `test/${f}`).join(', ') || 'none'})`);
      for (const child of running.keys()) child.kill('SIGKILL');
      process.exit(1);
    }, RUN_TIMEOUT_MS).unref();
  });

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  ${ms.toFixed(2)}ms\n\n`);
  return failed || passed < total ? 1 : 0;
}

if (process.argv.includes('--worker')) worker();
else
  parent(selectFiles(process.argv.slice(2))).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
