// Step 1 of loading: YAML (or JSON) text → one node per Kubernetes object, with syntax errors
// reported at their position. `kind: List` is expanded here.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import * as d from '../diagnostics/codes/load';
import type { Diagnostics } from '../diagnostics';
import type { SourceFile, Span } from '../source';
import { scalarAt } from './schema/walk';

/** One object as written: its mapping node, the document that owns it, apiVersion and kind. */
export interface RawObject {
  file: string;
  doc: Document;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  /** The kind (or apiVersion) value node, for "unknown kind" warnings. */
  kindNode: Node;
  apiVersionNode: Node;
}

// Merge keys (`<<: *x`) as Kubernetes' YAML 1.1 reader accepts them; duplicate keys are errors.
export const PARSE_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false } as const;

function span(file: string, node: Node | null | undefined): Span {
  const r = node?.range;
  return r ? { file, start: r[0], end: r[1] } : { file, start: 0, end: 0 };
}

/** The map key written at `offset` (the yaml package's error span covers only its first character). */
function keyAt(text: string, offset: number): string {
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*?)\s*:(?:\s|$)/.exec(text.slice(offset, offset + 300));
  return m ? m[1]!.trim() : text.slice(offset, text.indexOf('\n', offset) === -1 ? undefined : text.indexOf('\n', offset)).trim();
}

/** Every object in `file`, in document order. */
export function parseObjects(file: SourceFile, diags: Diagnostics): RawObject[] {
  const out: RawObject[] = [];
  const docs = parseAllDocuments(file.text, PARSE_OPTIONS);
  if (!Array.isArray(docs)) return out; // an empty stream
  for (const doc of docs) {
    if (doc.errors.length) {
      for (const e of doc.errors) {
        // The yaml package's duplicate-key message does not say which key; the span does.
        const key = e.code === 'DUPLICATE_KEY' ? keyAt(file.text, e.pos[0]) : undefined;
        const message = key !== undefined ? `duplicate key "${key}": map keys must be unique` : e.message;
        diags.add(d.yamlSyntax({ file: file.path, start: e.pos[0], end: key !== undefined ? e.pos[0] + key.length : e.pos[1] }, message));
      }
      continue;
    }
    const root = doc.contents as Node | null;
    if (!root || (isScalar(root) && root.value === null)) continue; // empty document
    collect(file.path, doc, root, diags, out);
  }
  return out;
}

/** Adds the object(s) `node` holds to `out`: itself, or the items of a `kind: List`. */
export function collect(file: string, doc: Document, node: Node, diags: Diagnostics, out: RawObject[]): void {
  if (!isMap(node)) {
    diags.add(d.invalidDocument(span(file, node), isSeq(node) ? 'a list' : 'a scalar'));
    return;
  }
  const apiVersion = scalarAt(node, 'apiVersion');
  const kind = scalarAt(node, 'kind');
  if (!apiVersion || apiVersion.value === null) return diags.add(d.missingTypeMeta(span(file, node), 'apiVersion'));
  if (!kind || kind.value === null) return diags.add(d.missingTypeMeta(span(file, node), 'kind'));
  if (kind.value === 'List' && apiVersion.value === 'v1') {
    const items = scalarAt(node, 'items')?.node;
    if (items && isSeq(items)) for (const item of items.items as Node[]) collect(file, doc, item, diags, out);
    return;
  }
  out.push({
    file,
    doc,
    node,
    apiVersion: String(apiVersion.value),
    kind: String(kind.value),
    kindNode: kind.node,
    apiVersionNode: apiVersion.node,
  });
}
