/**
 * What each planned path is on disk, decided before anything is written: a new file, a regular
 * file to replace (through any symbolic links, which stay), a device or FIFO to write directly,
 * or stdout. Directories, sockets, inputs and two outputs on one file are refused.
 */
import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { errnoText } from '../source/errno';
import { isInputName, type FileIdentity } from '../source/read';
import { OutputError, type PlannedFile } from './types';

export type Target =
  /** Created through a temporary file; `path` is where (a dangling link's destination included). */
  | { kind: 'create'; file: PlannedFile; path: string }
  /** A regular file replaced through a temporary file; its mode and owner are kept. */
  | { kind: 'replace'; file: PlannedFile; path: string; stats: Stats }
  /** A character or block device, or a FIFO: written in place, never replaced. */
  | { kind: 'direct'; file: PlannedFile; path: string; stats: Stats }
  | { kind: 'stdout'; file: PlannedFile };

/** What the outputs must not touch: the inputs of the run. */
export interface Protected {
  identities: FileIdentity[];
  /** Real paths of input directories: a file written there would be read as an input next time. */
  directories: string[];
}

const MAX_LINKS = 40;

/** Where a dangling symbolic link leads: the file to create, so the link stays and points at it. */
function danglingDestination(path: string, display: string): string {
  let p = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw new OutputError(`${display}: ${errnoText({ code: 'ELOOP' })}`);
}

function resolveOne(file: PlannedFile, cwd: string): Target {
  if (file.path === '-') return { kind: 'stdout', file };
  const full = resolve(cwd, file.path);
  let st: Stats;
  try {
    st = statSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'create', file, path: danglingDestination(full, file.path) };
    throw new OutputError(`cannot write ${file.path}: ${errnoText(err)}`);
  }
  if (st.isFile()) return { kind: 'replace', file, path: realpathSync.native(full), stats: st };
  if (st.isCharacterDevice() || st.isBlockDevice() || st.isFIFO()) return { kind: 'direct', file, path: full, stats: st };
  if (st.isDirectory()) throw new OutputError(`cannot write ${file.path}: it is a directory`);
  throw new OutputError(`cannot write ${file.path}: it is a socket (envoyc writes files, devices and FIFOs)`);
}

/** The real directory a new file would land in, as far as it exists. */
function realParent(path: string): string {
  let dir = dirname(path);
  for (;;) {
    try {
      return realpathSync.native(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

function checkNotInput(t: Target, inputs: Protected): void {
  if (t.kind === 'stdout') return;
  if (t.kind !== 'create' && inputs.identities.some((i) => i.dev === t.stats.dev && i.ino === t.stats.ino))
    throw new OutputError(`${t.file.path} is one of the inputs: envoyc never overwrites its inputs (write the output elsewhere)`);
  if (t.kind === 'direct' || !isInputName(basename(t.path))) return;
  const parent = t.kind === 'create' ? realParent(t.path) : dirname(t.path);
  const dir = inputs.directories.find((d) => parent === d || parent.startsWith(d + sep));
  if (dir) throw new OutputError(`${t.file.path} is inside the input directory ${dir}: the next run would read it as an input (write it outside the inputs)`);
}

function identity(t: Target): string | undefined {
  if (t.kind === 'stdout') return '-';
  return t.kind === 'create' ? t.path : `${t.stats.dev}:${t.stats.ino}`;
}

/** Resolves every planned file; refuses inputs, directories, sockets and two outputs on the same file. */
export function resolveTargets(files: PlannedFile[], cwd: string, inputs: Protected): Target[] {
  const seen = new Map<string, string>();
  return files.map((f) => {
    const t = resolveOne(f, cwd);
    checkNotInput(t, inputs);
    const id = identity(t)!;
    const other = seen.get(id);
    if (other !== undefined) throw new OutputError(`${other} and ${f.path} are the same file: each output needs its own`);
    seen.set(id, f.path);
    return t;
  });
}
