import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Span } from './source-file';

/** A path into a YAML document: map keys and sequence indexes. */
export type NodePath = readonly (string | number)[];

/** Where a loaded object came from: its file and its document's root node. */
export interface SourceRef {
  file: string;
  /** The document's root node (or the `items[i]` node of a `kind: List`). */
  node: Node;
}

function rangeSpan(file: string, node: Node | null | undefined, fallback: Span): Span {
  const range = node?.range;
  return range ? { file, start: range[0], end: range[1] } : fallback;
}

function childPair(node: Node, key: string): Pair<Node, Node> | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    const k = item.key;
    if (isScalar(k) && String(k.value) === key) return item as Pair<Node, Node>;
  }
  return undefined;
}

/**
 * The span of the node at `path` under `ref`, or of the deepest node that exists on the way
 * (so a missing field points at the object that should hold it). With `{ key: true }` the span
 * of the last map key is returned instead of its value (for "unknown field" errors).
 */
export function spanAt(ref: SourceRef, path: NodePath, opts: { key?: boolean } = {}): Span {
  let node: Node = ref.node;
  let span = rangeSpan(ref.file, node, { file: ref.file, start: 0, end: 0 });
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    let next: Node | undefined;
    if (typeof seg === 'number') {
      next = isSeq(node) ? (node.items[seg] as Node | undefined) : undefined;
    } else {
      const pair = childPair(node, seg);
      if (pair && opts.key && i === path.length - 1) return rangeSpan(ref.file, pair.key, span);
      next = pair ? ((pair.value as Node | null) ?? (pair.key as Node)) : undefined;
      if (pair && !pair.value) return rangeSpan(ref.file, pair.key, span);
    }
    if (!next) return span;
    node = next;
    span = rangeSpan(ref.file, node, span);
  }
  return span;
}

/**
 * `spanAt(ref, path)`, found the first time `start` or `end` is read (`file` is known at once): for
 * spans most runs never read, such as the IR's origins. A loaded object's node may cost a parse of
 * its file (1-load's fast path), so a span nobody reads should cost nothing. A class, not accessors
 * defined per object: lowering makes one per route rule, and per-object accessors cost a slow
 * object each.
 */
class LazySpan implements Span {
  readonly file: string;
  readonly #ref: SourceRef;
  readonly #path: NodePath;
  #span: Span | undefined;

  constructor(ref: SourceRef, path: NodePath) {
    this.file = ref.file;
    this.#ref = ref;
    this.#path = path;
  }

  get start(): number {
    return this.#found().start;
  }

  get end(): number {
    return this.#found().end;
  }

  /** As a plain span, so JSON (a dump, a test's comparison) shows where it points. */
  toJSON(): Span {
    return { file: this.file, start: this.start, end: this.end };
  }

  #found(): Span {
    return (this.#span ??= spanAt(this.#ref, this.#path));
  }
}

export function spanLater(ref: SourceRef, path: NodePath): Span {
  return new LazySpan(ref, path);
}

/** True when the YAML node at `path` exists (used to tell "absent" from "null"). */
export function hasNode(ref: SourceRef, path: NodePath): boolean {
  let node: Node | undefined = ref.node;
  for (const seg of path) {
    if (!node) return false;
    if (typeof seg === 'number') node = isSeq(node) ? (node.items[seg] as Node | undefined) : undefined;
    else {
      const pair = childPair(node, seg);
      if (!pair) return false;
      node = (pair.value as Node | null) ?? undefined;
      if (!node) return true;
    }
  }
  return node !== undefined;
}
