// The schema walker: one pass over a document's YAML nodes that type-checks, validates and
// builds the plain (defaulted) value at once, so no `toJS()` and no second walk are needed.
// Spans are computed only when a diagnostic is reported.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import * as d from '../../diagnostics/codes/load';
import type { Diagnostic } from '../../diagnostics';
import { spanAt, type NodePath, type Span } from '../../source';
import { cloneJson, type ListSchema, type MapSchema, type ObjectSchema, type Schema } from './dsl';

/** What a CEL check, fixup or legacy rule can do. Relative paths start at the checked node. */
export interface CheckCtx {
  /** A `cel_rule` error at `rel` with the CRD's message. */
  fail(rel: NodePath, message: string): void;
  /** An `invalid_value` error at `rel`. */
  invalid(rel: NodePath, message: string): void;
  /** A non-canonical warning at the key (or node) at `rel`. */
  note(rel: NodePath, message: string): void;
  /** Reads `node` with `schema` as if it were at `rel` (for legacy spellings). */
  readAs(node: Node, schema: Schema, rel: NodePath): unknown;
  /** The printed field path of `rel`, e.g. `spec.retry.retryOn`. */
  pathOf(rel: NodePath): string;
}

/** Printed field path: `spec.rules[0].matches`. */
export function formatPath(path: NodePath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '<root>';
}

function describe(node: Node | null | undefined): string {
  if (!node) return 'null';
  if (isMap(node)) return 'an object';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
    return `${typeof v} ${String(v)}`;
  }
  return 'an alias';
}

function isNull(node: Node | null | undefined): boolean {
  return !node || (isScalar(node) && node.value === null);
}

/** Walks one object's document. Diagnostics go to `diags`; `errors` counts the errors among them. */
export class Walker implements CheckCtx {
  readonly diags: Diagnostic[] = [];
  errors = 0;
  private readonly path: (string | number)[] = [];
  private node: Node | undefined;

  constructor(
    readonly file: string,
    private readonly doc: Document,
  ) {}

  span(node: Node | null | undefined): Span {
    const r = node?.range;
    return r ? { file: this.file, start: r[0], end: r[1] } : { file: this.file, start: 0, end: 0 };
  }

  private add(diag: Diagnostic): void {
    if (diag.severity === 'error') this.errors++;
    this.diags.push(diag);
  }

  private relSpan(rel: NodePath, key = false): Span {
    return this.node ? spanAt({ file: this.file, node: this.node }, rel, { key }) : this.span(undefined);
  }

  pathOf(rel: NodePath): string {
    return formatPath([...this.path, ...rel]);
  }

  fail(rel: NodePath, message: string): void {
    this.add(d.celRule(this.relSpan(rel), this.pathOf(rel), message));
  }

  invalid(rel: NodePath, message: string): void {
    this.add(d.invalidValue(this.relSpan(rel), this.pathOf(rel), message));
  }

  note(rel: NodePath, message: string): void {
    this.add(d.nonCanonicalField(this.relSpan(rel, typeof rel[rel.length - 1] === 'string'), this.pathOf(rel), message));
  }

  readAs(node: Node, schema: Schema, rel: NodePath): unknown {
    const saved = this.node;
    const n = this.path.length;
    this.path.push(...rel);
    const v = this.read(node, schema);
    this.path.length = n;
    this.node = saved;
    return v;
  }

