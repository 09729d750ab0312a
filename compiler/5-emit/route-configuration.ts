import type { IrHttpManager, IrVirtualHost } from '../ir';
import { buildResourceMetadata } from './common';
import type { Message } from './envoy';
import { sharedBuilder } from './shared';
import { buildRoute } from './route';
import { buildVirtualCluster } from './stats';

/** `envoy.config.route.v3.VirtualHost`. */
export function buildVirtualHost(vh: IrVirtualHost): Message {
  return {
    name: vh.name,
    domains: vh.domains,
    routes: vh.routes.map(buildRoute),
    ...(vh.virtualCluster ? { virtual_clusters: [buildVirtualCluster(vh.virtualCluster)] } : {}),
    metadata: buildVirtualHostMetadata(vh.resources),
  };
}

/** A virtual host's metadata names its Gateway listener: every virtual host of the listener carries the same. */
const buildVirtualHostMetadata = sharedBuilder(buildResourceMetadata);

/** Envoy's default `max_direct_response_body_size_bytes` (4 KiB). */
const ENVOY_MAX_DIRECT_RESPONSE_BODY = 4 * 1024;
/** What Envoy Gateway raises it to when a direct response body is larger: 1 MiB (a ConfigMap's size limit), or the body's size. */
const EG_MAX_DIRECT_RESPONSE_BODY = 1024 * 1024;

/** The body limit Envoy Gateway writes for the largest direct response body of the route config, if above Envoy's default. */
function maxDirectResponseBody(virtualHosts: IrVirtualHost[]): number | undefined {
  let max = 0;
  for (const vh of virtualHosts)
    for (const r of vh.routes) {
      const body = r.action.type === 'direct' ? r.action.body : undefined;
      if (body) max = Math.max(max, 'text' in body ? Buffer.byteLength(body.text) : Buffer.from(body.base64, 'base64').length);
    }
  return max > ENVOY_MAX_DIRECT_RESPONSE_BODY ? Math.max(max, EG_MAX_DIRECT_RESPONSE_BODY) : undefined;
}

/** `envoy.config.route.v3.RouteConfiguration`, inline in the HCM. */
export function buildRouteConfiguration(http: IrHttpManager): Message {
  const maxBody = maxDirectResponseBody(http.virtualHosts);
  return {
    name: http.routeConfigName,
    virtual_hosts: http.virtualHosts.map(buildVirtualHost),
    // Envoy Gateway matches Host without its port.
    ignore_port_in_host_matching: true,
    // Inline route configs have their clusters checked at load; Envoy Gateway's deliberate
    // `invalid-backend-cluster` share must not be, so that check is off where it is used.
    ...(http.validateClusters ? {} : { validate_clusters: false }),
    ...(maxBody !== undefined ? { max_direct_response_body_size_bytes: maxBody } : {}),
  };
}
