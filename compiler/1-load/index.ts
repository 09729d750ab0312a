// Phase 1: YAML files → schema-checked, defaulted objects per kind, in provider order.
import * as d from '../diagnostics/codes/load';
import { Diagnostics } from '../diagnostics';
import type { SuppressRule } from '../diagnostics/suppress';
import { spanAt, type SourceFile, type SourceRef } from '../source';
import { fastObjects, LazySource } from './fast-parse';
import { identify, type Identified } from './identify';
import { KIND_BY_NAME, KIND_DEFS, type KindDef } from './kinds';
import { parseObjects, type RawObject } from './parse';
import { schemaOf } from './schema/registry';
import { Walker } from './schema/walk';
import type { Node } from 'yaml';
import type { Loaded, ResourceKey, Resources } from './types';
import { findSuppression } from '../diagnostics/suppress';

export type { Loaded, ResourceKey, Resources } from './types';

interface Entry {
  def: KindDef;
  loaded: Loaded<any>;
  /** creationTimestamp in ms; absent sorts first (Envoy Gateway's zero time). */
  time: number;
}

/**
 * Loads every object of every file. Pure: reads only `files`, reports to `diags`. `suppress` holds
 * the `--suppress` rules: a kind envoyc does not translate is accepted where `unsupported_kind` is.
 */
export function load(files: SourceFile[], diags: Diagnostics, suppress: readonly SuppressRule[] = []): Resources {
  // Files in path order, so "first defined" for duplicates does not depend on argument order.
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byKey = new Map<ResourceKey, Entry>();
  const rejected = new Set<ResourceKey>();
  for (const file of sorted) {
    for (const entry of fileEntries(file, diags, rejected, suppress)) {
      const first = byKey.get(entry.loaded.key);
      if (first) diags.add(d.duplicateObject(spanOf(entry), entry.loaded.key, spanOf(first)));
      else byKey.set(entry.loaded.key, entry);
    }
  }
  // Namespaces come after every object is known: a synthesized one is needed only if nobody wrote it.
  synthesizeNamespaces(byKey);
  return { ...group([...byKey.values()]), rejected: [...rejected].sort() };
}

/** The object's whole span (for duplicates), from its source. */
const spanOf = (e: Entry) => spanAt(e.loaded.src, []);

/**
 * The checked objects of one file. A file goes the fast path first (fast-parse.ts); if anything in
 * it has something to report, it is read again the yaml package's way, and only that reading reports,
 * so every diagnostic has the yaml package's positions and messages.
 */
function fileEntries(file: SourceFile, diags: Diagnostics, rejected: Set<ResourceKey>, suppress: readonly SuppressRule[]): Entry[] {
  const probe = new Diagnostics();
  const fast: Entry[] = [];
  const read = fastObjects(file, probe, (raw, at) => {
    const id = identify(raw, probe);
    // Nothing is rejected without a diagnostic, which sends the file the other way: a set of its own.
    const entry = id && check(raw, id, probe, new Set(), suppress, new LazySource(file, at));
    if (entry) fast.push(entry);
  });
  if (read && probe.sorted().length === 0) return fast;
  const entries: Entry[] = [];
  for (const raw of parseObjects(file, diags)) {
    const id = identify(raw, diags);
    const entry = id && check(raw, id, diags, rejected, suppress, { file: raw.file, node: raw.node });
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Schema-checks one object; undefined when it has errors. */
function check(
  raw: RawObject,
  { def, version }: Identified,
  diags: Diagnostics,
  rejected: Set<ResourceKey>,
  suppress: readonly SuppressRule[],
  src: SourceRef,
): Entry | undefined {
  const walker = new Walker(raw.file, raw.doc);
  const value = walker.read(raw.node, schemaOf(def.kind, version)) as any;
  for (const diag of walker.diags) diags.add(diag);
  const meta = value.metadata;
  const name = typeof meta?.name === 'string' ? meta.name : undefined;
  const namespace = def.clusterScoped ? name : (meta?.namespace ?? 'default');
  const key = `${def.kind}/${namespace}/${name}` as ResourceKey;
  if (def.handling === 'unsupported') {
    const at = walker.span(raw.kindNode);
    diags.add(
      d.unsupportedKind(
        at,
        def.kind,
        def.clusterScoped ? String(name) : `${namespace}/${name}`,
        !!findSuppression(suppress, 'unsupported_kind', key, raw.file),
      ),
    );
  }
  if (walker.errors > 0) {
    if (name !== undefined) rejected.add(key);
    return undefined;
  }
  if (name === undefined) {
    // The API server's "name or generateName is required" (the CRD schemas leave metadata open).
    diags.add(d.requiredField(walker.span((raw.node.get('metadata', true) as Node | undefined) ?? raw.kindNode), 'metadata.name'));
    return undefined;
  }
  meta.namespace = namespace;
  const time = meta.creationTimestamp === undefined ? -Infinity : Date.parse(meta.creationTimestamp);
  return { def, time, loaded: { key, value, src, written: true } };
}

function synthesizeNamespaces(byKey: Map<ResourceKey, Entry>): void {
  const nsDef = KIND_BY_NAME.get('Namespace')!;
  for (const e of sortEntries([...byKey.values()])) {
    if (e.def.clusterScoped) continue;
    const ns: string = e.loaded.value.metadata.namespace;
    const key = `Namespace/${ns}/${ns}` as ResourceKey;
    if (byKey.has(key)) continue;
    // The source of a synthesized Namespace is the first object (in provider order) that uses it.
    const value = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, namespace: ns } };
    byKey.set(key, { def: nsDef, time: -Infinity, loaded: { key, value, src: e.loaded.src, written: false } });
  }
}

/** Provider order: creationTimestamp (absent = oldest), then namespace, then name. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const ma = a.loaded.value.metadata;
  const mb = b.loaded.value.metadata;
  if (ma.namespace !== mb.namespace) return ma.namespace < mb.namespace ? -1 : 1;
  if (ma.name !== mb.name) return ma.name < mb.name ? -1 : 1;
  return a.loaded.key < b.loaded.key ? -1 : a.loaded.key > b.loaded.key ? 1 : 0;
}

function sortEntries(entries: Entry[]): Entry[] {
  return entries.sort(compareEntries);
}

/** Every Resources list (the registry names them), each in provider order. */
function group(entries: Entry[]): Omit<Resources, 'rejected'> {
  const out: Record<string, Loaded<unknown>[]> = { unsupported: [] };
  for (const def of KIND_DEFS) if (typeof def.handling === 'object' && 'list' in def.handling) out[def.handling.list] = [];
  for (const e of sortEntries(entries))
    out[typeof e.def.handling === 'object' && 'list' in e.def.handling ? e.def.handling.list : 'unsupported']!.push(e.loaded);
  return out as unknown as Omit<Resources, 'rejected'>;
}
