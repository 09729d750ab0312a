// Authorization by the client IP's geolocation (`principal.clientIPGeoLocations`), as Envoy Gateway
// builds it: the listener's `envoy.filters.http.geoip` looks the client IP up in the MaxMind
// databases its EnvoyProxy names (`spec.geoIP`) and writes each field a rule needs into an internal
// request header; the rule's RBAC predicates match those headers. The client IP is the one the
// listener's ClientTrafficPolicy `clientIPDetection` finds.
import type { ClientIpDetection } from '../../../api/clienttrafficpolicy';
import type { EnvoyProxySpecGeoIP, EnvoyProxySpecGeoIPProviderMaxMind } from '../../../api/generated/envoyproxy';
import type { SecurityPolicySpecAuthorization } from '../../../api/generated/securitypolicy';
import type { IrGeoField, IrGeoMatch } from '../../../ir';

type GeoLocation = NonNullable<NonNullable<NonNullable<SecurityPolicySpecAuthorization['rules']>[number]['principal']>['clientIPGeoLocations']>[number];
type Database = keyof EnvoyProxySpecGeoIPProviderMaxMind;

/** What a location field asks of the geoip filter and of the databases. */
interface GeoFieldDef {
  /** The `geo_field_keys` entry the filter fills. */
  field: IrGeoField;
  /** The request header it writes it to (Envoy Gateway's internal header name). */
  header: string;
  /** The value a location asks for, as the header carries it. */
  value(l: GeoLocation): string | undefined;
  /** Strings compare ignoring case; numbers and booleans exactly (Envoy Gateway). */
  ignoreCase: boolean;
  /** The location field it comes from, as Envoy Gateway's messages name it. */
  requirement: string;
  /** The databases any one of which serves it, as the EnvoyProxy names them. */
  databases: Database[];
}

const flag = (field: IrGeoField, header: string, key: keyof NonNullable<GeoLocation['anonymous']>): GeoFieldDef => ({
  field,
  header,
  value: (l) => (l.anonymous?.[key] === undefined ? undefined : String(l.anonymous[key])),
  ignoreCase: false,
  requirement: 'anonymous',
  databases: ['anonymousIpDbSource'],
});

/** Every field, in Envoy Gateway's order (the order of a location's predicates and of the headers removed). */
export const GEO_FIELDS: readonly GeoFieldDef[] = [
  {
    field: 'country',
    header: 'x-eg-internal-geoip-country',
    value: (l) => l.country,
    ignoreCase: true,
    requirement: 'country',
    databases: ['countryDbSource', 'cityDbSource'],
  },
  { field: 'region', header: 'x-eg-internal-geoip-region', value: (l) => l.region, ignoreCase: true, requirement: 'region', databases: ['cityDbSource'] },
  { field: 'city', header: 'x-eg-internal-geoip-city', value: (l) => l.city, ignoreCase: true, requirement: 'city', databases: ['cityDbSource'] },
  {
    field: 'asn',
    header: 'x-eg-internal-geoip-asn',
    value: (l) => (l.asn === undefined ? undefined : String(l.asn)),
    ignoreCase: false,
    requirement: 'asn',
    databases: ['asnDbSource'],
  },
  { field: 'isp', header: 'x-eg-internal-geoip-isp', value: (l) => l.isp, ignoreCase: true, requirement: 'isp', databases: ['ispDbSource'] },
  flag('anon', 'x-eg-internal-geoip-anon', 'isAnonymous'),
  flag('anon_vpn', 'x-eg-internal-geoip-anon-vpn', 'isVPN'),
  flag('anon_hosting', 'x-eg-internal-geoip-anon-hosting', 'isHosting'),
  flag('anon_tor', 'x-eg-internal-geoip-anon-tor', 'isTor'),
  flag('anon_proxy', 'x-eg-internal-geoip-anon-proxy', 'isProxy'),
];

/** A rule's locations: each its fields ANDed, the locations ORed (a location with no field is skipped). */
export function geoMatches(locations: readonly GeoLocation[]): IrGeoMatch[][] {
  return locations.flatMap((l) => {
    const fields = GEO_FIELDS.flatMap((f) => {
      const value = f.value(l);
      return value === undefined ? [] : [{ field: f.field, header: f.header, value, ignoreCase: f.ignoreCase }];
    });
    return fields.length ? [fields] : [];
  });
}

/** Where a field is first asked for: the rule, the location in it, and the location's key for the field. */
function firstUse(a: SecurityPolicySpecAuthorization, f: GeoFieldDef): (string | number)[] | undefined {
  for (const [i, r] of (a.rules ?? []).entries())
    for (const [j, l] of (r.principal?.clientIPGeoLocations ?? []).entries())
      if (f.value(l) !== undefined) return ['rules', i, 'principal', 'clientIPGeoLocations', j, f.requirement];
  return undefined;
}

export function usesGeoLocations(a: SecurityPolicySpecAuthorization | undefined): boolean {
  return (a?.rules ?? []).some((r) => (r.principal?.clientIPGeoLocations ?? []).length > 0);
}

/**
 * Why a listener cannot check an authorization's locations (Envoy Gateway's validateAuthorizationGeoIP,
 * in its order and words): no client IP detection, XFF trusted CIDRs, no GeoIP provider, or a field
 * whose database the provider lacks; with where in the authorization the problem shows.
 */
export function geoIpProblem(
  a: SecurityPolicySpecAuthorization,
  clientIp: ClientIpDetection | undefined,
  geoIP: EnvoyProxySpecGeoIP | undefined,
): { message: string; path: (string | number)[] } | undefined {
  const rule = (a.rules ?? []).findIndex((r) => (r.principal?.clientIPGeoLocations ?? []).length > 0);
  const first = ['rules', rule, 'principal', 'clientIPGeoLocations'];
  const fail = (message: string, path = first) => ({ message: `authorization clientIPGeoLocations ${message}`, path });
  if (!clientIp) return fail('requires ClientTrafficPolicy.spec.clientIPDetection to be configured');
  const modes = [clientIp.xForwardedFor, clientIp.customHeader, clientIp.directSourceIP].filter((m) => m !== undefined);
  if (modes.length !== 1) return fail('requires exactly one of ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}');
  if (clientIp.xForwardedFor?.trustedCIDRs?.length) return fail('does not support ClientIPDetection.XForwardedFor.TrustedCIDRs');
  const maxMind = geoIP?.provider.maxMind;
  if (!maxMind) return fail('requires EnvoyProxy.spec.geoIP.provider to be configured');
  for (const f of GEO_FIELDS) {
    const at = firstUse(a, f);
    if (at && !f.databases.some((db) => maxMind[db]))
      return {
        message: `authorization clientIPGeoLocations.${f.requirement} requires EnvoyProxy.spec.geoIP.provider.maxMind.${f.databases.join(' or ')}`,
        path: at,
      };
  }
  return undefined;
}
