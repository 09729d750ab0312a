/**
 * `envoyc diff`: a semantic diff of two bootstraps by listener, filter chain, virtual host, route
 * and cluster name. Fields are compared recursively (lists of named objects by name), route order
 * changes are reported as moves, and each change carries the input that caused it where known.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Attributor, ObjectKind } from './attribution';
import { chainsOf, clustersOf, listenersOf, type Json } from './bootstrap-view';
import { lostProtection } from './security';

export interface FieldChange {
  /** Envoy field path, e.g. `retry_policy.num_retries` (a route's `route.` prefix dropped). */
  path: string;
  before?: unknown;
  after?: unknown;
  /** The input that set the new value (or the old one, for a removal). */
  source?: string;
}

export interface DiffEntry {
  kind: ObjectKind;
  name: string;
  op: 'added' | 'removed' | 'changed' | 'moved';
  /** Where the object lives: `listener L`, `virtual host V`. */
  within?: string;
  changes: FieldChange[];
  /** For added/removed objects: the input it comes from. For moves: positions. */
  note?: string;
  /** A route that lost authentication or authorization (still forwarding): what it lost. Printed first, loudly. */
  lostProtection?: string[];
}

export interface DiffReport {
  entries: DiffEntry[];
}

interface Sides {
  before?: Attributor;
  after?: Attributor;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function namedList(a: unknown[]): Map<string, Json> | undefined {
  if (!a.every((x) => isObject(x) && typeof x.name === 'string')) return undefined;
  const m = new Map(a.map((x) => [(x as Json).name as string, x as Json]));
  return m.size === a.length ? m : undefined;
}

/** Field-level differences between two values, as paths; lists of named objects are matched by name. */
export function compareFields(before: unknown, after: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return out;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (isObject(before) && isObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (!(k in after)) out.push({ path: at(k), before: before[k] });
      else if (!(k in before)) out.push({ path: at(k), after: after[k] });
      else compareFields(before[k], after[k], at(k), out);
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const [nb, na] = [namedList(before), namedList(after)];
    if (nb && na && before.length && after.length) {
      for (const [n, v] of nb) {
        if (!na.has(n)) out.push({ path: `${path}[${n}]`, before: v });
        else compareFields(v, na.get(n), `${path}[${n}]`, out);
      }
      for (const [n, v] of na) if (!nb.has(n)) out.push({ path: `${path}[${n}]`, after: v });
      return out;
    }
    if (before.length === after.length && before.some(isObject)) {
      before.forEach((v, i) => compareFields(v, after[i], `${path}[${i}]`, out));
      return out;
    }
  }
  out.push({ path, before, after });
  return out;
}

function without(obj: Json, ...keys: string[]): Json {
  const out: Json = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

function byName(list: Json[]): Map<string, Json> {
  return new Map(list.map((x) => [x.name as string, x]));
}

/** Indexes (into `seq`) of a longest increasing subsequence: the routes that kept their relative order. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(seq.length).fill(-1);
  seq.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i !== -1; i = prev[i]!) keep.add(i);
  return keep;
}

class Differ {
  readonly entries: DiffEntry[] = [];
  constructor(private readonly sides: Sides) {}

  /** Compares two maps of named objects of one kind; `inner` diffs what `strip` removed. */
  objects(
    kind: ObjectKind,
    before: Map<string, Json>,
    after: Map<string, Json>,
    within: string | undefined,
    vhost: string | undefined,
    strip: string[],
    inner?: (b: Json, a: Json, name: string) => void,
  ): void {
    for (const [name, b] of before) {
      if (!after.has(name)) this.push({ kind, name, op: 'removed', within, changes: [], note: this.sides.before?.object(kind, name, b) });
    }
    for (const [name, a] of after) {
      const b = before.get(name);
      if (!b) {
        this.push({ kind, name, op: 'added', within, changes: [], note: this.sides.after?.object(kind, name, a) });
        continue;
      }
      const changes = compareFields(without(b, ...strip), without(a, ...strip)).map((c) => this.attribute(kind, name, vhost, c, b, a));
      const lost = kind === 'route' ? lostProtection(b, a) : [];
      if (changes.length) this.push({ kind, name, op: 'changed', within, changes, ...(lost.length ? { lostProtection: lost } : {}) });
      inner?.(b, a, name);
    }
  }

  private attribute(kind: ObjectKind, name: string, vhost: string | undefined, c: FieldChange, b: Json, a: Json): FieldChange {
    const path = kind === 'route' && c.path.startsWith('route.') ? c.path.slice('route.'.length) : c.path;
    const source = c.after !== undefined ? this.sides.after?.field(kind, name, vhost, c.path, a) : this.sides.before?.field(kind, name, vhost, c.path, b);
    return { ...c, path, ...(source ? { source } : {}) };
  }

  private push(e: DiffEntry): void {
    if (e.within === undefined) delete e.within;
    if (e.note === undefined) delete e.note;
    this.entries.push(e);
  }

  routes(vhost: string, before: Json[], after: Json[]): void {
    const within = `virtual host ${vhost}`;
    this.objects('route', byName(before), byName(after), within, vhost, []);
    const oldIndex = new Map(before.map((r, i) => [r.name as string, i]));
    const common = after.filter((r) => oldIndex.has(r.name));
    const keep = longestIncreasing(common.map((r) => oldIndex.get(r.name)!));
    common.forEach((r, i) => {
      if (keep.has(i)) return;
      const to = after.indexOf(r);
      this.push({ kind: 'route', name: r.name, op: 'moved', within, changes: [], note: `position ${oldIndex.get(r.name)! + 1} → ${to + 1}` });
    });
  }

  listener(b: Json, a: Json, name: string): void {
    const chains = (l: Json) => new Map(chainsOf(l).map((c) => [c.name, c]));
    const [cb, ca] = [chains(b), chains(a)];
    const chainBody = (m: Map<string, ReturnType<typeof chainsOf>[number]>) => new Map([...m].map(([n, c]) => [n, { name: n, ...stripRoutes(c.chain) }]));
    this.objects('chain', chainBody(cb), chainBody(ca), `listener ${name}`, undefined, []);
    for (const [n, c] of ca) {
      const old = cb.get(n);
      if (!old?.hcm || !c.hcm) continue;
      const vb = byName(old.hcm.route_config?.virtual_hosts ?? []);
      const va = byName(c.hcm.route_config?.virtual_hosts ?? []);
      this.objects('vhost', vb, va, `listener ${name}`, undefined, ['routes'], (x, y, vh) => this.routes(vh, x.routes ?? [], y.routes ?? []));
    }
  }
}

/** A chain without its virtual hosts (they are diffed one by one). */
function stripRoutes(chain: Json): Json {
  const filters = ((chain.filters ?? []) as Json[]).map((f) => {
    const rc = f.typed_config?.route_config;
    if (!rc) return f;
    return { ...f, typed_config: { ...f.typed_config, route_config: without(rc, 'virtual_hosts') } };
  });
  return { ...chain, filters };
}

/** The semantic diff of two bootstraps. */
export function diffBootstraps(before: Json, after: Json, sides: Sides = {}): DiffReport {
  const d = new Differ(sides);
  const top = (b: Json) => ({ ...without(b, 'static_resources'), static_resources: without(b.static_resources ?? {}, 'listeners', 'clusters') });
  const topChanges = compareFields(top(before), top(after));
  if (topChanges.length) d.entries.push({ kind: 'bootstrap', name: '', op: 'changed', changes: topChanges });
  d.objects('listener', byName(listenersOf(before)), byName(listenersOf(after)), undefined, undefined, ['filter_chains', 'default_filter_chain'], (b, a, n) =>
    d.listener(b, a, n),
  );
  d.objects('cluster', byName(clustersOf(before)), byName(clustersOf(after)), undefined, undefined, []);
  return { entries: d.entries };
}
