// What of `self` a node's rules read, found in their parsed expressions, so equal readings share
// one evaluation: every HTTPRoute's `rules` list is checked for its number of matches only, every
// backendRef for its group, kind and whether it has a port. The reading of a value (readingKey()) is
// a key for the memo in index.ts: two values with the same reading give every rule the same outcome.
import type { SchemaNode } from '../schema/node';
import type { ParsedRule } from './ahead';
import { escaped } from './convert';

/**
 * The parts of a value that rules read. `whole`: all of it. Otherwise: its size, the presence and
 * (recursively) the parts of the named fields (CEL names), the parts of the items at constant
 * indexes, and the parts of every item (a comprehension's variable: `self.all(r, has(r.name))`).
 * The presence of an entry in `fields` or `items` is itself read.
 */
export interface Reads {
  whole?: true;
  size?: true;
  fields?: Map<string, Reads>;
  items?: Map<number, Reads>;
  each?: Reads;
}

type Step = { field: string } | { index: number } | { each: true };

/** Comprehension variables bound to every item of a part of `self`, by name. */
type Scope = ReadonlyMap<string, Step[]>;

interface Expr {
  exprKind: { case?: string; value?: any };
}

/** The reads of `rules` on `self` (their union). */
export function readsOf(rules: readonly ParsedRule[]): Reads {
  const root: Reads = {};
  for (const r of rules) visit(r as Expr, root, new Map());
  return root;
}

/** `self`, `self.a`, `self[0].b`, `r.b` (r bound to items): the steps from `self`, or undefined for any other expression. */
function chain(e: Expr, scope: Scope): Step[] | undefined {
  const k = e.exprKind;
  if (k.case === 'identExpr') return scope.get(k.value.name) ?? (k.value.name === 'self' ? [] : undefined);
  if (k.case === 'selectExpr' && !k.value.testOnly) {
    const p = chain(k.value.operand, scope);
    return p && [...p, { field: k.value.field }];
  }
  if (k.case === 'callExpr' && k.value.function === '_[_]' && !k.value.target && k.value.args.length === 2) {
    const p = chain(k.value.args[0], scope);
    const i = constantIndex(k.value.args[1]);
    return p && i !== undefined ? [...p, { index: i }] : undefined;
  }
  return undefined;
}

