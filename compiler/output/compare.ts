import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoText } from '../source/errno';
import { resolveTargets, type Protected } from './targets';
import { bytesOf, OutputError, type OutputPlan, type PlannedFile } from './types';

/** Bytes beyond twice the expected size still read to summarize a change. */
const SUMMARY_SLACK = 1 << 20;

/** How one planned file compares with the disk. */
export type Comparison =
  | { file: PlannedFile; state: 'same' }
  | { file: PlannedFile; state: 'missing' }
  /** `disk`: what the file holds, when it is small enough to summarize. */
  | { file: PlannedFile; state: 'different'; disk?: string }
  /** A file envoyc generated that no run produces any more. */
  | { path: string; state: 'stale' };

/** The file's bytes if it holds at most `limit`; undefined when it is longer. */
function readAtMost(path: string, limit: number): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(limit + 1);
    let n = 0;
    for (let r = 1; r > 0 && n <= limit; n += r) r = readSync(fd, buf, n, limit + 1 - n, null);
    return n > limit ? undefined : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Compares a plan with the disk without writing anything (`--check`). Only regular files can be
 * compared: stdout, devices and FIFOs are an OutputError, as are outputs that name inputs.
 */
export function comparePlan(plan: OutputPlan, cwd: string, inputs: Protected): Comparison[] {
  const out: Comparison[] = [];
  for (const t of resolveTargets(plan.files, cwd, inputs)) {
    if (t.kind === 'stdout' || t.kind === 'direct')
      throw new OutputError(`--check compares files: ${t.file.path} is ${t.kind === 'stdout' ? 'stdout' : 'a device or FIFO'} (pass -o FILE or -o DIR/)`);
    if (t.kind === 'create') {
      out.push({ file: t.file, state: 'missing' });
      continue;
    }
    const want = Buffer.from(bytesOf(t.file.content));
    let disk: Buffer | undefined;
    try {
      // Read enough to summarize a change; a file far larger than expected differs, whatever it holds.
      disk = readAtMost(t.path, want.length * 2 + SUMMARY_SLACK);
    } catch (err) {
      throw new OutputError(`cannot read ${t.file.path}: ${errnoText(err)}`);
    }
    if (disk?.equals(want)) out.push({ file: t.file, state: 'same' });
    else out.push(disk ? { file: t.file, state: 'different', disk: disk.toString('utf8') } : { file: t.file, state: 'different' });
  }
  for (const path of plan.remove) out.push({ path, state: 'stale' });
  return out;
}

/** True when the regular file at `path` holds exactly `want`, with no wider mode than a secret may have. */
function holdsAlready(path: string, want: Buffer, secret: boolean): boolean {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size !== want.length || (secret && (st.mode & 0o077) !== 0)) return false;
    return readAtMost(path, want.length)?.equals(want) === true;
  } catch {
    return false;
  }
}

/**
 * `plan` without the files that already hold exactly what it would write: a running Envoy watching
 * a directory reloads on every file moved into it, so an update moves only what changed.
 */
export function withoutUnchanged(plan: OutputPlan, cwd: string): OutputPlan {
  const changed = plan.files.filter((f) => {
    if (f.path === '-') return true;
    const want = Buffer.from(bytesOf(f.content));
    return !holdsAlready(resolve(cwd, f.path), want, f.secret === true);
  });
  return { files: changed, remove: plan.remove };
}
