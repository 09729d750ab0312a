// Each kind's schema per served version, compiled on first use: the generated CRD schema (read from
// its JSON file beside the generated types) or a core kind's written one, with `metadata` as the API
// server checks it, `status` ignored, and envoyc's overlay in place.
import type { CrdSchemaFile, OpenApiSchema } from '../../api/openapi';
import { CRD_KINDS, type CrdKind } from '../../api/generated';
import {
  clusterTrustBundleSchema,
  configMapSchema,
  endpointSliceSchema,
  namespaceSchema,
  secretSchema,
  serviceImportSchema,
  serviceSchema,
} from '../../api/core';
import type { Kind } from '../../api/meta';
import { CORE_OVERLAYS } from '../core';
import { BTP_OVERLAY } from '../seed';
import { metadataNode, NAME_RULES } from './meta';
import { blank, SchemaCompiler, type SchemaNode } from './node';
import { applyOverlay, type KindOverlay } from './overlay';

const CORE_SCHEMAS: Readonly<Record<string, { schema: OpenApiSchema; name: OpenApiSchema }>> = {
  Namespace: { schema: namespaceSchema, name: NAME_RULES.label },
  Service: { schema: serviceSchema, name: NAME_RULES.dns1035 },
  EndpointSlice: { schema: endpointSliceSchema, name: NAME_RULES.subdomain },
  Secret: { schema: secretSchema, name: NAME_RULES.subdomain },
  ConfigMap: { schema: configMapSchema, name: NAME_RULES.subdomain },
  ServiceImport: { schema: serviceImportSchema, name: NAME_RULES.dns1035 },
  ClusterTrustBundle: { schema: clusterTrustBundleSchema, name: NAME_RULES.trustBundle },
};

const OVERLAYS: Readonly<Partial<Record<Kind, KindOverlay>>> = { ...CORE_OVERLAYS, BackendTrafficPolicy: BTP_OVERLAY };

/** Kept as written and never checked: status is the API server's to write, not input. */
const STATUS: SchemaNode = blank('any');

const cache = new Map<string, SchemaNode>();

/** The compiled schema of `kind` at `version` (a served version). */
export function schemaOf(kind: Kind, version: string): SchemaNode {
  const key = `${kind}/${version}`;
  let node = cache.get(key);
  if (!node) {
    node = compileKind(kind, version);
    cache.set(key, node);
  }
  return node;
}

function compileKind(kind: Kind, version: string): SchemaNode {
  const core = CORE_SCHEMAS[kind];
  let root: SchemaNode;
  if (core) root = { ...new SchemaCompiler().compile(core.schema) };
  else {
    const file = require(`../../api/generated/${CRD_KINDS[kind as CrdKind].schema}`) as CrdSchemaFile;
    root = { ...new SchemaCompiler(file.definitions).compile(file.versions[version]!) };
  }
  root.fields = new Map(root.fields);
  root.fields.set('metadata', metadataNode(core?.name ?? NAME_RULES.subdomain));
  root.fields.set('status', STATUS);
  const overlay = OVERLAYS[kind];
  if (overlay) applyOverlay(root, overlay);
  return root;
}
