// A structural schema (generated from a CRD, or a core kind's written in the same form) compiled
// once into the nodes the walker reads: fields as Maps, defaults listed, patterns as RegExps, the
// words messages use for each expected form, CEL rules, and envoyc's overlay (overlay.ts) in place.
import type { CelRuleSpec, OpenApiSchema } from '../../api/openapi';
import type { Overlay } from './overlay';
import { patternFor, type Pattern } from './patterns';
import { expectedForm } from './wording';

export type NodeKind = 'object' | 'map' | 'list' | 'string' | 'integer' | 'number' | 'boolean' | 'intOrString' | 'any';

export interface SchemaNode {
  kind: NodeKind;
  /** What messages call the expected form ("a Duration such as 5s"), when the schema has a known one. */
  expect?: string;
  default?: unknown;
  // object
  fields?: Map<string, SchemaNode>;
  required?: readonly string[];
  /** Fields with a CRD default, filled in when absent. */
  defaults?: readonly (readonly [string, unknown])[];
  /** `x-kubernetes-preserve-unknown-fields` on an object with fields: other keys are kept as written. */
  keepUnknown?: boolean;
  // map (additionalProperties) and object
  values?: SchemaNode;
  minProperties?: number;
  maxProperties?: number;
  // list
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: readonly string[];
  // scalars
  enum?: readonly unknown[];
  patterns?: readonly Pattern[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  /** `oneOf` / `anyOf` / `not` members: checked against the built value (the Gateway address rule). */
  oneOf?: readonly OpenApiSchema[];
  anyOf?: readonly OpenApiSchema[];
  not?: OpenApiSchema;
  /** `x-kubernetes-validations`, evaluated (cel/) after the node's own checks passed. */
  rules?: readonly CelRuleSpec[];
  /** envoyc's additions at this node (seed spellings, core kinds' API-server checks). */
  overlay?: Overlay;
}

/** Resolves `$ref`s into `definitions`; one compiled node per definition, shared by its uses. */
export class SchemaCompiler {
  private readonly shared = new Map<string, SchemaNode>();

  constructor(private readonly definitions: { readonly [name: string]: OpenApiSchema } = {}) {}

  compile(s: OpenApiSchema): SchemaNode {
    if (s.$ref === undefined) return this.build(s);
    let node = this.shared.get(s.$ref);
    if (!node) {
      const def = this.definitions[s.$ref];
      if (!def) throw new Error(`schema: unknown $ref ${s.$ref}`);
      // Structural schemas cannot recurse, so a definition never refers to itself.
      node = this.build(def);
      this.shared.set(s.$ref, node);
    }
    return node;
  }

  private build(s: OpenApiSchema): SchemaNode {
    const n = blank(kindOf(s));
    copyConstraints(s, n);
    for (const m of s.allOf ?? []) mergeAllOf(m, n);
    if (s.properties) {
      n.fields = new Map(Object.entries(s.properties).map(([k, v]) => [k, this.compile(v)]));
      const defaults = [...n.fields].filter(([, f]) => f.default !== undefined).map(([k, f]) => [k, f.default] as const);
      if (defaults.length) n.defaults = defaults;
      if (s['x-kubernetes-preserve-unknown-fields']) n.keepUnknown = true;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') n.values = this.compile(s.additionalProperties);
    if (s.items) n.items = this.compile(s.items);
    const expect = expectedForm(n);
    if (expect) n.expect = expect;
    return n;
  }
}

/** A node of `kind` with no constraints. */
export function blank(kind: NodeKind): SchemaNode {
  return { kind };
}

function kindOf(s: OpenApiSchema): NodeKind {
  if (s['x-kubernetes-int-or-string']) return 'intOrString';
  switch (s.type) {
    case 'object':
      return s.properties || (s.additionalProperties && typeof s.additionalProperties === 'object') || !s['x-kubernetes-preserve-unknown-fields']
        ? s.properties
          ? 'object'
          : s.additionalProperties && typeof s.additionalProperties === 'object'
            ? 'map'
            : 'object'
        : 'any';
    case 'array':
      return 'list';
    case undefined:
      return 'any';
    default:
      return s.type;
  }
}

function copyConstraints(s: OpenApiSchema, n: SchemaNode): void {
  if (s.default !== undefined) n.default = s.default;
  if (s.required) n.required = s.required;
  if (s.enum) n.enum = s.enum;
  if (s.pattern !== undefined) n.patterns = [patternFor(s.pattern)];
  if (s.format !== undefined) n.format = s.format;
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const)
    if (s[k] !== undefined) n[k] = s[k];
  if (s.exclusiveMinimum) n.exclusiveMinimum = true;
  if (s.exclusiveMaximum) n.exclusiveMaximum = true;
  if (s['x-kubernetes-list-type']) n.listType = s['x-kubernetes-list-type'];
  if (s['x-kubernetes-list-map-keys']) n.mapKeys = s['x-kubernetes-list-map-keys'];
  if (s.oneOf) n.oneOf = s.oneOf;
  if (s.anyOf) n.anyOf = s.anyOf;
  if (s.not) n.not = s.not;
  if (s['x-kubernetes-validations']?.length) n.rules = s['x-kubernetes-validations'];
}

/** An `allOf` member adds its patterns and narrows the enum (a value must satisfy every member). */
function mergeAllOf(m: OpenApiSchema, n: SchemaNode): void {
  if (m.pattern !== undefined) n.patterns = [...(n.patterns ?? []), patternFor(m.pattern)];
  if (m.enum) n.enum = n.enum ? n.enum.filter((v) => m.enum!.includes(v)) : m.enum;
  const rest = Object.keys(m).filter((k) => k !== 'pattern' && k !== 'enum');
  if (rest.length) throw new Error(`schema: allOf member with ${rest.join(', ')} is not supported`);
}
