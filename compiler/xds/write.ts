/**
 * Writing an xDS directory that a running Envoy watches, as a part of compiler/output's plan: each
 * file is committed as every output is (a temporary file moved into place, so Envoy only ever reads
 * whole files; its file subscriptions reload on a move into the watched directory). The files are
 * planned, and so moved, in an order that never leaves Envoy holding a reference to something
 * absent: secrets, then clusters, then route configurations, then listeners and the bootstrap. An
 * update under a running Envoy keeps the clusters the old config uses and removes nothing ("make");
 * once Envoy has moved over, a second plan drops those clusters and the files no longer named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { serialize, type OutputFormat } from '../5-emit/serialize';
import { withYamlHeader } from '../output/generated';
import type { PlannedFile } from '../output/types';
import { xdsKindOf } from './layout';
import type { XdsFile } from './split';

/** A file of the directory with the text to write. */
export interface RenderedXdsFile extends XdsFile {
  text: string;
}

function render(value: object, format: OutputFormat): string {
  return format === 'yaml' ? withYamlHeader(serialize(value, 'yaml')) : serialize(value, 'json');
}

/** The files as envoyc writes them: YAML ones carry the generated-file header. */
export function renderXdsFiles(files: XdsFile[], format: OutputFormat): RenderedXdsFile[] {
  return files.map((f) => ({ ...f, text: render(f.value, format) }));
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
function unionCds(cds: RenderedXdsFile, disk: string | undefined): string {
  const old = clustersOf(disk);
  const next = (cds.value.resources as { name: string }[]).map((r) => r.name);
  const dropped = [...old.keys()].filter((n) => !next.includes(n));
  if (!dropped.length) return cds.text;
  return render({ ...cds.value, resources: [...cds.value.resources, ...dropped.map((n) => old.get(n))] }, cds.name.endsWith('.json') ? 'json' : 'yaml');
}

/** The order files are moved into the directory: what is referenced before what refers to it. */
const ORDER: XdsFile['kind'][] = ['sds', 'cds', 'rds', 'lds', 'bootstrap'];

/** envoyc's files in `dir` (on disk) that are not among `files`: the ones the config no longer names. */
function leftOver(dir: string, files: RenderedXdsFile[]): string[] {
  const keep = new Set(files.map((f) => f.name));
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => !keep.has(n) && xdsKindOf(n))
        .sort()
    : [];
}

/**
 * The plan part that writes `files` into `dir` (as the user named it; relative to `cwd`), in
 * Envoy's order. `keepOldClusters`: the clusters on disk that the new config drops stay in the CDS
 * file and no file is removed, for an Envoy still running the old config.
 */
export function planXdsWrite(dir: string, files: RenderedXdsFile[], cwd: string, keepOldClusters: boolean): { files: PlannedFile[]; remove: string[] } {
  const full = resolve(cwd, dir);
  const planned = ORDER.flatMap((kind) =>
    files
      .filter((f) => f.kind === kind)
      .map((f): PlannedFile => ({
        path: join(dir, f.name),
        content: kind === 'cds' && keepOldClusters ? unionCds(f, readIfExists(join(full, f.name))) : f.text,
        secret: f.private,
        ...(kind === 'bootstrap' ? { role: 'bootstrap' as const } : {}),
      })),
  );
  return { files: planned, remove: keepOldClusters ? [] : leftOver(full, files).map((n) => join(full, n)) };
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
  return { missing, changed, extra: leftOver(dir, files) };
}
