/**
 * Read-only views over an emitted Envoy bootstrap (plain data, snake_case keys as written), shared
 * by `diff`, `match`, `explain` and `--annotate`: listeners, filter chains, HCM route configs,
 * virtual hosts, routes and clusters, each with its name and position.
 */

/** A JSON object as found in a bootstrap. */
export type Json = Record<string, any>;

export const HCM_FILTER = 'envoy.filters.network.http_connection_manager';

/** One filter chain of a listener; `isDefault` for `default_filter_chain`. */
export interface ChainView {
  name: string;
  chain: Json;
  isDefault: boolean;
  /** `filter_chain_match.server_names`; undefined = any SNI. */
  serverNames?: string[];
  /** The HCM's typed_config, when the chain serves HTTP. */
  hcm?: Json;
}

export interface RouteView {
  listener: string;
  port: number;
  chain: string;
  vhost: string;
  /** Position in the virtual host's route list (Envoy tries them in this order). */
  index: number;
  route: Json;
}

export function listenersOf(b: Json): Json[] {
  return (b?.static_resources?.listeners ?? []) as Json[];
}

export function clustersOf(b: Json): Json[] {
  return (b?.static_resources?.clusters ?? []) as Json[];
}

export function portOf(listener: Json): number {
  return Number(listener?.address?.socket_address?.port_value ?? 0);
}

function hcmOf(chain: Json): Json | undefined {
  const f = ((chain?.filters ?? []) as Json[]).find((x) => x.name === HCM_FILTER);
  return f?.typed_config;
}

/** Filter chains in Envoy's order of declaration, the default chain last. */
export function chainsOf(listener: Json): ChainView[] {
  const out: ChainView[] = ((listener.filter_chains ?? []) as Json[]).map((c, i) => ({
    name: (c.name as string | undefined) ?? `#${i}`,
    chain: c,
    isDefault: false,
    ...(c.filter_chain_match?.server_names ? { serverNames: c.filter_chain_match.server_names as string[] } : {}),
    ...(hcmOf(c) ? { hcm: hcmOf(c) } : {}),
  }));
  const d = listener.default_filter_chain as Json | undefined;
  if (d) out.push({ name: (d.name as string | undefined) ?? 'default', chain: d, isDefault: true, ...(hcmOf(d) ? { hcm: hcmOf(d) } : {}) });
  return out;
}

/** Every route of every inline route configuration, in order. */
export function routesOf(b: Json): RouteView[] {
  const out: RouteView[] = [];
  for (const l of listenersOf(b)) {
    for (const c of chainsOf(l)) {
      for (const vh of (c.hcm?.route_config?.virtual_hosts ?? []) as Json[]) {
        ((vh.routes ?? []) as Json[]).forEach((route, index) => out.push({ listener: l.name, port: portOf(l), chain: c.name, vhost: vh.name, index, route }));
      }
    }
  }
  return out;
}

/** The clusters a route sends to: its `cluster`, its weighted clusters, or none (redirect, direct response). */
export function routeClusters(route: Json): string[] {
  const r = route.route as Json | undefined;
  if (!r) return [];
  if (typeof r.cluster === 'string') return [r.cluster];
  return ((r.weighted_clusters?.clusters ?? []) as Json[]).map((c) => c.name as string);
}

/** `metadata.filter_metadata["envoy-gateway"]` of a route or cluster: the resources and policies Envoy Gateway records. */
export function egMetadata(obj: Json): { resources: Json[]; policies: Json[] } {
  const m = obj?.metadata?.filter_metadata?.['envoy-gateway'] ?? {};
  return { resources: (m.resources ?? []) as Json[], policies: (m.policies ?? []) as Json[] };
}
