// Where each xDS resource an EnvoyPatchPolicy names lives in a static bootstrap: listeners,
// clusters and secrets under static_resources; route configurations inline in their listener's
// HTTP connection managers (found by name; HTTPS filter chains may each hold a copy); cluster load
// assignments inline in their clusters (by `cluster_name`).
import type { Bootstrap } from '../5-emit';
import type { XdsTypeUrl } from '../ir';
import { HCM_TYPE } from '../xds/split';

type Json = Record<string, any>;

/** One place a resource sits: read it, or put a patched one there. */
export interface Slot {
  value: Json;
  set(v: Json): void;
}

const slot = (holder: Json, key: string | number): Slot => ({
  value: holder[key],
  set: (v) => {
    holder[key] = v;
  },
});

/** The HCMs of a listener (every filter chain, the default one included). */
function connectionManagers(listener: Json): Json[] {
  const chains: Json[] = [...(listener.filter_chains ?? []), ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])];
  return chains.flatMap((c) => (c.filters ?? []).map((f: Json) => f.typed_config).filter((t: Json | undefined) => t?.['@type'] === HCM_TYPE));
}

/** Every resource of a type, with its name, in bootstrap order. */
export function resourcesOf(b: Bootstrap, type: XdsTypeUrl): { name: string; slot: Slot }[] {
  const sr = b.static_resources as Json;
  const list = (key: 'listeners' | 'clusters' | 'secrets') =>
    ((sr[key] ?? []) as Json[]).map((r, i) => ({ name: String(r.name ?? ''), slot: slot(sr[key], i) }));
  switch (type) {
    case 'type.googleapis.com/envoy.config.listener.v3.Listener':
      return list('listeners');
    case 'type.googleapis.com/envoy.config.cluster.v3.Cluster':
      return list('clusters');
    case 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret':
      return list('secrets');
    case 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration':
      return (sr.listeners as Json[])
        .flatMap(connectionManagers)
        .filter((h) => h.route_config)
        .map((h) => ({ name: String(h.route_config.name ?? ''), slot: slot(h, 'route_config') }));
    case 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment':
      return (sr.clusters as Json[])
        .filter((c) => c.load_assignment)
        .map((c) => ({ name: String(c.load_assignment.cluster_name ?? ''), slot: slot(c, 'load_assignment') }));
  }
}

/** Where a whole new resource goes (`add` with an empty path); route configurations and load assignments live inside others. */
export function addTarget(b: Bootstrap, type: XdsTypeUrl): Json[] | undefined {
  const sr = b.static_resources as Json;
  const key =
    type === 'type.googleapis.com/envoy.config.listener.v3.Listener'
      ? 'listeners'
      : type === 'type.googleapis.com/envoy.config.cluster.v3.Cluster'
        ? 'clusters'
        : type === 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret'
          ? 'secrets'
          : undefined;
  if (!key) return undefined;
  return (sr[key] ??= []);
}

/** `Listener`, `RouteConfiguration`, …: the last part of a type URL, for messages. */
export function shortType(type: XdsTypeUrl): string {
  return type.slice(type.lastIndexOf('.') + 1);
}
