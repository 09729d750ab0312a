/**
 * The test runner behind `npm test` (which runs tsc first): every compiled `dist/test/**\/*.test.js`
 * whose source `test/**\/*.test.ts` still exists (tsc never deletes the output of a removed test),
 * run by uvu in one process, in path order, with uvu's usual report and summary.
 *
 *   npm test                    everything
 *   npm test -- e2e golden      only test files whose path contains one of the words
 *   FILTER=btp- npm test        golden cases matching (read by test/golden.test.ts)
 *
 * Failures uvu would not count are turned into failed tests, so the exit code and the
 * Total/Passed summary (`.ci/run` reads it: failed = Total - Passed) always agree:
 * a test file that throws while loading, a file that never calls `test.run()`, and a suite whose
 * `before` hook threw (uvu drops that error; its tests then show as not passed).
 */
import { existsSync, readdirSync } from 'node:fs';
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

const root = join(__dirname, '..', '..');
const srcTests = join(root, 'test');
const distTests = join(__dirname);

function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...testSources(path));
    else if (e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

async function main(): Promise<void> {
  const words = process.argv.slice(2);
  const files = testSources(srcTests)
    .map((src) => relative(srcTests, src).split(sep).join('/'))
    .filter((rel) => words.length === 0 || words.some((w) => rel.includes(w)))
    .sort();

  globalThis.UVU_DEFER = 1;
  // Must load after UVU_DEFER is set: uvu then queues suites instead of running them at once.
  const uvu = require('uvu') as typeof import('uvu') & { exec(bail?: boolean): Promise<void> };
  let current = '';
  let notRun = 0;

  files.forEach((rel, idx) => {
    globalThis.UVU_QUEUE.push([`test/${rel}`]);
    globalThis.UVU_INDEX = idx;
    const compiled = join(distTests, rel.replace(/\.ts$/, '.js'));
    const failWith = (name: string, err: unknown) => {
      const s = uvu.suite(`test/${rel}`);
      s(name, () => {
        throw err;
      });
      s.run();
    };
    try {
      if (!existsSync(compiled)) throw new Error(`${compiled} is missing: did tsc run?`);
      require(compiled);
    } catch (err) {
      failWith('loads', err);
      return;
    }
    const group = globalThis.UVU_QUEUE[idx]!;
    if (group.length === 1) failWith('registers tests', new Error('no suite ran: missing test.run()?'));
    for (let i = 1; i < group.length; i++) {
      const run = group[i] as SuiteRun;
      group[i] = async () => {
        current = `test/${rel}`;
        const result = await run();
        const [errors, passed, , total] = result;
        if (errors === true && passed < total) {
          notRun += total - passed;
          process.stdout.write(`\n  ${total - passed} test(s) in test/${rel} did not run: a before hook threw (uvu hides the error)\n`);
        }
        return result;
      };
    }
  });

  const watchdog = setTimeout(() => {
    console.error(`\nTest run exceeded ${RUN_TIMEOUT_MS / 1000} s (last file started: ${current || 'none'})`);
    process.exit(1);
  }, RUN_TIMEOUT_MS);
  watchdog.unref();

  await uvu.exec();
  if (notRun > 0) process.exitCode = 1;
  // A test that left a server or process open would keep the run alive forever: stop waiting.
  setTimeout(() => {
    console.error('Tests finished but left handles open (a server or child process?): exiting.');
    process.exit(process.exitCode ?? 0);
  }, 5_000).unref();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
