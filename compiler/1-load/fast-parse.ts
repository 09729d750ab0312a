// Step 1 of loading, fast path: js-yaml's event stream (offsets into the text, no tree) → the yaml
// package's node classes without ranges, short-lived: the walker reads them once and drops them.
// Plain scalars resolve through the yaml package's own core-schema tags, so values are the ones
// parse.ts gets. Anything the fast path does not read exactly as the yaml package would (a syntax
// error, anchors, aliases, tags, directives, merge keys, duplicate keys, complex keys) gives
// undefined, and the file goes the yaml package's way. Positions come later, from the yaml package,
// for the objects that need one (lazySource).
import { getScalarValue, parseEvents, EVENT_ID, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { Document, isScalar, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { MAX_NESTING, type SourceFile, type SourceRef } from '../source';
import { collect, PARSE_OPTIONS, type RawObject } from './parse';
import type { Diagnostics } from '../diagnostics';

/** The document fast-path nodes belong to: its schema resolves plain scalars; the walker's toJS() calls take it. */
const FAST_DOC = new Document(null, PARSE_OPTIONS);

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** The schema's implicit tags, in the order the yaml package tries them on a plain scalar. */
const PLAIN_TAGS = (FAST_DOC.schema.tags as ScalarTag[]).filter((t) => t.default === true && t.test);

/** Thrown inside the reader when the fast path cannot read the file as the yaml package would. */
const BAIL = new Error('not for the fast path');

function bail(): never {
  throw BAIL;
}

/** A plain scalar as the yaml package composes it (compose-scalar: the first default tag whose test matches, else a string). */
function plainScalar(text: string): Scalar {
  for (const tag of PLAIN_TAGS)
    if (tag.test!.test(text)) {
      const v = tag.resolve(text, bail, FAST_DOC.options);
      return isScalar(v) ? (v as Scalar) : new Scalar(v);
    }
  return new Scalar(text);
}

class EventReader {
  private i = 0;
  /** Offset of each mapping's first key in the file (inside the range the yaml package gives the mapping). */
  readonly starts = new Map<YAMLMap, number>();
  /** Plain keys, one node per spelling: keys repeat in every object and the walker only reads them. */
  private readonly keys = new Map<string, Scalar>();
  private text = '';
  private base = 0;
  private events: Event[] = [];

  /** The root node of the one document in `text`, which starts at `base` in the file; undefined when `text` holds none (comments). */
  document(text: string, base: number): Node | undefined {
    this.text = text;
    this.base = base;
    this.events = parseEvents(text, { maxDepth: MAX_NESTING + 1 });
    if (this.events.length === 0) return undefined;
    this.i = 0;
    const doc = this.events[this.i++];
    if (doc?.type !== EVENT_ID.DOCUMENT || doc.directives.length) bail();
    const root = this.node();
    if (this.events[this.i++]?.type !== EVENT_ID.POP || this.i !== this.events.length) bail();
    return root;
  }

  private scalar(e: ScalarEvent): Scalar {
    const text = getScalarValue(this.text, e);
    return e.style === SCALAR_STYLE.PLAIN ? plainScalar(text) : new Scalar(text);
  }

  private key(e: ScalarEvent): Scalar {
    if (e.style !== SCALAR_STYLE.PLAIN) return this.scalar(e);
    const text = getScalarValue(this.text, e);
    let k = this.keys.get(text);
    if (!k) this.keys.set(text, (k = plainScalar(text)));
    return k;
  }

  private node(): Node {
    const e = this.events[this.i++];
    if (!e || e.type === EVENT_ID.ALIAS || e.type === EVENT_ID.POP || e.type === EVENT_ID.DOCUMENT) bail();
    if (e.anchorStart !== -1 || e.tagStart !== -1) bail();
    if (e.type === EVENT_ID.SCALAR) return this.scalar(e);
    if (e.type === EVENT_ID.SEQUENCE) {
      const seq = new YAMLSeq();
      while (this.events[this.i]?.type !== EVENT_ID.POP) seq.items.push(this.node());
      this.i++;
      return seq;
    }
    const map = new YAMLMap();
    const seen = new Set<unknown>();
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const k = this.events[this.i++];
      if (k?.type !== EVENT_ID.SCALAR || k.anchorStart !== -1 || k.tagStart !== -1) bail();
      if (map.items.length === 0) this.starts.set(map, this.base + (k.valueStart === -1 ? e.start : k.valueStart));
      const key = this.key(k);
      // `<<` is a merge key to the yaml package; a repeated key is its error: both go its way.
      if ((k.style === SCALAR_STYLE.PLAIN && key.value === '<<') || seen.has(key.value)) bail();
      seen.add(key.value);
      map.items.push(new Pair(key, this.node()));
    }
    this.i++;
    return map;
  }
}

/** A line that starts a document (`---` then a space or the line's end): no scalar or collection runs across one. */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/**
 * The file cut where its documents start, so each is parsed, walked and dropped in turn (the
 * garbage of one document, not of the whole file, is alive at any time).
 */
function documentStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_START)) if (m.index > 0) starts.push(m.index);
  return starts;
}

