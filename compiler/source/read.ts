import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import * as d from '../diagnostics/codes';
import { errnoText } from './errno';
import { MAX_NESTING, tooDeepAt } from './nesting';
import { lineCol, type SourceFile } from './source-file';
import { decodeUtf8 } from './utf8';

const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** We chose 256 MiB per input: ten times the largest real config we know of, far below V8's string limit. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A problem with an input path itself (missing, unreadable, too large): one line, exit 2. */
export class InputError extends Error {}

/** An input's identity on disk, so an output can never overwrite it. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** What a run read: the files, problems found while reading them, and where they live. */
export interface Inputs {
  files: SourceFile[];
  /** Entries skipped (not regular files) and files that are not UTF-8. */
  diagnostics: Diagnostic[];
  /** Every file read, as device and inode. */
  identities: FileIdentity[];
  /** Real paths of the directories read recursively. */
  directories: string[];
}

export interface ReadOptions {
  /** Bytes per input; more is an InputError (`--max-input-size`). */
  maxBytes?: number;
  /** Reads `-`; the default reads file descriptor 0, bounded like any input. */
  stdin?: () => string;
}

/** A path as diagnostics show it: relative to `cwd` when it is inside it (else absolute), with `/` separators. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel).split(sep).join('/');
}

export function isInputName(name: string): boolean {
  return INPUT_EXTENSIONS.some((e) => name.endsWith(e));
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return st.isDirectory() ? 'a directory' : 'not a regular file';
}

/** Formats a byte count for messages: `256 MiB`, `1.5 GiB`, `900 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  return `${n} bytes`;
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `--max-input-size`: bytes, or with a unit (`512MiB`, `2G`; K, M and G count in 1024s). Undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const n = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Blocks the thread briefly (a non-blocking stdin said "try again"); reading is synchronous by design. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads at most `maxBytes` from `fd`: a device such as /dev/zero, a pipe or stdin stops at the
 * limit instead of growing memory without bound.
 */
function readBounded(fd: number, display: string, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(10);
        continue;
      }
      throw new InputError(`${display}: ${errnoText(err)}`);
    }
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) throw tooLarge(display, `more than ${formatBytes(maxBytes)}`, maxBytes);
  }
}

function tooLarge(display: string, size: string, maxBytes: number): InputError {
  return new InputError(`${display}: ${size} is over the input size limit of ${formatBytes(maxBytes)} (raise it with --max-input-size)`);
}

class Reader {
  readonly inputs: Inputs = { files: [], diagnostics: [], identities: [], directories: [] };
  private readonly maxBytes: number;

  constructor(
    private readonly cwd: string,
    private readonly opts: ReadOptions,
  ) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  }

  /** One path from the command line: a directory is walked, anything else is read as it is (a FIFO too). */
  path(p: string): void {
    if (p === '-') return this.stdin();
    const full = resolve(this.cwd, p);
    let st: Stats;
    try {
      st = statSync(full);
    } catch (err) {
      throw new InputError(`${p}: ${errnoText(err)}`);
    }
    if (st.isDirectory()) {
      this.inputs.directories.push(realpathSync(full));
      this.walk(full);
    } else this.file(full, displayPath(full, this.cwd), false);
  }

  private stdin(): void {
    const text = this.opts.stdin ? this.opts.stdin() : undefined;
    if (text !== undefined) {
      if (text.length > this.maxBytes) throw tooLarge('<stdin>', formatBytes(text.length), this.maxBytes);
      this.inputs.files.push({ path: '<stdin>', text });
      return;
    }
    this.add('<stdin>', readBounded(0, '<stdin>', this.maxBytes));
  }

  /**
   * Reads one file. Inside a directory (`walked`), only regular files are read: the file is
   * opened without blocking and checked again once open, so a FIFO swapped in meanwhile cannot hang the run.
   */
  private file(full: string, display: string, walked: boolean): void {
    let fd: number;
    try {
      fd = openSync(full, constants.O_RDONLY | (walked ? constants.O_NONBLOCK : 0));
    } catch (err) {
      throw new InputError(`${display}: ${errnoText(err)}`);
    }
    try {
      const st = fstatSync(fd);
      if (walked && !st.isFile()) return this.skip(display, `${kindOf(st)}, not a regular file`);
      if (st.isDirectory()) throw new InputError(`${display}: is a directory`);
      if (st.isFile() && st.size > this.maxBytes) throw tooLarge(display, formatBytes(st.size), this.maxBytes);
      this.inputs.identities.push({ dev: st.dev, ino: st.ino });
      // A regular file is read at its size in one go; anything else (or /proc's size-0 files) in bounded chunks.
      this.add(display, st.isFile() && st.size > 0 ? readFileSync(fd) : readBounded(fd, display, this.maxBytes));
    } finally {
      closeSync(fd);
    }
  }

  private add(display: string, bytes: Buffer): void {
    const { text, invalidAt } = decodeUtf8(bytes);
    const deep = tooDeepAt(text);
    if (deep !== undefined) {
      const { line, col } = lineCol({ path: display, text }, deep);
      throw new InputError(`${display}(${line},${col}): nested more than ${MAX_NESTING} levels deep: envoyc does not read such input`);
    }
    const file: SourceFile = { path: display, text };
    this.inputs.files.push(file);
    if (invalidAt) this.inputs.diagnostics.push(d.inputInvalidUtf8({ file: display, start: invalidAt.offset, end: invalidAt.offset + 1 }, invalidAt.byte));
  }

  private skip(display: string, why: string): void {
    this.inputs.diagnostics.push(d.inputSkipped(display, why));
  }

  /** Directories recursively, in name order; entries named like inputs that are not regular files are skipped with a warning. */
  private walk(dir: string): void {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (err) {
      throw new InputError(`${displayPath(dir, this.cwd)}: ${errnoText(err)}`);
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const display = displayPath(full, this.cwd);
      if (entry.isDirectory()) this.walk(full);
      else if (entry.isSymbolicLink()) this.link(full, display, entry.name);
      else if (!isInputName(entry.name)) continue;
      else if (entry.isFile()) this.file(full, display, true);
      else this.skip(display, `${entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : 'a device'}, not a regular file`);
    }
  }

  /** A symbolic link inside a directory: read when it leads to a regular input file; never followed into a directory. */
  private link(full: string, display: string, name: string): void {
    let st: Stats;
    try {
      st = statSync(full);
    } catch {
      if (isInputName(name)) this.skip(display, 'a symbolic link to nothing');
      return;
    }
    if (st.isDirectory()) this.skip(display, 'a symbolic link to a directory, not followed (name the directory itself to read it)');
    else if (!isInputName(name)) return;
    else if (st.isFile()) this.file(full, display, true);
    else this.skip(display, `a symbolic link to ${kindOf(st)}, not a regular file`);
  }
}

/**
 * Reads input paths: files as they are, directories recursively (`*.yaml`, `*.yml`, `*.json`),
 * `-` as stdin. Each input is bounded by `maxBytes`. A path that cannot be read is an InputError;
 * skipped entries and invalid UTF-8 are diagnostics.
 */
export function readInputs(paths: string[], cwd: string, opts: ReadOptions = {}): Inputs {
  const reader = new Reader(cwd, opts);
  for (const p of paths) reader.path(p);
  return reader.inputs;
}

/** The files alone, for tests and tools that read trees they made; stdin is `stdin()`. */
export function readSources(paths: string[], cwd: string, stdin: () => string): SourceFile[] {
  return readInputs(paths, cwd, { stdin }).files;
}
