import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * The command line as one script with V8's code cache beside it, made by `npm run build`
 * (tools/bundle). Node 20 resolves and compiles each of envoyc's ~520 modules on every start; one
 * script whose bytecode comes from the cache starts a 100-route compile about a quarter sooner
 * (README, Performance). Node 22's module compile cache would do this for the modules; Node 20 has
 * none.
 *
 * The folder sits two levels under the package, as dist/proto/ does, so the paths the bundled
 * modules take from `__dirname` (proto/envoy-api.ts) lead where they do unbundled.
 */
export const BUNDLE_DIR = path.join(__dirname, '..', '..', 'bundle');

export interface BundleFiles {
  /** The bundled script; its last line is `BUNDLE_ID_PREFIX` and the script's SHA-256. */
  script: string;
  /** That id and a newline, then V8's code cache for the script. */
  cache: string;
}

export const BUNDLE_ID_PREFIX = '//# envoyc-bundle ';

export function bundleFiles(dir: string = BUNDLE_DIR): BundleFiles {
  return { script: path.join(dir, 'envoyc.js'), cache: path.join(dir, 'envoyc.code-cache') };
}

export interface LoadedBundle {
  /** compiler/cli/program.ts's `main`, from the bundle. */
  main(argv: string[]): Promise<void>;
  /** For tools/bundle, which writes the code cache after a training run. */
  script: vm.Script;
  /** The script's id (its last line). */
  id: string;
  /** Whether V8 refused the cache it was given (another Node, other V8 flags); undefined without one. */
  cacheRejected: boolean | undefined;
}

/** Runs the bundle as a CommonJS module, with the code cache when one is given and made for this very script. */
export function loadBundle(file: string, cacheFile?: string): LoadedBundle {
  // tools/bundle writes ASCII only: latin1 reads it to the same string, without UTF-8's decoding.
  const source = readFileSync(file, 'latin1');
  const id = source.slice(source.lastIndexOf(BUNDLE_ID_PREFIX) + BUNDLE_ID_PREFIX.length).trim();
  const cachedData = cacheFile === undefined ? undefined : cacheFor(cacheFile, id);
  // V8 checks a cache against the source's length only: the id keeps a cache from another build of the same length out.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as { main?: LoadedBundle['main'] } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${file} is not envoyc's bundle (no main)`);
  return { main, script, id, cacheRejected: cachedData ? script.cachedDataRejected : undefined };
}

function cacheFor(cacheFile: string, id: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const header = `${id}\n`;
  return bytes.subarray(0, header.length).toString('latin1') === header ? bytes.subarray(header.length) : undefined;
}

/**
 * The bundle, when `npm run build` made it after the last tsc run, else undefined. tsc rewrites
 * every file it emits, this one among them, so a bundle older than this file was made from modules
 * that have changed since: it would run old code.
 */
export function currentBundle(files: BundleFiles = bundleFiles(), builtAfter: string = __filename): LoadedBundle | undefined {
  let made: number;
  try {
    made = statSync(files.script).mtimeMs;
  } catch {
    return undefined;
  }
  return made >= statSync(builtAfter).mtimeMs ? loadBundle(files.script, files.cache) : undefined;
}
