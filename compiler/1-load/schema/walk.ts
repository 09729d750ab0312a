// The schema walker: one pass over a document's YAML nodes that type-checks, validates and builds the
// plain (defaulted) value at once, so no `toJS()` and no second walk are needed. Each node's CEL rules
// run on its built value once the node itself is free of errors, as the API server runs them after
// the OpenAPI checks. Spans are computed only when a diagnostic is reported.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import * as d from '../../diagnostics/codes/load';
import type { Diagnostic } from '../../diagnostics';
import { spanAt, type NodePath, type Span } from '../../source';
import type * as Cel from '../cel';
import { blank, type SchemaNode } from './node';
import { checkScalar, valueProblem } from './scalars';

/** The CEL evaluator (@bufbuild/cel, ~0.2 s to load), loaded on the first rule evaluated: `--version` and the other commands do not pay it. */
let cel: typeof Cel | undefined;
function celLib(): typeof Cel {
  return (cel ??= require('../cel') as typeof Cel);
}

/** What an overlay check, fixup or legacy rule can do. Relative paths start at the checked node. */
export interface CheckCtx {
  /** A `cel_rule` error at `rel` (an API-server rule that failed). */
  fail(rel: NodePath, message: string): void;
  /** An `invalid_value` error at `rel`. */
  invalid(rel: NodePath, message: string): void;
  /** A non-canonical warning at the key (or node) at `rel`. */
  note(rel: NodePath, message: string): void;
  /** Reads `node` with `schema` as if it were at `rel` (for legacy spellings). */
  readAs(node: Node, schema: SchemaNode, rel: NodePath): unknown;
  /** The printed field path of `rel`, e.g. `spec.retry.retryOn`. */
  pathOf(rel: NodePath): string;
}

/** Printed field path: `spec.rules[0].matches`. */
export function formatPath(path: NodePath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '<root>';
}

