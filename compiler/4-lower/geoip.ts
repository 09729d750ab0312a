// The geoip filter of an HCM whose routes authorize by the client IP's geolocation (Envoy Gateway's
// geoip.go): one filter for the fields every route's rules use, the MaxMind databases of the
// listener's EnvoyProxy, the client IP as its ClientTrafficPolicy finds it; and every route drops
// those internal headers before the request goes upstream. envoyc also drops them on arrival.
import type { ListenerNode } from '../2-resolve/types';
import { GEO_FIELDS } from '../3-merge/kinds/securitypolicy/geoip';
import type { IrGeoIp, IrHcmSettings, IrVirtualHost } from '../ir';
import { clientOf } from './client-listener';
import { envoyTrustedHops } from './client-settings';
import { proxySpecOf, type LowerContext } from './context';

/** The fields the routes' authorization rules match on, in Envoy Gateway's order. */
export function geoFieldsOf(virtualHosts: IrVirtualHost[]): IrGeoIp['fields'] {
  const used = new Set<string>();
  for (const vh of virtualHosts)
    for (const r of vh.routes)
      for (const rule of r.filters?.authorization?.rules ?? []) for (const location of rule.geoLocations ?? []) for (const m of location) used.add(m.field);
  return GEO_FIELDS.filter((f) => used.has(f.field)).map((f) => ({ field: f.field, header: f.header }));
}

/** The internal headers the routes' rules match on. */
export const geoHeadersOf = (virtualHosts: IrVirtualHost[]): string[] => geoFieldsOf(virtualHosts).map((f) => f.header);

/** Every route removes the internal geolocation `headers` the listener's rules use (Envoy Gateway). */
export function withoutGeoHeaders(virtualHosts: IrVirtualHost[], headers: string[]): IrVirtualHost[] {
  if (!headers.length) return virtualHosts;
  return virtualHosts.map((vh) => ({
    ...vh,
    routes: vh.routes.map((r) => ({ ...r, requestHeaders: { add: r.requestHeaders?.add ?? [], remove: [...(r.requestHeaders?.remove ?? []), ...headers] } })),
  }));
}

/**
 * The HCM drops the internal headers as requests arrive (Envoy Gateway does not): the geoip filter
 * writes only what it finds, so a client's own `x-eg-internal-geoip-country: US` would otherwise
 * pass for an address the databases do not know.
 */
export function withGeoHeadersStripped(settings: IrHcmSettings | undefined, headers: string[]): IrHcmSettings | undefined {
  if (!headers.length) return settings;
  const early = settings?.earlyRequestHeaders;
  const remove = [...new Set([...(early?.remove ?? []), ...headers])];
  return { ...settings, earlyRequestHeaders: { add: early?.add ?? [], remove, removeOnMatch: early?.removeOnMatch ?? [] } };
}

/**
 * Where a listener's geoip filter reads: its EnvoyProxy's MaxMind databases and its policy's client
 * IP detection. Absent without a provider (the SecurityPolicy is then invalid there, its routes 500).
 */
export function geoIpSource(ctx: LowerContext, l: ListenerNode): Omit<IrGeoIp, 'fields'> | undefined {
  const maxMind = proxySpecOf(ctx, l)?.geoIP?.provider.maxMind;
  if (!maxMind) return undefined;
  const databases: IrGeoIp['databases'] = {};
  if (maxMind.cityDbSource) databases.city_db_path = maxMind.cityDbSource.local.path;
  if (maxMind.asnDbSource) databases.asn_db_path = maxMind.asnDbSource.local.path;
  if (maxMind.anonymousIpDbSource) databases.anon_db_path = maxMind.anonymousIpDbSource.local.path;
  if (maxMind.ispDbSource) databases.isp_db_path = maxMind.ispDbSource.local.path;
  if (maxMind.countryDbSource) databases.country_db_path = maxMind.countryDbSource.local.path;
  const c = clientOf(ctx, l);
  const detection = c && !c.invalid ? c.spec.clientIPDetection : undefined;
  const hops = detection?.xForwardedFor?.numTrustedHops;
  if (detection?.customHeader) return { databases, clientIp: { customHeader: detection.customHeader.name } };
  if (hops !== undefined) return { databases, clientIp: { xffNumTrustedHops: envoyTrustedHops(hops) } };
  return { databases };
}