function constantIndex(e: Expr): number | undefined {
  const k = e.exprKind;
  if (k.case !== 'constExpr') return undefined;
  const c = k.value.constantKind;
  if (c.case !== 'int64Value' && c.case !== 'uint64Value') return undefined;
  const n = Number(c.value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Marks what `path` reads: the whole value there, its size, or (presence) only that it exists. */
function mark(root: Reads, path: Step[], what: 'whole' | 'size' | 'presence'): void {
  let r = root;
  for (const step of path) {
    if (r.whole) return;
    if ('field' in step) {
      r.fields ??= new Map();
      let next = r.fields.get(step.field);
      if (!next) r.fields.set(step.field, (next = {}));
      r = next;
    } else if ('each' in step) {
      r = r.each ??= {};
    } else {
      r.items ??= new Map();
      let next = r.items.get(step.index);
      if (!next) r.items.set(step.index, (next = {}));
      r = next;
    }
  }
  if (what === 'whole') r.whole = true;
  else if (what === 'size') r.size = true;
}

function visit(e: Expr, root: Reads, scope: Scope): void {
  const p = chain(e, scope);
  if (p) return mark(root, p, 'whole');
  const { case: kind, value: v } = e.exprKind;
  switch (kind) {
    case 'selectExpr': {
      // has(x.f): whether x has f.
      const q = chain(v.operand, scope);
      if (q) return mark(root, [...q, { field: v.field }], 'presence');
      return visit(v.operand, root, scope);
    }
    case 'callExpr': {
      if (v.function === 'size') {
        const arg = v.target ?? (v.args.length === 1 ? v.args[0] : undefined);
        const q = arg && (v.target ? v.args.length === 0 : true) ? chain(arg, scope) : undefined;
        if (q) return mark(root, q, 'size');
      }
      if (v.target) visit(v.target, root, scope);
      for (const a of v.args) visit(a, root, scope);
      return;
    }
    case 'comprehensionExpr':
      return visitComprehension(v, root, scope);
    case 'listExpr':
      for (const x of v.elements) visit(x, root, scope);
      return;
    case 'structExpr':
      for (const entry of v.entries) {
        if (entry.keyKind?.case === 'mapKey') visit(entry.keyKind.value, root, scope);
        visit(entry.value, root, scope);
      }
      return;
    case 'identExpr':
    case 'constExpr':
      return;
    default:
      // An expression kind this does not know: everything counts as read.
      return mark(root, [], 'whole');
  }
}

/**
 * A macro's loop (`all`, `exists`, `filter`, …). Over a part of `self`, its variable stands for
 * every item of that part; with two variables (index and item), the part counts whole. A variable
 * named `self` hides it: then everything counts as read.
 */
function visitComprehension(v: any, root: Reads, scope: Scope): void {
  if (v.iterVar === 'self' || v.iterVar2 === 'self' || v.accuVar === 'self') return mark(root, [], 'whole');
  const range = v.iterVar2 ? undefined : chain(v.iterRange, scope);
  if (!range) visit(v.iterRange, root, scope);
  if (v.accuInit) visit(v.accuInit, root, scope);
  const inner = new Map(scope);
  for (const name of [v.iterVar, v.iterVar2, v.accuVar]) if (name) inner.delete(name);
  if (range) {
    inner.set(v.iterVar, [...range, { each: true }]);
    // Even a loop that reads nothing of its items reads how many there are.
    mark(root, [...range, { each: true }], 'presence');
  }
  for (const x of [v.loopCondition, v.loopStep, v.result]) if (x) visit(x, root, inner);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key of `obj` whose CEL name (as toCel() names it under `s`) is `name`. */
function keyNamed(obj: Record<string, unknown>, name: string, s: SchemaNode | undefined): string | undefined {
  // A map's keys are not escaped; and escaping is one-to-one, so a name that is its own escape can
  // only be that key (most are): no scan. Own keys only: `constructor` is no field of a value.
  if (s?.kind === 'map' || escaped(name) === name) return Object.hasOwn(obj, name) ? name : undefined;
  for (const k in obj) if (escaped(k) === name) return k;
  return undefined;
}

/**
 * What `reads` reads of `v` (at schema `s`), as a string: equal strings mean equal readings. Built
 * directly, not as data then JSON (a third of the memo's time at 10,000 routes). Parts are
 * self-delimiting (JSON for whole values, tagged counts, bracketed lists), so different readings
 * never print alike; a value not of the shape the reads expect (a field read on a list) counts
 * whole, so its errors are told apart too.
 */
export function readingKey(v: unknown, reads: Reads, s: SchemaNode | undefined): string {
  if (reads.whole) return `w${JSON.stringify(v)}`;
  // Only that it is there (has()): the caller wrote that already.
  if (!reads.size && !reads.fields && !reads.items && !reads.each) return '1';
  if (v === null || typeof v !== 'object') return `w${JSON.stringify(v)}`;
  let out = '[';
  if (reads.size) out += Array.isArray(v) ? `l${v.length},` : `m${Object.keys(v).length},`;
  if (reads.fields) {
    if (!isPlainObject(v)) return `w${JSON.stringify(v)}`;
    for (const [name, sub] of reads.fields) {
      const key = keyNamed(v, name, s);
      const x = key === undefined ? undefined : v[key];
      out += x === undefined ? '0,' : `${readingKey(x, sub, s?.kind === 'map' ? s.values : s?.fields?.get(key!))},`;
    }
  }
  if (reads.items) {
    if (!Array.isArray(v)) return `w${JSON.stringify(v)}`;
    for (const [i, sub] of reads.items) out += i < v.length ? `${readingKey(v[i], sub, s?.items)},` : '0,';
  }
  if (reads.each) {
    // A loop over a map's keys, or over anything not a list, reads it whole.
    if (!Array.isArray(v)) return `w${JSON.stringify(v)}`;
    out += 'e[';
    for (const x of v) out += `${readingKey(x, reads.each, s?.items)},`;
    out += '],';
  }
  return `${out}]`;
}
