import type { IrGeoIp } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

/**
 * `envoy.extensions.filters.http.geoip.v3.Geoip` with the MaxMind provider: each field looked up into
 * its header; the client IP from XFF or a custom header, else the connection's source address.
 */
export function buildGeoipFilter(g: IrGeoIp): Any {
  const provider = typed('envoy.extensions.geoip_providers.maxmind.v3.MaxMindConfig', {
    ...g.databases,
    common_provider_config: { geo_field_keys: Object.fromEntries(g.fields.map((f) => [f.field, f.header])) },
  });
  const source = !g.clientIp
    ? {}
    : 'customHeader' in g.clientIp
      ? { custom_header_config: { header_name: g.clientIp.customHeader } }
      : { xff_config: { xff_num_trusted_hops: g.clientIp.xffNumTrustedHops } };
  return typed('envoy.extensions.filters.http.geoip.v3.Geoip', { ...source, provider: { name: 'envoy.geoip_providers.maxmind', typed_config: provider } });
}
