// The structural part of a CRD's openAPIV3Schema, as tools/crd-schemas keeps it (no descriptions),
// and the form of the generated `*.schema.json` files. Core Kubernetes kinds are written in the
// same form by hand (1-load/core/), so one walker checks every kind.

/** An `x-kubernetes-validations` entry: a CEL rule and the CRD's message. */
export interface CelRuleSpec {
  rule: string;
  message?: string;
}

export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: { readonly [name: string]: OpenApiSchema };
  required?: readonly string[];
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  enum?: readonly unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
  nullable?: boolean;
  allOf?: readonly OpenApiSchema[];
  anyOf?: readonly OpenApiSchema[];
  oneOf?: readonly OpenApiSchema[];
  not?: OpenApiSchema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: readonly string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: readonly CelRuleSpec[];
  /** Generated files only: the subtree is `definitions[$ref]` (repeated subtrees are written once). */
  $ref?: string;
}

/** One generated `<kind>.schema.json`: every served version of one CRD kind. */
export interface CrdSchemaFile {
  kind: string;
  group: string;
  scope: 'Namespaced' | 'Cluster';
  /** Served versions, storage version first: the root schema of each (`status` left out: it is not input). */
  versions: { readonly [version: string]: OpenApiSchema };
  /** Subtrees that occur more than once, named by the path of their first occurrence. */
  definitions: { readonly [name: string]: OpenApiSchema };
}