  /** Reads `node` against `s`, returning the plain value (meaningless if errors were added). */
  read(node: Node | null | undefined, s: Schema): unknown {
    if (node && isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? undefined;
    const before = this.errors;
    let value: unknown;
    switch (s.t) {
      case 'object':
        if (!isMap(node)) return this.typeError(node, 'an object');
        value = this.readObject(node, s);
        break;
      case 'list':
        if (!isSeq(node)) return this.typeError(node, 'a list');
        value = this.readList(node, s);
        break;
      case 'map':
        if (!isMap(node)) return this.typeError(node, 'an object');
        value = this.readMap(node, s);
        break;
      case 'any':
        return node ? (node as { toJS(doc: Document): unknown }).toJS(this.doc) : null;
      default:
        if (!isScalar(node)) return this.typeError(node, s.expect ?? expectedScalar(s.t));
        value = this.readScalar(node, s);
    }
    if (s.cel && this.errors === before) {
      this.node = node;
      for (const check of s.cel) check(value, this);
    }
    return value;
  }

  private typeError(node: Node | null | undefined, expected: string): undefined {
    this.add(d.invalidType(this.span(node), formatPath(this.path), expected, describe(node)));
    return undefined;
  }

  private readScalar(node: Node & { value: unknown }, s: Schema): unknown {
    const v = node.value;
    switch (s.t) {
      case 'string':
        if (typeof v !== 'string') return this.typeError(node, s.expect ?? 'a string');
        if (s.enum && !s.enum.includes(v)) this.add(d.invalidEnum(this.span(node), formatPath(this.path), v, s.enum));
        else this.checkString(node, v, s);
        return v;
      case 'int':
      case 'number':
        if (typeof v !== 'number' || (s.t === 'int' && !Number.isInteger(v)))
          return this.typeError(node, s.expect ?? (s.t === 'int' ? 'an integer' : 'a number'));
        if (s.t === 'int' && s.enum && !s.enum.includes(v)) this.add(d.invalidEnum(this.span(node), formatPath(this.path), String(v), s.enum));
        else this.checkRange(node, v, s.min, s.max);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') return this.typeError(node, 'a boolean (true or false)');
        return v;
      case 'intOrString':
        if (typeof v === 'number' && Number.isInteger(v)) this.checkRange(node, v, s.min, s.max);
        else if (typeof v === 'string') {
          if (s.string) this.checkString(node, v, s.string);
        } else return this.typeError(node, s.expect ?? 'an integer or a string');
        return v;
      default:
        return v;
    }
  }

  private checkString(node: Node, v: string, s: { pattern?: RegExp; minLength?: number; maxLength?: number; expect?: string }): void {
    if (s.minLength !== undefined && v.length < s.minLength)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`));
    else if (s.maxLength !== undefined && v.length > s.maxLength)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must be at most ${s.maxLength} characters (got ${v.length})`));
    else if (s.pattern && !s.pattern.test(v))
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `${JSON.stringify(v)} is not ${s.expect ?? `a match for ${s.pattern.source}`}`));
  }

  private checkRange(node: Node, v: number, min: number | undefined, max: number | undefined): void {
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
      const range = max === undefined ? `>= ${min}` : min === undefined ? `<= ${max}` : `between ${min} and ${max}`;
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `${v} is out of range: must be ${range}`));
    }
  }

  private readObject(node: YAMLMap, s: ObjectSchema): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const before = this.errors;
    let deferred: Pair<Node, Node>[] | undefined;
    let merges: (Node | null)[] | undefined;
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.keyOf(pair);
      if (key === undefined) continue;
      if (key === MERGE) {
        (merges ??= []).push(pair.value);
        continue;
      }
      const fs = s.fieldMap.get(key);
      const legacy = s.legacy?.[key];
      if (fs === undefined) {
        if (legacy) (deferred ??= []).push(pair);
        else this.add(d.unknownField(this.span(pair.key), key, formatPath(this.path), [...s.fieldMap.keys()]));
        continue;
      }
      if (legacy) {
        this.node = node;
        if (legacy(pair, out, this, node)) continue;
      }
      if (isNull(pair.value)) continue; // null means absent (pruned), as for the API server
      this.path.push(key);
      out[key] = this.read(pair.value, fs);
      this.path.pop();
      if (s.notes?.[key]) {
        this.node = node;
        this.note([key], s.notes[key]!);
      }
    }
    if (merges) this.readMerges(merges, out, s);
    this.node = node;
    if (deferred)
      for (const pair of deferred) {
        const key = this.keyOf(pair) as string;
        if (!s.legacy![key]!(pair, out, this, node)) this.add(d.unknownField(this.span(pair.key), key, formatPath(this.path), [...s.fieldMap.keys()]));
      }
    this.node = node;
    if (s.fixup && this.errors === before) s.fixup(out, this);
    for (const [k, v] of s.defaults) if (out[k] === undefined) out[k] = cloneJson(v);
    if (s.required) for (const k of s.required) if (out[k] === undefined) this.add(d.requiredField(this.span(node), formatPath([...this.path, k])));
    return out;
  }

  /** YAML merge keys (`<<: *anchor`): merged fields never override the object's own. */
  private readMerges(sources: (Node | null)[], out: Record<string, unknown>, s: ObjectSchema): void {
    for (let src of sources) {
      const list = src && isSeq(src) ? (src.items as Node[]) : [src];
      for (src of list) {
        if (src && isAlias(src)) src = (src.resolve(this.doc) as Node | undefined) ?? null;
        if (!src || !isMap(src)) continue;
        for (const pair of src.items as Pair<Node, Node>[]) {
          const key = this.keyOf(pair);
          if (key === undefined || key === MERGE || out[key] !== undefined) continue;
          const fs = s.fieldMap.get(key);
          if (!fs) this.add(d.unknownField(this.span(pair.key), key, formatPath(this.path), [...s.fieldMap.keys()]));
          else if (!isNull(pair.value)) {
            this.path.push(key);
            out[key] = this.read(pair.value, fs);
            this.path.pop();
          }
        }
      }
    }
  }

  private keyOf(pair: Pair<Node, Node>): string | typeof MERGE | undefined {
    const k = pair.key;
    if (isScalar(k)) {
      if (typeof k.value === 'symbol') return MERGE;
      if (typeof k.value === 'string') return k.value;
      if (k.value !== null && typeof k.value !== 'object') return String(k.value);
    }
    this.add(d.invalidType(this.span(k), formatPath(this.path), 'an object with string keys', `key ${describe(k)}`));
    return undefined;
  }

  private readList(node: YAMLSeq, s: ListSchema): unknown[] {
    const items = node.items as (Node | null)[];
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      const item = items[i];
      out[i] = isNull(item) ? this.typeError(item, 'a list item, not null') : this.read(item, s.items);
      this.path.pop();
    }
    if (s.minItems !== undefined && items.length < s.minItems)
      this.add(
        d.invalidValue(this.span(node), formatPath(this.path), s.minItems === 1 ? 'must have at least 1 item' : `must have at least ${s.minItems} items`),
      );
    if (s.maxItems !== undefined && items.length > s.maxItems)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must have at most ${s.maxItems} items (got ${items.length})`));
    if ((s.mapKey || s.set) && items.length > 1) this.checkUnique(items, out, s);
    return out;
  }

  private checkUnique(items: (Node | null)[], out: unknown[], s: ListSchema): void {
    const seen = new Set<unknown>();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      const k = s.mapKey ? (v as Record<string, unknown> | undefined)?.[s.mapKey] : v;
      if (k === undefined || typeof k === 'object') continue;
      if (seen.has(k)) {
        const what = s.mapKey ? `with ${s.mapKey} ${JSON.stringify(k)}` : JSON.stringify(k);
        this.add(d.duplicateEntry(this.span(items[i]), formatPath([...this.path, i]), what));
      }
      seen.add(k);
    }
  }

  private readMap(node: YAMLMap, s: MapSchema): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.keyOf(pair);
      if (key === undefined || key === MERGE) continue;
      n++;
      const bad = s.keyCheck?.(key);
      if (bad) this.add(d.invalidValue(this.span(pair.key), formatPath([...this.path, key]), bad));
      this.path.push(key);
      out[key] = isNull(pair.value) ? this.typeError(pair.value, expectedScalar(s.values.t)) : this.read(pair.value, s.values);
      this.path.pop();
    }
    if (s.maxProperties !== undefined && n > s.maxProperties)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must have at most ${s.maxProperties} entries (got ${n})`));
    return out;
  }
}

const MERGE = Symbol('merge');

function expectedScalar(t: Schema['t']): string {
  switch (t) {
    case 'string':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a boolean (true or false)';
    case 'intOrString':
      return 'an integer or a string';
    case 'list':
      return 'a list';
    default:
      return 'an object';
  }
}

/** Reads a scalar child of a map node by key, without building anything (for apiVersion/kind). */
export function scalarAt(node: YAMLMap, key: string): { value: unknown; node: Node } | undefined {
  for (const pair of node.items as Pair<Node, Node>[]) {
    const k = pair.key;
    if (isScalar(k) && k.value === key) {
      const v = pair.value;
      return { value: v && isScalar(v) ? v.value : v ? describe(v) : null, node: v ?? k };
    }
  }
  return undefined;
}
