/**
 * What the review commands read: input paths compiled with `compile()`, or a bootstrap file as it
 * is, or a git revision of an input path (extracted to a temporary directory). Each becomes a
 * `Side`: bootstraps by Envoy name, plus what is known about where their parts came from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { checkFile } from '../6-validate/command';
import { compile, type CompileResult } from '../index';
import { renderDiagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { redact } from '../secrets';
import { readInputs, type Inputs, type ReadOptions, type SourceFile } from '../source';
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
  /** Bootstraps by Envoy name (`<ns>/<gateway>`, `merged`, or a bootstrap's `node.id`), secrets redacted. */
  bootstraps: Map<string, Json>;
  attributor: Attributor;
  compiled?: Compiled;
}

/** Compiles what was read; inputs with errors are a ReviewError (exit 1) carrying the diagnostics. */
function compileRead(paths: string[], inputs: Inputs, opts: CompileOptions): Compiled {
  const { files } = inputs;
  const result = compile(files, opts, inputs.diagnostics);
  if (result.hasErrors) {
    const text = renderDiagnostics(
      result.diagnostics.filter((d) => d.severity === 'error'),
      new Map(files.map((f) => [f.path, f])),
    );
    throw new ReviewError(`${paths.join(' ')} does not compile:\n${text.trimEnd()}`, 1);
  }
  return { files, result, index: new SourceIndex(result, files) };
}

/** The bootstrap a file holds (as opposed to Kubernetes resources), if it holds one. */
function asBootstrap(file: SourceFile): Json | undefined {
  let doc: Json | null;
  try {
    doc = parse(file.text) as Json | null;
  } catch {
    return undefined;
  }
  const isBootstrap =
    !!doc && typeof doc === 'object' && doc.kind === undefined && (doc.static_resources !== undefined || doc.admin !== undefined || doc.node !== undefined);
  return isBootstrap ? doc! : undefined;
}

function bootstrapSide(label: string, b: Json): Side {
  return { label, bootstraps: new Map([[String(b.node?.id ?? 'bootstrap'), redact(b)]]), attributor: metadataAttributor() };
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
  // Secrets redacted for printing, as for a bootstrap file: the sds-* files hold private keys.
  return { label, bootstraps: new Map([[String(b.node?.id ?? 'bootstrap'), redact(b)]]), attributor: metadataAttributor() };
}

function fromCompiled(label: string, c: Compiled): Side {
  // Through JSON, so both sides are plain data with the key order the file would have; secrets redacted for printing.
  const bootstraps = new Map(c.result.outputs.map((o) => [o.name, redact(JSON.parse(JSON.stringify(o.bootstrap)) as Json)]));
  return { label, bootstraps, attributor: compiledAttributor(c.index), compiled: c };
}

/**
 * Input paths compiled, a bootstrap file as it is, or an xDS directory joined. Each path is read
 * once, bounded as compile reads it, so a device or FIFO named as a bootstrap is read once and never
 * without limit.
 */
export function loadSide(paths: string[], cwd: string, opts: CompileOptions, read: ReadOptions = {}, label = paths.join(' ')): Side {
  if (paths.length === 0) throw new ReviewError('no input paths given (files, directories, a bootstrap file, or - for stdin)');
  const xds = paths.length === 1 && paths[0] !== '-' ? findXdsDirectory(resolve(cwd, paths[0]!)) : undefined;
  if (xds) return xdsSide(label, xds);
  const inputs = readInputs(paths, cwd, read);
  const only = paths.length === 1 && inputs.directories.length === 0 && inputs.files.length === 1 ? inputs.files[0] : undefined;
  const bootstrap = only && !inputs.diagnostics.length ? asBootstrap(only) : undefined;
  if (bootstrap) {
    // The views below read a bootstrap as Envoy would: one Envoy rejects is reported, not simulated.
    const errors = checkFile(only!, 'envoy').filter((d) => d.severity === 'error');
    if (errors.length)
      throw new ReviewError(`${label} is not a valid Envoy bootstrap:\n${renderDiagnostics(errors, new Map([[only!.path, only!]])).trimEnd()}`, 1);
    return bootstrapSide(label, bootstrap);
  }
  return fromCompiled(label, compileRead(paths, inputs, opts));
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
export function gitSide(rev: string, path: string, cwd: string, opts: CompileOptions, read: ReadOptions = {}): Side {
  if (isAbsolute(path)) path = relative(cwd, path);
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
    }
    return loadSide([path], tmp, opts, read, `${rev}:${path}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
