// envoyc's additions to a kind's schema, kept apart from the generated schema and placed on it by
// path when the kind's schema is compiled: the seed documents' non-canonical spellings (btp-fields.md
// §8), envoyc extension fields, and for core kinds the API server's checks that are Go code, not schema.
import type { Node, Pair, YAMLMap } from 'yaml';
import type { OpenApiSchema } from '../../api/openapi';
import { SchemaCompiler, type SchemaNode } from './node';
import type { CheckCtx } from './walk';

/** A check on the built value of a node (core kinds' API-server rules, extension-field rules). */
export type Check = (value: any, c: CheckCtx) => void;

/**
 * A non-canonical spelling accepted for a key. For a key that is an API field it runs in place of the
 * normal read and returns false to fall back to it (wrong form → normal error); for a key that is not a
 * field it runs after the real fields were read, so it can merge into them. `map` is the object's YAML
 * node (to look at siblings), `node` its schema.
 */
export type LegacyRule = (pair: Pair<Node, Node>, out: any, c: CheckCtx, map: YAMLMap, node: SchemaNode) => boolean;

export interface Overlay {
  /** Keys that are not API fields but are read (with a non-canonical warning) as something else. */
  legacy?: Readonly<Record<string, LegacyRule>>;
  /** Runs after fields and legacy keys are read, before defaults and required checks (seed fixes). */
  fixup?: Check;
  /** A field present in the object gets a non-canonical note (envoyc extension fields). */
  notes?: Readonly<Record<string, string>>;
  /** Fields envoyc reads beyond the CRD's (envoyc extensions), in the CRD's schema form. */
  extraFields?: Readonly<Record<string, OpenApiSchema>>;
  /** Checks after the schema's own, on a node without errors. */
  checks?: readonly Check[];
  /** For a map: what is wrong with a key (labels and annotations), if anything. */
  keys?: (key: string) => string | undefined;
}

/** Overlays of one kind by path from the object's root: `spec.retry`, `spec.targetRefs[*]`. */
export type KindOverlay = Readonly<Record<string, Overlay>>;

/**
 * Places each overlay on the node at its path. A node shared between paths (a `$ref`) is copied
 * first, so an overlay never leaks to another place that happens to have the same shape.
 */
export function applyOverlay(root: SchemaNode, overlay: KindOverlay): void {
  for (const [path, o] of Object.entries(overlay)) {
    const node = ownNodeAt(root, path);
    node.overlay = o;
    if (o.extraFields) {
      const compiler = new SchemaCompiler();
      for (const [k, s] of Object.entries(o.extraFields)) node.fields!.set(k, compiler.compile(s));
    }
  }
}

function ownNodeAt(root: SchemaNode, path: string): SchemaNode {
  let node = root;
  for (const seg of path.match(/[^.[\]]+|\[\*\]/g) ?? []) {
    const parent = node;
    if (seg === '[*]') {
      if (!parent.items) throw new Error(`overlay: ${path}: not a list at ${seg}`);
      node = parent.items = own(parent.items);
    } else {
      const child = parent.fields?.get(seg);
      if (!child) throw new Error(`overlay: ${path}: no field ${seg}`);
      node = own(child);
      parent.fields!.set(seg, node);
    }
  }
  return node;
}

function own(n: SchemaNode): SchemaNode {
  return n.fields ? { ...n, fields: new Map(n.fields) } : { ...n };
}
