import type { IrHttpManager, IrVirtualHost } from '../ir';
import { buildResourceMetadata } from './common';
import type { Message } from './envoy';
import { buildRoute } from './route';
import { buildVirtualCluster } from './stats';

/** `envoy.config.route.v3.VirtualHost`. */
export function buildVirtualHost(vh: IrVirtualHost): Message {
  return {
    name: vh.name,
    domains: vh.domains,
    routes: vh.routes.map(buildRoute),
    ...(vh.virtualCluster ? { virtual_clusters: [buildVirtualCluster(vh.virtualCluster)] } : {}),
    metadata: buildResourceMetadata(vh.resources),
  };
}

/** `envoy.config.route.v3.RouteConfiguration`, inline in the HCM. */
export function buildRouteConfiguration(http: IrHttpManager): Message {
  return {
    name: http.routeConfigName,
    virtual_hosts: http.virtualHosts.map(buildVirtualHost),
    // Envoy Gateway matches Host without its port.
    ignore_port_in_host_matching: true,
    // Inline route configs have their clusters checked at load; Envoy Gateway's deliberate
    // `invalid-backend-cluster` share must not be, so that check is off where it is used.
    ...(http.validateClusters ? {} : { validate_clusters: false }),
  };
}
