import type { Loaded, Resources } from '../1-load/types';
import type { Backend } from '../api/backend';
import type { ClusterTrustBundle, ConfigMap, EndpointSlice, Namespace, Secret, Service, ServiceImport } from '../api/core';
import type { BackendTLSPolicy } from '../api/generated/backendtlspolicy';
import type { HTTPRouteFilter } from '../api/generated/httproutefilter';
import { SERVICE_IMPORT_NAME_LABEL, SERVICE_NAME_LABEL } from '../api/core';
import type { ReferenceGrant } from '../api/routes';

/** Name-keyed lookups over the loaded resources, built once per run. */
export interface Lookup {
  services: Map<string, Loaded<Service>>;
  /** EndpointSlices by `<ns>/<service name>` (from the kubernetes.io/service-name label). */
  endpointSlices: Map<string, Loaded<EndpointSlice>[]>;
  /** Multi-cluster ServiceImports, and their EndpointSlices by `<ns>/<name>` (the multicluster.kubernetes.io/service-name label). */
  serviceImports: Map<string, Loaded<ServiceImport>>;
  serviceImportSlices: Map<string, Loaded<EndpointSlice>[]>;
  /** ClusterTrustBundles by name (cluster-scoped). */
  clusterTrustBundles: Map<string, Loaded<ClusterTrustBundle>>;
  backends: Map<string, Loaded<Backend>>;
  secrets: Map<string, Loaded<Secret>>;
  configMaps: Map<string, Loaded<ConfigMap>>;
  /** Envoy Gateway's HTTPRouteFilters, which route filters name by `extensionRef`. */
  httpRouteFilters: Map<string, Loaded<HTTPRouteFilter>>;
  /** In provider order (a Backend's TLS without a CA is valid when policies give one). */
  backendTlsPolicies: Loaded<BackendTLSPolicy>[];
  namespaces: Map<string, Loaded<Namespace>>;
  /** ReferenceGrants by the namespace they live in (the target's). */
  grants: Map<string, Loaded<ReferenceGrant>[]>;
}

function byNamespacedName<T extends { metadata: { namespace: string; name: string } }>(list: Loaded<T>[]): Map<string, Loaded<T>> {
  return new Map(list.map((l) => [`${l.value.metadata.namespace}/${l.value.metadata.name}`, l]));
}

function groupBy<T>(list: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    if (k === undefined) continue;
    const bucket = out.get(k);
    if (bucket) bucket.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function buildLookup(r: Resources): Lookup {
  return {
    services: byNamespacedName(r.services),
    endpointSlices: groupBy(r.endpointSlices, (s) => {
      const svc = s.value.metadata.labels?.[SERVICE_NAME_LABEL];
      return svc === undefined ? undefined : `${s.value.metadata.namespace}/${svc}`;
    }),
    serviceImports: byNamespacedName(r.serviceImports),
    serviceImportSlices: groupBy(r.endpointSlices, (s) => {
      const imported = s.value.metadata.labels?.[SERVICE_IMPORT_NAME_LABEL];
      return imported === undefined ? undefined : `${s.value.metadata.namespace}/${imported}`;
    }),
    clusterTrustBundles: new Map(r.clusterTrustBundles.map((b) => [b.value.metadata.name, b])),
    backends: byNamespacedName(r.backends),
    secrets: byNamespacedName(r.secrets),
    configMaps: byNamespacedName(r.configMaps),
    httpRouteFilters: byNamespacedName(r.httpRouteFilters),
    backendTlsPolicies: r.backendTlsPolicies,
    namespaces: new Map(r.namespaces.map((n) => [n.value.metadata.name, n])),
    grants: groupBy(r.referenceGrants, (g) => g.value.metadata.namespace),
  };
}

/**
 * True when a ReferenceGrant in `to.namespace` lets `from` refer to the target
 * (Gateway API ReferenceGrant: exact group/kind/namespace on `from`; `to.name` empty = any).
 */
export function referencePermitted(
  lookup: Lookup,
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): boolean {
  for (const grant of lookup.grants.get(to.namespace) ?? []) {
    const spec = grant.value.spec;
    const fromOk = spec.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace);
    if (!fromOk) continue;
    if (spec.to.some((t) => t.group === to.group && t.kind === to.kind && (!t.name || t.name === to.name))) return true;
  }
  return false;
}