export function describe(node: Node | null | undefined): string {
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

/** A deep copy of a JSON default, so defaults are never shared between objects. */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
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

  readAs(node: Node, schema: SchemaNode, rel: NodePath): unknown {
    const saved = this.node;
    const n = this.path.length;
    this.path.push(...rel);
    const v = this.read(node, schema);
    this.path.length = n;
    this.node = saved;
    return v;
  }

  /** Reads `node` against `s`, returning the plain value (meaningless if errors were added). */
  read(node: Node | null | undefined, s: SchemaNode): unknown {
    if (node && isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? undefined;
    const before = this.errors;
    let value: unknown;
    switch (s.kind) {
      case 'object':
        if (!isMap(node)) return this.typeError(node, s.expect ?? 'an object');
        value = this.readObject(node, s);
        break;
      case 'map':
        if (!isMap(node)) return this.typeError(node, 'an object');
        value = this.readMap(node, s);
        break;
      case 'list':
        if (!isSeq(node)) return this.typeError(node, 'a list');
        value = this.readList(node, s);
        break;
      case 'any':
        return node ? (node as { toJS(doc: Document): unknown }).toJS(this.doc) : null;
      default: {
        if (!isScalar(node)) return this.typeError(node, expectedScalar(s));
        const problem = checkScalar(node.value, s);
        if (problem === 'type') return this.typeError(node, expectedScalar(s));
        if (problem) this.addProblem(node, problem);
        value = node.value;
      }
    }
    if (this.errors === before) this.checkValue(node!, value, s);
    return value;
  }

  /** The checks on a built value: oneOf/anyOf/not, envoyc's overlay checks, then the CEL rules. */
  private checkValue(node: Node, value: unknown, s: SchemaNode): void {
    const problem = valueProblem(value, s);
    if (problem) return this.add(d.invalidValue(this.span(node), formatPath(this.path), problem));
    if (s.overlay?.checks) {
      this.node = node;
      for (const check of s.overlay.checks) check(value, this);
    }
    if (s.rules) for (const outcome of celLib().evaluateRules(s, value)) this.add(celDiagnostic(this.span(node), formatPath(this.path), outcome));
  }

  private addProblem(node: Node, problem: { enum: readonly unknown[] } | string): void {
    const path = formatPath(this.path);
    const v = (node as { value: unknown }).value;
    this.add(
      typeof problem === 'string'
        ? d.invalidValue(this.span(node), path, problem)
        : d.invalidEnum(this.span(node), path, String(v), problem.enum as (string | number)[]),
    );
  }

  private typeError(node: Node | null | undefined, expected: string): undefined {
    this.add(d.invalidType(this.span(node), formatPath(this.path), expected, describe(node)));
    return undefined;
  }

  private readObject(node: YAMLMap, s: SchemaNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const before = this.errors;
    const fields = s.fields ?? EMPTY;
    const legacyRules = s.overlay?.legacy;
    let deferred: Pair<Node, Node>[] | undefined;
    let merges: (Node | null)[] | undefined;
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.keyOf(pair);
      if (key === undefined) continue;
      if (key === MERGE) {
        (merges ??= []).push(pair.value);
        continue;
      }
      const fs = fields.get(key);
      const legacy = legacyRules?.[key];
      if (fs === undefined) {
        if (legacy) (deferred ??= []).push(pair);
        else this.unknownKey(pair, key, s, out);
        continue;
      }
      if (legacy) {
        this.node = node;
        if (legacy(pair, out, this, node, s)) continue;
      }
      if (isNull(pair.value)) continue; // null means absent (pruned), as for the API server
      this.readField(pair.value!, key, fs, out);
      const note = s.overlay?.notes?.[key];
      if (note) {
        this.node = node;
        this.note([key], note);
      }
    }
    if (merges) this.readMerges(merges, out, s);
    this.node = node;
    if (deferred)
      for (const pair of deferred) {
        const key = this.keyOf(pair) as string;
        if (!legacyRules![key]!(pair, out, this, node, s)) this.unknownKey(pair, key, s, out);
      }
    this.node = node;
    if (s.overlay?.fixup && this.errors === before) s.overlay.fixup(out, this);
    if (s.defaults) for (const [k, v] of s.defaults) if (out[k] === undefined) out[k] = cloneJson(v);
    if (s.required) for (const k of s.required) if (out[k] === undefined) this.add(d.requiredField(this.span(node), formatPath([...this.path, k])));
    return out;
  }

  private readField(value: Node, key: string, fs: SchemaNode, out: Record<string, unknown>): void {
    this.path.push(key);
    out[key] = this.read(value, fs);
    this.path.pop();
  }

  /** A key that is not a field: kept as written under preserve-unknown-fields, else an error with the nearest field. */
  private unknownKey(pair: Pair<Node, Node>, key: string, s: SchemaNode, out: Record<string, unknown>): void {
    if (s.keepUnknown) out[key] = pair.value ? (pair.value as { toJS(doc: Document): unknown }).toJS(this.doc) : null;
    else this.add(d.unknownField(this.span(pair.key), key, formatPath(this.path), [...(s.fields ?? EMPTY).keys()]));
  }

  /** YAML merge keys (`<<: *anchor`): merged fields never override the object's own. */
  private readMerges(sources: (Node | null)[], out: Record<string, unknown>, s: SchemaNode): void {
    for (let src of sources) {
      const list = src && isSeq(src) ? (src.items as Node[]) : [src];
      for (src of list) {
        if (src && isAlias(src)) src = (src.resolve(this.doc) as Node | undefined) ?? null;
        if (!src || !isMap(src)) continue;
        for (const pair of src.items as Pair<Node, Node>[]) {
          const key = this.keyOf(pair);
          if (key === undefined || key === MERGE || out[key] !== undefined) continue;
          const fs = s.fields?.get(key);
          if (!fs) this.unknownKey(pair, key, s, out);
          else if (!isNull(pair.value)) this.readField(pair.value!, key, fs, out);
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

  private readList(node: YAMLSeq, s: SchemaNode): unknown[] {
    const items = node.items as (Node | null)[];
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      const item = items[i];
      out[i] = isNull(item) ? this.typeError(item, 'a list item, not null') : this.read(item, s.items ?? ANY);
      this.path.pop();
    }
    if (s.minItems !== undefined && items.length < s.minItems)
      this.add(
        d.invalidValue(this.span(node), formatPath(this.path), s.minItems === 1 ? 'must have at least 1 item' : `must have at least ${s.minItems} items`),
      );
    if (s.maxItems !== undefined && items.length > s.maxItems)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must have at most ${s.maxItems} items (got ${items.length})`));
    if ((s.listType === 'set' || s.listType === 'map') && items.length > 1) this.checkUnique(items, out, s);
    return out;
  }

  /** `x-kubernetes-list-type: set` (items unique) and `map` (items unique by their map keys). */
  private checkUnique(items: (Node | null)[], out: unknown[], s: SchemaNode): void {
    const seen = new Set<string>();
    const keys = s.listType === 'map' ? (s.mapKeys ?? []) : undefined;
    for (let i = 0; i < out.length; i++) {
      const v = out[i] as Record<string, unknown> | undefined;
      if (v === undefined) continue;
      const id = JSON.stringify(keys ? keys.map((k) => v[k]) : v);
      if (seen.has(id)) {
        const what = keys ? keys.map((k) => `with ${k} ${JSON.stringify(v[k])}`).join(', ') : JSON.stringify(v);
        this.add(d.duplicateEntry(this.span(items[i]), formatPath([...this.path, i]), what));
      }
      seen.add(id);
    }
  }

  private readMap(node: YAMLMap, s: SchemaNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = this.keyOf(pair);
      if (key === undefined || key === MERGE) continue;
      n++;
      const bad = s.overlay?.keys?.(key);
      if (bad) this.add(d.invalidValue(this.span(pair.key), formatPath([...this.path, key]), bad));
      this.path.push(key);
      out[key] = isNull(pair.value) ? this.typeError(pair.value, expectedScalar(s.values!)) : this.read(pair.value, s.values!);
      this.path.pop();
    }
    if (s.maxProperties !== undefined && n > s.maxProperties)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must have at most ${s.maxProperties} entries (got ${n})`));
    if (s.minProperties !== undefined && n < s.minProperties)
      this.add(d.invalidValue(this.span(node), formatPath(this.path), `must have at least ${s.minProperties} entries`));
    return out;
  }
}

const MERGE = Symbol('merge');
const EMPTY: ReadonlyMap<string, SchemaNode> = new Map();
const ANY: SchemaNode = blank('any');

function celDiagnostic(at: Span, path: string, outcome: { message: string; error?: string }): Diagnostic {
  return outcome.error === undefined ? d.celRule(at, path, outcome.message) : d.celRuleError(at, path, outcome.message, outcome.error);
}

function expectedScalar(s: SchemaNode): string {
  if (s.expect) return s.expect;
  switch (s.kind) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
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
