// The second half of `npm run build`: bundles the command line (dist/compiler/cli/program.js and
// everything it requires) into dist/bundle/envoyc.js with esbuild, compiles examples/ with it, and
// writes V8's code cache of what that compiled beside it (compiler/cli/bundle.ts loads both).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { BUNDLE_DIR, BUNDLE_ID_PREFIX, bundleFiles, loadBundle, type LoadedBundle } from '../../compiler/cli/bundle';

const PROGRAM = join(__dirname, '..', '..', 'compiler', 'cli', 'program.js');
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/**
 * What the cache is trained on: the examples compiled as a user would (a compose stack with its
 * status, policies), so the bytecode of a compile's whole path is in it. Code a run never reaches
 * stays out and compiles on first use.
 */
function trainingRuns(out: string): string[][] {
  return [
    ['compile', join(EXAMPLES, 'quickstart', 'config'), '-o', join(out, 'quickstart.yaml')],
    ['compile', join(EXAMPLES, 'docker-compose', 'gateway'), '-o', join(out, 'compose.yaml'), '--status', join(out, 'status.yaml')],
    ['compile', join(EXAMPLES, 'seeds'), '-o', join(out, 'seeds.yaml')],
  ];
}

/** Runs the training with stderr muted: the examples' warnings are not the build's. */
async function train(bundle: LoadedBundle, runs: string[][]): Promise<void> {
  const write = process.stderr.write;
  process.stderr.write = () => true;
  try {
    for (const argv of runs) {
      await bundle.main(['node', 'envoyc', ...argv]);
      if (process.exitCode) throw new Error(`training run failed: envoyc ${argv.join(' ')}`);
    }
  } finally {
    process.stderr.write = write;
  }
}

/**
 * The script with every character outside ASCII written as a `\\u` escape, so the command line can
 * read it as latin1, several times faster than UTF-8 (compiler/cli/bundle.ts). esbuild already
 * escapes them in strings, regexes and names; what is left is in comments, where an escape is text.
 */
function asciiOnly(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function main(): Promise<void> {
  const built = buildSync({ entryPoints: [PROGRAM], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'warning' });
  const text = asciiOnly(built.outputFiles[0]!.text);
  const id = createHash('sha256').update(text).digest('hex');
  const files = bundleFiles();
  mkdirSync(BUNDLE_DIR, { recursive: true });
  rmSync(files.cache, { force: true });
  writeFileSync(files.script, `${text}${BUNDLE_ID_PREFIX}${id}\n`);

  const bundle = loadBundle(files.script);
  const out = mkdtempSync(join(tmpdir(), 'envoyc-bundle-'));
  try {
    await train(bundle, trainingRuns(out));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  writeFileSync(files.cache, Buffer.concat([Buffer.from(`${id}\n`, 'latin1'), bundle.script.createCachedData()]));
  if (loadBundle(files.script, files.cache).cacheRejected !== false) throw new Error('V8 refused the code cache it just made');
}

main().catch((err: Error) => {
  process.stderr.write(`bundle: ${err.message}\n`);
  process.exitCode = 1;
});
