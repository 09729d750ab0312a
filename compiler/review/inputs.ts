/**
 * What the review commands read: input paths compiled with `compile()`, or a bootstrap file as it
 * is, or a git revision of an input path (extracted to a temporary directory). Each becomes a
 * `Side`: bootstraps by Envoy name, plus what is known about where their parts came from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { compile, type CompileResult } from '../index';
import { renderDiagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { readSources, type SourceFile } from '../source';
import { compiledAttributor, metadataAttributor, type Attributor } from './attribution';
import type { Json } from './bootstrap-view';
import { SourceIndex } from './sources';
import type { XdsRead } from '../xds/join';
import { findXdsDirectory, readXdsDirectory, type XdsLocation } from '../xds/read';

/** A problem with what the user asked for: printed as `envoyc: …`, exit 2 (or `exitCode`). */
export class ReviewError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface Compiled {
  files: SourceFile[];
  result: CompileResult;
  index: SourceIndex;
}

export interface Side {
  label: string;
  /** Bootstraps by Envoy name (`<ns>/<gateway>`, `merged`, or a bootstrap's `node.id`). */
  bootstraps: Map<string, Json>;
  attributor: Attributor;
  compiled?: Compiled;
}

/** Compiles input paths; inputs with errors are a ReviewError (exit 1) carrying the diagnostics. */
export function compileInputs(paths: string[], cwd: string, opts: CompileOptions): Compiled {
  const files = readSources(paths, cwd, () => readFileSync(0, 'utf8'));
  const result = compile(files, opts);
  if (result.hasErrors) {
    const text = renderDiagnostics(
      result.diagnostics.filter((d) => d.severity === 'error'),
      new Map(files.map((f) => [f.path, f])),
    );
    throw new ReviewError(`${paths.join(' ')} does not compile:\n${text.trimEnd()}`, 1);
  }
  return { files, result, index: new SourceIndex(result, files) };
}

/** True for a file holding an Envoy bootstrap (as opposed to Kubernetes resources). */
export function isBootstrapFile(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return false;
    const doc = parse(readFileSync(path, 'utf8')) as Json | null;
    return (
      !!doc && typeof doc === 'object' && doc.kind === undefined && (doc.static_resources !== undefined || doc.admin !== undefined || doc.node !== undefined)
    );
  } catch {
    return false;
  }
}

export function readBootstrap(path: string): Json {
  return parse(readFileSync(path, 'utf8')) as Json;
}

/** A file of an xDS directory, parsed; YAML errors are the user's to fix, not a partial view. */
function readXdsFile(path: string): XdsRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'missing';
  }
  try {
    return { value: parse(text) };
  } catch (err) {
    throw new ReviewError(`${path}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, 1);
  }
}

/** An xDS directory (`compile --xds-dir`) read as the one bootstrap it amounts to. */
function xdsSide(label: string, at: XdsLocation): Side {
  const joined = readXdsDirectory(at, readXdsFile);
  if (joined.problems.length) {
    const list = joined.problems.map((p) => `  ${join(at.dir, p.file)}: ${p.path.join('.')}: ${p.message}`).join('\n');
    throw new ReviewError(`${label} is not a complete xDS directory:\n${list}`, 1);
  }
  const b = joined.bootstrap;
  return { label, bootstraps: new Map([[String(b.node?.id ?? 'bootstrap'), b]]), attributor: metadataAttributor() };
}

function fromCompiled(label: string, c: Compiled): Side {
  // Through JSON, so both sides are plain data with the key order the file would have.
  const bootstraps = new Map(c.result.outputs.map((o) => [o.name, JSON.parse(JSON.stringify(o.bootstrap)) as Json]));
  return { label, bootstraps, attributor: compiledAttributor(c.index), compiled: c };
}

/** A bootstrap file as it is, an xDS directory joined, or input paths compiled. */
export function loadSide(paths: string[], cwd: string, opts: CompileOptions): Side {
  const xds = paths.length === 1 ? findXdsDirectory(resolve(cwd, paths[0]!)) : undefined;
  if (xds) return xdsSide(paths[0]!, xds);
  if (paths.length === 1 && isBootstrapFile(join(cwd, paths[0]!))) {
    const b = readBootstrap(join(cwd, paths[0]!));
    return { label: paths[0]!, bootstraps: new Map([[String(b.node?.id ?? 'bootstrap'), b]]), attributor: metadataAttributor() };
  }
  return fromCompiled(paths.join(' '), compileInputs(paths, cwd, opts));
}

function git(cwd: string, args: string[]): Buffer {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (err) {
    const msg = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
    throw new ReviewError(`git ${args.join(' ')}: ${msg}`);
  }
}

/**
 * `path` as it was at `rev`, compiled. The tree is extracted under a temporary directory at the
 * same relative path, so file:line in messages read as in the working tree.
 */
export function gitSide(rev: string, path: string, cwd: string, opts: CompileOptions): Side {
  const spec = `${rev}:./${path.replace(/^\.\//, '').replace(/\/$/, '')}`;
  const type = git(cwd, ['cat-file', '-t', spec]).toString().trim();
  const tmp = mkdtempSync(join(tmpdir(), 'envoyc-diff-'));
  try {
    const target = join(tmp, path);
    if (type === 'tree') {
      mkdirSync(target, { recursive: true });
      const tar = git(cwd, ['archive', '--format=tar', spec]);
      execFileSync('tar', ['-x', '-C', target], { input: tar });
      const xds = findXdsDirectory(target);
      if (xds) return xdsSide(`${rev}:${path}`, xds);
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(cwd, ['show', spec]));
      if (isBootstrapFile(target)) {
        const b = readBootstrap(target);
        return { label: `${rev}:${path}`, bootstraps: new Map([[String(b.node?.id ?? 'bootstrap'), b]]), attributor: metadataAttributor() };
      }
    }
    const side = fromCompiled(`${rev}:${path}`, compileInputs([path], tmp, opts));
    return { ...side, label: `${rev}:${path}` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
