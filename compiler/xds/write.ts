/**
 * Writing an xDS directory that a running Envoy watches. Each file is written beside its final
 * name and moved into place, so Envoy only ever reads whole files (its file subscriptions reload
 * on a move into the watched directory). The files are moved in an order that never leaves Envoy
 * holding a reference to something absent: secrets, then clusters (old and new together), then
 * route configurations, then listeners and the bootstrap ("make"); only then are the clusters no
 * longer used dropped and the files no longer referenced removed ("break").
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { serialize, type OutputFormat } from '../5-emit/serialize';
import { xdsKindOf } from './layout';
import type { XdsFile } from './split';

/** A file of the directory with the text to write. */
export interface RenderedXdsFile extends XdsFile {
  text: string;
}

/** The files as `compile` writes them. */
export function renderXdsFiles(files: XdsFile[], format: OutputFormat): RenderedXdsFile[] {
  return files.map((f) => ({ ...f, text: serialize(f.value, format) }));
}

/**
 * The one write step: `text` into a new file beside `path` (created exclusively, with its final
 * mode), then renamed over `path`, so a reader sees the old file or the new one, never a part.
 * Missing parent directories are created one by one (Node's recursive mkdir spins on some special
 * file systems). Until the shared output module lands, this is the only place xDS files are written.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const parents: string[] = [];
  for (let d = dirname(path); !existsSync(d) && dirname(d) !== d; d = dirname(d)) parents.unshift(d);
  for (const d of parents) mkdirSync(d);
  const tmp = join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** What one step of an update changed on disk. */
export interface XdsWriteReport {
  written: string[];
  removed: string[];
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The clusters of a CDS file's text, by name; empty when it cannot be read. */
function clustersOf(text: string | undefined): Map<string, object> {
  try {
    const doc = text === undefined ? undefined : (parse(text) as { resources?: { name?: string }[] } | null);
    return new Map((doc?.resources ?? []).map((r) => [String(r.name), r]));
  } catch {
    return new Map();
  }
}

/** The new clusters, then the old ones the new config drops: what Envoy must hold while routes switch over. */
function unionCds(cds: RenderedXdsFile, disk: string | undefined): string | undefined {
  const old = clustersOf(disk);
  const next = (cds.value.resources as { name: string }[]).map((r) => r.name);
  const dropped = [...old.keys()].filter((n) => !next.includes(n));
  if (!dropped.length) return undefined;
  const format: OutputFormat = cds.name.endsWith('.json') ? 'json' : 'yaml';
  return serialize({ ...cds.value, resources: [...cds.value.resources, ...dropped.map((n) => old.get(n))] }, format);
}

/** The make step: everything the new config needs is in place; nothing the running one uses is gone. */
export function makeXdsUpdate(dir: string, files: RenderedXdsFile[]): XdsWriteReport {
  const report: XdsWriteReport = { written: [], removed: [] };
  const put = (f: RenderedXdsFile, text = f.text) => {
    if (readIfExists(join(dir, f.name)) === text) return;
    writeFileAtomic(join(dir, f.name), text, f.private ? 0o600 : 0o644);
    if (!report.written.includes(f.name)) report.written.push(f.name);
  };
  const ofKind = (k: XdsFile['kind']) => files.filter((f) => f.kind === k);
  for (const f of ofKind('sds')) put(f);
  for (const f of ofKind('cds')) put(f, unionCds(f, readIfExists(join(dir, f.name))) ?? f.text);
  for (const f of ofKind('rds')) put(f);
  for (const f of ofKind('lds')) put(f);
  for (const f of ofKind('bootstrap')) put(f);
  return report;
}

/** The break step: the clusters the new config dropped go, and so do envoyc's files it no longer names. */
export function breakXdsUpdate(dir: string, files: RenderedXdsFile[]): XdsWriteReport {
  const report: XdsWriteReport = { written: [], removed: [] };
  for (const f of files.filter((x) => x.kind === 'cds')) {
    if (readIfExists(join(dir, f.name)) === f.text) continue;
    writeFileAtomic(join(dir, f.name), f.text);
    report.written.push(f.name);
  }
  const keep = new Set(files.map((f) => f.name));
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (keep.has(name) || !xdsKindOf(name)) continue;
    unlinkSync(join(dir, name));
    report.removed.push(name);
  }
  return report;
}

/** Both steps at once, as `compile --xds-dir` does. */
export function writeXdsDirectory(dir: string, files: RenderedXdsFile[]): XdsWriteReport {
  const made = makeXdsUpdate(dir, files);
  const broken = breakXdsUpdate(dir, files);
  return { written: [...new Set([...made.written, ...broken.written])], removed: broken.removed };
}

/** envoyc's files that differ from `files` on disk, and those it would remove (for `--check`). */
export function staleXdsFiles(dir: string, files: RenderedXdsFile[]): { missing: string[]; changed: string[]; extra: string[] } {
  const missing: string[] = [];
  const changed: string[] = [];
  for (const f of files) {
    const disk = readIfExists(join(dir, f.name));
    if (disk === undefined) missing.push(f.name);
    else if (disk !== f.text) changed.push(f.name);
  }
  const keep = new Set(files.map((f) => f.name));
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => !keep.has(n) && xdsKindOf(n))
        .sort()
    : [];
  return { missing, changed, extra };
}