/**
 * Reads `file` on the fast path, handing each object to `each` with an offset inside its mapping, in
 * document order. False when the file must go the yaml package's way (objects handed already must be
 * dropped then).
 */
export function fastObjects(file: SourceFile, diags: Diagnostics, each: (raw: RawObject, at: number) => void): boolean {
  const reader = new EventReader();
  const cuts = documentStarts(file.text);
  const objects: RawObject[] = [];
  for (let d = 0; d < cuts.length; d++) {
    const start = cuts[d]!;
    let root: Node | undefined;
    try {
      root = reader.document(file.text.slice(start, cuts[d + 1]), start);
    } catch {
      return false;
    }
    if (root && !(isScalar(root) && root.value === null)) collect(file.path, FAST_DOC, root, diags, objects);
    for (const raw of objects) each(raw, reader.starts.get(raw.node)!);
    objects.length = 0;
    reader.starts.clear();
  }
  return true;
}

/** Each file's documents as the yaml package reads them, parsed the first time a fast-path object of it needs a position. */
const parsed = new WeakMap<SourceFile, Node[]>();

function contains(node: Node, at: number): boolean {
  const r = node.range;
  return !!r && r[0] <= at && at < r[2];
}

/** The mapping node holding `at`, as parse.ts's collect() finds objects: a document's root, or an item of a `kind: List`. */
function objectAt(file: SourceFile, at: number): Node {
  let roots = parsed.get(file);
  if (!roots) {
    roots = parseAllDocuments(file.text, PARSE_OPTIONS)
      .map((d) => d.contents as Node | null)
      .filter((n): n is Node => !!n);
    parsed.set(file, roots);
  }
  let node = roots.find((n) => contains(n, at));
  for (;;) {
    if (!node) throw new Error(`envoyc: no object at ${file.path}:${at} in the yaml package's reading of it`);
    const items = node instanceof YAMLMap && node.get('kind') === 'List' && node.get('apiVersion') === 'v1' ? node.get('items') : undefined;
    if (!(items instanceof YAMLSeq)) return node;
    node = (items.items as Node[]).find((n) => contains(n, at));
  }
}

/**
 * The source of a fast-path object: its file, and its node as the yaml package reads it, parsed on
 * first use (a diagnostic, `explain`, `match`), so positions are the same as on the yaml package's path.
 */
export class LazySource implements SourceRef {
  readonly file: string;
  private parsedNode: Node | undefined;

  constructor(
    private readonly source: SourceFile,
    private readonly at: number,
  ) {
    this.file = source.path;
  }

  get node(): Node {
    return (this.parsedNode ??= objectAt(this.source, this.at));
  }
}
