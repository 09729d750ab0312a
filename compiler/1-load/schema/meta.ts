// `metadata` (metav1.ObjectMeta), which CRDs leave to the API server: the same for every kind but
// the rule on `name`. Written in the CRD schema form; its TypeScript twin is api/meta.ts ObjectMeta.
import type { OpenApiSchema } from '../../api/openapi';
import { SchemaCompiler, type SchemaNode } from './node';

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SUBDOMAIN = new RegExp(DNS_SUBDOMAIN);

/** The rule an object's name follows. */
export const NAME_RULES = {
  /** Most objects, every custom resource. */
  subdomain: { type: 'string', minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN },
  /** Namespaces. */
  label: { type: 'string', minLength: 1, maxLength: 63, pattern: DNS_LABEL },
  /** Services (must start with a letter). */
  dns1035: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$' },
  /** ClusterTrustBundles: a subdomain, or `<signer name with / as :>:<subdomain>` for a signer's bundle. */
  trustBundle: {
    type: 'string',
    minLength: 1,
    maxLength: 253,
    pattern: '^([a-z0-9.-]+:[a-z0-9.:/-]+:)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  },
} as const satisfies Record<string, OpenApiSchema>;

const labels = { type: 'object', additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' } } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;

function metadataSchema(name: OpenApiSchema): OpenApiSchema {
  return {
    type: 'object',
    required: ['name'],
    properties: {
      name,
      generateName: { type: 'string' },
      namespace: NAME_RULES.label,
      labels,
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      creationTimestamp: timestamp,
      deletionTimestamp: timestamp,
      deletionGracePeriodSeconds: { type: 'integer' },
      generation: { type: 'integer' },
      uid: { type: 'string' },
      resourceVersion: { type: 'string' },
      selfLink: { type: 'string' },
      finalizers: { type: 'array', items: { type: 'string' } },
      ownerReferences: { type: 'array', items: { 'x-kubernetes-preserve-unknown-fields': true } },
      managedFields: { type: 'array', items: { 'x-kubernetes-preserve-unknown-fields': true } },
    },
  };
}

/** What is wrong with a label or annotation key (`[prefix/]name`), if anything. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? '' : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1 && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) return `key prefix "${prefix}" must be a lower-case DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name))
    return 'key name must be 1-63 characters: alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  return undefined;
}

const compiled = new Map<OpenApiSchema, SchemaNode>();

/** The compiled `metadata` schema for objects whose name follows `name`. */
export function metadataNode(name: OpenApiSchema): SchemaNode {
  let node = compiled.get(name);
  if (!node) {
    node = new SchemaCompiler().compile(metadataSchema(name));
    for (const k of ['labels', 'annotations']) node.fields!.get(k)!.overlay = { keys: qualifiedNameProblem };
    compiled.set(name, node);
  }
  return node;
}
