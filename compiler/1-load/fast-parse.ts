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

/**
 * Prototypes for the fast path's nodes: the yaml package's own classes, with its node
 * type (the `Symbol.for('yaml.node.type')` its isMap/isSeq/isPair read) on the prototype instead of
 * on each node. Its constructors define that property per node, which cost about 1 µs a mapping
 * entry (0.25 s at 10,000 routes); these nodes are read once and dropped. fast-parse.test.ts checks
 * that the package takes them for its own.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const FAST_MAP = Object.create(YAMLMap.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.map') } }) as object;
const FAST_SEQ = Object.create(YAMLSeq.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.seq') } }) as object;
const FAST_PAIR = Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } }) as object;

const FAST_SCALAR = Object.create(Scalar.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.scalar') } }) as object;

function fastNode(proto: object): unknown {
  return Object.create(proto);
}

function fastScalar(value: unknown): Scalar {
  const node = fastNode(FAST_SCALAR) as Scalar;
  node.value = value;
  return node;
}

/** Thrown inside the reader when the fast path cannot read the file as the yaml package would. */
const BAIL = new Error('not for the fast path');

/** Keys of a mapping checked for repeats by a scan, below this many (then a set). */
const SCAN_KEYS = 32;

/** Distinct scalars a reader keeps for sharing before it starts over. */
const SHARED_SCALARS = 4096;

function bail(): never {
  throw BAIL;
}

/** A plain scalar as the yaml package composes it (compose-scalar: the first default tag whose test matches, else a string). */
function plainScalar(text: string): Scalar {
  for (const tag of PLAIN_TAGS)
    if (tag.test!.test(text)) {
      const v = tag.resolve(text, bail, FAST_DOC.options);
      return isScalar(v) ? (v as Scalar) : fastScalar(v);
    }
  return fastScalar(text);
}

class EventReader {
  private i = 0;
  /** Offset of each mapping's first key in the file (inside the range the yaml package gives the mapping). */
  readonly starts = new Map<YAMLMap, number>();
  private readonly plain = new Map<string, Scalar>();
  private readonly quoted = new Map<string, Scalar>();
  private text = '';
  private base = 0;
  private events: Event[] = [];

  /**
   * Hands `each` the root node of every document in `text` (which starts at `base` in the file) in
   * order, undefined for a document without content. One parse per chunk of documents: js-yaml sets
   * up a parser per call.
   */
  documents(text: string, base: number, each: (root: Node | undefined) => void): void {
    this.text = text;
    this.base = base;
    try {
      this.events = parseEvents(text, { maxDepth: MAX_NESTING + 1 });
    } catch {
      bail();
    }
    this.i = 0;
    while (this.i < this.events.length) {
      const doc = this.events[this.i++];
      if (doc?.type !== EVENT_ID.DOCUMENT || doc.directives.length) bail();
      const root = this.node();
      if (this.events[this.i++]?.type !== EVENT_ID.POP) bail();
      each(root);
    }
  }

  /**
   * A scalar, one node per style and spelling: values repeat across objects (kinds, ports, match
   * types) and the walker only reads them. Bounded, so a huge file of distinct values does not keep
   * them all.
   */
  private scalar(e: ScalarEvent): Scalar {
    const text = getScalarValue(this.text, e);
    const plain = e.style === SCALAR_STYLE.PLAIN;
    const seen = plain ? this.plain : this.quoted;
    let node = seen.get(text);
    if (!node) {
      if (seen.size >= SHARED_SCALARS) seen.clear();
      seen.set(text, (node = plain ? plainScalar(text) : fastScalar(text)));
    }
    return node;
  }

  private node(): Node {
    const e = this.events[this.i++];
    if (!e || e.type === EVENT_ID.ALIAS || e.type === EVENT_ID.POP || e.type === EVENT_ID.DOCUMENT) bail();
    if (e.anchorStart !== -1 || e.tagStart !== -1) bail();
    if (e.type === EVENT_ID.SCALAR) return this.scalar(e);
    if (e.type === EVENT_ID.SEQUENCE) {
      const seq = fastNode(FAST_SEQ) as YAMLSeq;
      seq.items = [];
      while (this.events[this.i]?.type !== EVENT_ID.POP) seq.items.push(this.node());
      this.i++;
      return seq;
    }
    const map = fastNode(FAST_MAP) as YAMLMap;
    map.items = [];
    let seen: Set<unknown> | undefined;
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const k = this.events[this.i++];
      if (k?.type !== EVENT_ID.SCALAR || k.anchorStart !== -1 || k.tagStart !== -1) bail();
      if (map.items.length === 0) this.starts.set(map, this.base + (k.valueStart === -1 ? e.start : k.valueStart));
      const key = this.scalar(k);
      // `<<` is a merge key to the yaml package; a repeated key is its error: both go its way.
      if (k.style === SCALAR_STYLE.PLAIN && key.value === '<<') bail();
      const items = map.items as Pair<Scalar>[];
      // Most objects have a few keys: a scan is cheaper than a set until there are many.
      if (items.length < SCAN_KEYS) {
        for (const p of items) if (p.key.value === key.value) bail();
      } else {
        seen ??= new Set(items.map((p) => p.key.value));
        if (seen.has(key.value)) bail();
        seen.add(key.value);
      }
      const pair = fastNode(FAST_PAIR) as Pair<Scalar>;
      pair.key = key;
      pair.value = this.node();
      items.push(pair);
    }
    this.i++;
    return map;
  }
}

/** A line that starts a document (`---` then a space or the line's end): no scalar or collection runs across one. */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/** Text per parse, about: big enough that js-yaml's set-up per call does not count, small enough that one chunk's events are little garbage. */
const CHUNK_CHARS = 64 * 1024;

/** The file cut at document starts into chunks of about CHUNK_CHARS, so each is parsed, walked and dropped in turn. */
function chunkStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_START)) if (m.index - starts[starts.length - 1]! >= CHUNK_CHARS) starts.push(m.index);
  return starts;
}

/**
 * Reads `file` on the fast path, handing each object to `each` with an offset inside its mapping, in
 * document order. False when the file must go the yaml package's way (objects handed already must be
 * dropped then).
 */
export function fastObjects(file: SourceFile, diags: Diagnostics, each: (raw: RawObject, at: number) => void): boolean {
  const reader = new EventReader();
  const cuts = chunkStarts(file.text);
  const objects: RawObject[] = [];
  const onDocument = (root: Node | undefined) => {
    if (root && !(isScalar(root) && root.value === null)) collect(file.path, FAST_DOC, root, diags, objects);
    for (const raw of objects) each(raw, reader.starts.get(raw.node)!);
    objects.length = 0;
    reader.starts.clear();
  };
  for (let c = 0; c < cuts.length; c++) {
    const start = cuts[c]!;
    try {
      reader.documents(file.text.slice(start, cuts[c + 1]), start, onDocument);
    } catch (e) {
      if (e === BAIL) return false;
      throw e;
    }
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
