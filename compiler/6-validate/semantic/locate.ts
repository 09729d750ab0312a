import { anyFields, child, get, items, typeName, type At } from './access';

/** Finds the parts of a bootstrap the semantic checks look at, each with its JSON path. */

export const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
export const TCP_PROXY = 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
export const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';

export function listeners(root: At): At[] {
  const sr = child(root, 'static_resources');
  return sr ? items(sr, 'listeners') : [];
}

export function clusters(root: At): At[] {
  const sr = child(root, 'static_resources');
  return sr ? items(sr, 'clusters') : [];
}

/** Every filter chain of a listener, the default one included. */
export function filterChains(listener: At): At[] {
  const def = child(listener, 'default_filter_chain');
  return [...items(listener, 'filter_chains'), ...(def ? [def] : [])];
}

/** The network filters of every listener's filter chains. */
export function networkFilters(root: At): At[][] {
  return listeners(root).flatMap((l) => filterChains(l).map((fc) => items(fc, 'filters')));
}

/** The config of every network filter whose type is `type` (its `typed_config`, or the TypedStruct's value there). */
export function typedConfigsOf(root: At, type: string): At[] {
  const out: At[] = [];
  for (const chain of networkFilters(root))
    for (const f of chain) {
      const tc = child(f, 'typed_config');
      const fields = tc && typeName(tc.value) === type ? anyFields(tc) : undefined;
      if (fields) out.push(fields);
    }
  return out;
}

/** The routes of every inline route_config of every HCM; with `clusterChecked`, only where Envoy checks cluster names. */
export function routes(root: At, opts: { clusterChecked?: boolean } = {}): At[] {
  const out: At[] = [];
  for (const hcm of typedConfigsOf(root, HCM)) {
    const rc = child(hcm, 'route_config');
    if (!rc) continue;
    // `validate_clusters: false` tells Envoy not to check the route table's cluster names at load.
    if (opts.clusterChecked && get(rc.value, 'validate_clusters') === false) continue;
    for (const vh of items(rc, 'virtual_hosts')) out.push(...items(vh, 'routes'));
  }
  return out;
}

/** True when clusters can also arrive over xDS, so a reference to an unknown name may be fine. */
export function hasDynamicClusters(root: At): boolean {
  return (
    get(get(root.value, 'dynamic_resources'), 'cds_config') !== undefined || get(get(root.value, 'dynamic_resources'), 'cds_resources_locator') !== undefined
  );
}
