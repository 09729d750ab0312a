/**
 * Writes a plan as careful tools do. Regular files: a temporary file in the same directory, created
 * exclusively under an unpredictable name with its final mode, written, flushed, renamed over the
 * target (through symbolic links, which stay). Devices and FIFOs are written in place, stdout as it is.
 * All or nothing: every temporary file is ready and every direct write done before the first
 * rename; on any error, and on SIGINT/SIGTERM/SIGHUP, the temporary files (and directories
 * created for them) are removed and nothing is renamed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { constants as os } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoText } from '../source/errno';
import { resolveTargets, type Protected, type Target } from './targets';
import { bytesOf, isStreamed, OutputError, type OutputPlan, type PlannedFile } from './types';

/** How many names to try when a temporary name is taken (by chance, or by a planted link). */
const TEMP_ATTEMPTS = 16;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Unpredictable temporary names next to `target`, hidden and never named like an input. */
export function* temporaryNames(target: string): Generator<string> {
  for (;;) yield join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.envoyc-tmp`);
}

/** The mode a written file gets: the old file's (at most 0600 for a secret), else 0666 less the umask (0600 for a secret). */
function modeFor(t: Target): { create: number; exact?: number } {
  const secret = t.file.secret === true;
  if (t.kind !== 'replace') return { create: secret ? 0o600 : 0o666 };
  const old = t.stats.mode & 0o777;
  return { create: 0o600, exact: secret ? old & 0o600 : old };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
}

/** A file's content into `fd`; streamed text piece by piece, as it is produced. */
function writeContent(fd: number, content: PlannedFile['content']): void {
  if (isStreamed(content)) content.write((piece) => writeAll(fd, Buffer.from(piece, 'utf8')));
  else writeAll(fd, bytesOf(content));
}

/** Everything created so far, to undo on failure. */
class Staging {
  readonly temps: { temp: string; target: string }[] = [];
  private readonly dirs: string[] = [];

  /** Creates the missing parents of `path` one by one (recursive mkdir spins on some special file systems). */
  makeParents(path: string, secret: boolean): void {
    const missing: string[] = [];
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      try {
        if (statSync(dir).isDirectory()) break;
        throw new OutputError(`cannot write ${path}: ${dir} is not a directory`);
      } catch (err) {
        if (err instanceof OutputError) throw err;
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        missing.unshift(dir);
        if (dirname(dir) === dir) break;
      }
    }
    for (const dir of missing) {
      mkdirSync(dir, { mode: secret ? 0o700 : 0o777 });
      this.dirs.push(dir);
    }
  }

  /** Creates, fills and flushes the temporary file for `t`; `names` is for tests that plant files. */
  writeTemp(t: Extract<Target, { kind: 'create' | 'replace' }>, names: Iterator<string>): void {
    if (t.kind === 'create') this.makeParents(t.path, t.file.secret === true);
    const mode = modeFor(t);
    let fd: number | undefined;
    let temp = '';
    for (let i = 0; i < TEMP_ATTEMPTS && fd === undefined; i++) {
      temp = names.next().value as string;
      try {
        // O_EXCL: a file or link already there (even one planted to redirect us) is never opened.
        fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode.create);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    if (fd === undefined) throw new OutputError(`cannot write ${t.file.path}: no free temporary name in ${dirname(t.path)}`);
    this.temps.push({ temp, target: t.path });
    try {
      if (mode.exact !== undefined) fchmodSync(fd, mode.exact);
      // As root, a replaced file keeps its owner (a deploy user's file stays theirs).
      if (t.kind === 'replace' && process.getuid?.() === 0) fchownSync(fd, t.stats.uid, t.stats.gid);
      writeContent(fd, t.file.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Everything is in place: nothing left to undo. */
  done(): void {
    this.temps.length = 0;
    this.dirs.length = 0;
  }

  /** Removes every temporary file and every directory made for one. */
  undo(): void {
    for (const { temp } of this.temps.splice(0))
      try {
        unlinkSync(temp);
      } catch {
        // Already renamed or removed.
      }
    for (const dir of this.dirs.splice(0).reverse())
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else was put there meanwhile; leave it.
      }
  }
}

/** Opens a device or FIFO without blocking the event loop (a FIFO with no reader yet is retried), so signals still work. */
async function openDirect(path: string): Promise<number> {
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
      await sleep(25);
    }
  }
}

async function writeDirect(path: string, content: PlannedFile['content']): Promise<void> {
  const fd = await openDirect(path);
  try {
    const bytes = bytesOf(content);
    for (let off = 0; off < bytes.length;) {
      try {
        off += writeSync(fd, bytes, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await sleep(5);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function writeStdout(content: PlannedFile['content']): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytesOf(content), (err) => (err ? reject(err) : resolve())));
}

/** Flushes each directory that got a new name, so the renames survive a crash (best effort: not every file system can). */
function syncDirectories(paths: string[]): void {
  for (const dir of new Set(paths.map((p) => dirname(p))))
    try {
      const fd = openSync(dir, constants.O_RDONLY);
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Durability only; the files are in place.
    }
}

/** While staging, a signal removes what was staged and ends the process as the signal would. */
function onSignals(undo: () => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    undo();
    process.exit(128 + (os.signals[signal] ?? 0));
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}

function describe(err: unknown, t: Target | undefined): OutputError {
  if (err instanceof OutputError) return err;
  const what = t === undefined ? 'the outputs' : t.kind === 'stdout' ? 'stdout' : t.file.path;
  return new OutputError(`cannot write ${what}: ${errnoText(err)}`);
}

export interface CommitOptions {
  cwd: string;
  /** The run's inputs, which no output may name. */
  inputs: Protected;
  /** Temporary names per target (tests plant links at them); default: unpredictable names. */
  temporaryNames?: (target: string) => Iterator<string>;
}

/** Writes every file of `plan`, all or nothing, then removes `plan.remove`. Throws OutputError. */
export async function commit(plan: OutputPlan, opts: CommitOptions): Promise<void> {
  const targets = resolveTargets(plan.files, opts.cwd, opts.inputs);
  const staging = new Staging();
  const release = onSignals(() => staging.undo());
  let current: Target | undefined;
  try {
    for (const t of targets) {
      current = t;
      if (t.kind === 'create' || t.kind === 'replace') staging.writeTemp(t, (opts.temporaryNames ?? temporaryNames)(t.path));
    }
    for (const t of targets) {
      current = t;
      if (t.kind === 'direct') await writeDirect(t.path, t.file.content);
      else if (t.kind === 'stdout') await writeStdout(t.file.content);
    }
    current = undefined;
    // Only renames from here: quick, and back to back.
    for (const { temp, target } of staging.temps) renameSync(temp, target);
    syncDirectories(staging.temps.map((s) => s.target));
    staging.done();
    for (const stale of plan.remove)
      try {
        unlinkSync(resolve(opts.cwd, stale));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
  } catch (err) {
    staging.undo();
    throw describe(err, current);
  } finally {
    release();
  }
}
