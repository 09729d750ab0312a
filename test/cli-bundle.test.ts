/** The command line's bundle (compiler/cli/bundle.ts, tools/bundle): current after a build, the same outputs as the modules, and never stale. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bundleFiles, currentBundle, loadBundle, type LoadedBundle } from '../compiler/cli/bundle';
import { caseNames, GOLDEN_DIR, readOut, ROOT } from './support/golden';
import { scratchDir } from './support/scratch';

const t = suite('cli bundle');
const scratch = scratchDir('envoyc-bundle-test-');

/** Runs the bundle's command line in this process, stderr muted; the exit code it set. */
async function run(bundle: LoadedBundle, ...args: string[]): Promise<number> {
  const write = process.stderr.write;
  process.stderr.write = () => true;
  try {
    await bundle.main(['node', 'envoyc', ...args]);
    return Number(process.exitCode ?? 0);
  } finally {
    process.stderr.write = write;
    process.exitCode = 0;
  }
}

t('npm run build made a bundle newer than the modules, and V8 takes its code cache', () => {
  const bundle = currentBundle();
  assert.ok(bundle, 'dist/bundle/envoyc.js is missing or older than the modules: run npm run build');
  assert.is(bundle.cacheRejected, false);
});

t('the bundle is ASCII only, as the command line reads it (latin1)', () => {
  const bytes = readFileSync(bundleFiles().script);
  const outside = bytes.findIndex((b) => b > 0x7f);
  assert.is(outside, -1, `byte ${outside}: ${bytes.subarray(Math.max(0, outside - 40), outside + 10).toString('utf8')}`);
});

t('the bundle compiles every golden case without options to the golden bootstrap, byte for byte', async () => {
  const bundle = currentBundle()!;
  const cases = caseNames().filter((n) => !existsSync(join(GOLDEN_DIR, n, 'case.json')) && existsSync(join(GOLDEN_DIR, n, 'out', 'bootstrap.yaml')));
  assert.ok(cases.length >= 100, `${cases.length} cases`);
  for (const name of cases) {
    const out = join(scratch, `${name.replace(/\//g, '_')}.yaml`);
    assert.is(await run(bundle, 'compile', join(GOLDEN_DIR, name, 'in'), '-o', out), 0, name);
    assert.fixture(readFileSync(out, 'utf8'), readOut(name, 'bootstrap.yaml'), name);
  }
});

t('a bundle older than the modules is not used: it was made from code that has changed since', () => {
  const newer = join(scratch, 'newer-than-the-bundle');
  writeFileSync(newer, '');
  assert.is(currentBundle(bundleFiles(), newer), undefined);
  assert.is(currentBundle(bundleFiles(scratch)), undefined, 'no bundle at all');
});

t('a code cache made for another build of the bundle is not given to V8; a damaged one is refused, and the bundle still runs', () => {
  const real = bundleFiles();
  // The script stays where the build put it: the paths it takes from __dirname lead from there.
  const files = { script: real.script, cache: join(scratch, 'envoyc.code-cache') };
  const cache = readFileSync(real.cache);
  const idLength = cache.indexOf(10) + 1;
  writeFileSync(files.cache, Buffer.concat([Buffer.from(`${'0'.repeat(idLength - 1)}\n`), cache.subarray(idLength)]));
  assert.is(loadBundle(files.script, files.cache).cacheRejected, undefined);
  // A fresh process: this one has compiled the script already, and V8 would not read a cache for it again.
  writeFileSync(files.cache, Buffer.concat([cache.subarray(0, idLength), Buffer.alloc(1000, 7)]));
  const out = join(scratch, 'damaged.yaml');
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const b = require(${JSON.stringify(join(ROOT, 'dist', 'compiler', 'cli', 'bundle.js'))}).loadBundle(...process.argv.slice(1, 3)); console.log(b.cacheRejected); b.main(['node', 'envoyc', ...process.argv.slice(3)]);`,
      files.script,
      files.cache,
      'compile',
      join(GOLDEN_DIR, caseNames()[0]!, 'in'),
      '-o',
      out,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.is(child.status, 0, child.stderr);
  assert.is(child.stdout.trim(), 'true');
  assert.ok(existsSync(out));
});

t.run();
