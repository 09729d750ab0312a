/**
 * SecurityPolicy authorization by the client's location on a real Envoy 1.40, with MaxMind
 * databases written at test time: the listener's geoip filter looks up the client IP its
 * ClientTrafficPolicy finds (X-Forwarded-For on one listener, a custom header on the other) and
 * the rules allow or deny on country and region, ASN and the anonymous-network flags. The internal
 * headers never reach the backend, and a client cannot forge them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeMmdb } from '../support/mmdb';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, withEnvoyProxy, type Scenario } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: SecurityPolicy authorization by client location');
useCleanup(t);

const LOS_ANGELES = '198.51.100.7';
const NEW_YORK = '198.51.101.7';
const BERLIN_PARTNER = '203.0.113.9';
const CALIFORNIA_VPN = '192.0.2.5';
const UNKNOWN = '10.9.9.9';

const GATEWAY_TWO_LISTENERS = withEnvoyProxy(
  'geo',
  GATEWAY.replace('      port: 8080\n', '      port: 8080\n    - name: cdn\n      protocol: HTTP\n      port: 8081\n'),
);

const clientIp = (name: string, section: string, detection: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ${name}, namespace: default}
spec:
  targetRefs:
    - {group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: ${section}}
  clientIPDetection:
    ${detection}
`;

setup(t, async (ctx) => {
  const city = writeMmdb('GeoLite2-City', 'GeoLite2-City', {
    '198.51.100.0/24': { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'CA' }], city: { names: { en: 'Los Angeles' } } },
    '198.51.101.0/24': { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'NY' }], city: { names: { en: 'New York' } } },
    '203.0.113.0/24': { country: { iso_code: 'DE' }, subdivisions: [{ iso_code: 'BE' }], city: { names: { en: 'Berlin' } } },
    '192.0.2.0/24': { country: { iso_code: 'US' }, subdivisions: [{ iso_code: 'CA' }], city: { names: { en: 'San Jose' } } },
  });
  const asn = writeMmdb('GeoLite2-ASN', 'GeoLite2-ASN', {
    '203.0.113.0/24': { autonomous_system_number: 64501, autonomous_system_organization: 'Partner' },
  });
  const anonymous = writeMmdb('GeoIP2-Anonymous-IP', 'GeoIP2-Anonymous-IP', {
    '192.0.2.0/24': { is_anonymous: true, is_anonymous_vpn: true },
  });
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-authorization-geoip',
    yaml: [
      GATEWAY_TWO_LISTENERS,
      `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: geo, namespace: default}
spec:
  geoIP:
    provider:
      type: MaxMind
      maxMind:
        cityDbSource: {local: {path: ${city}}}
        asnDbSource: {local: {path: ${asn}}}
        anonymousIpDbSource: {local: {path: ${anonymous}}}
`,
      clientIp('xff', 'http', 'xForwardedFor: {numTrustedHops: 1}'),
      clientIp('cdn', 'cdn', 'customHeader: {name: x-client-ip}'),
      httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]'),
      routePolicy(
        'SecurityPolicy',
        'markets',
        'web',
        `authorization:
  defaultAction: Deny
  rules:
    - action: Deny
      principal:
        clientIPGeoLocations:
          - anonymous: {isVPN: true}
    - action: Allow
      principal:
        clientIPGeoLocations:
          - {country: us, region: CA}
    - action: Allow
      principal:
        clientIPGeoLocations:
          - asn: 64501`,
      ),
    ],
    services: { app: [ctx.app.port] },
  });
});

const viaXff = (ctx: { s: Scenario }, ip: string, headers: Record<string, string> = {}) =>
  send({ port: ctx.s.port('http'), path: '/', headers: { 'x-forwarded-for': ip, ...headers } }).then((r) => r.status);
const viaHeader = (ctx: { s: Scenario }, ip: string) => send({ port: ctx.s.port('cdn'), path: '/', headers: { 'x-client-ip': ip } }).then((r) => r.status);

t('a client in an allowed country and region passes; the same country elsewhere is denied', async (ctx) => {
  assert.is(await viaXff(ctx, LOS_ANGELES), 200);
  assert.is(await viaXff(ctx, NEW_YORK), 403);
});

t('an allowed ASN passes from a country no rule allows', async (ctx) => {
  assert.is(await viaXff(ctx, BERLIN_PARTNER), 200);
});

t('a VPN is denied even from an allowed region (the first matching rule decides)', async (ctx) => {
  assert.is(await viaXff(ctx, CALIFORNIA_VPN), 403);
});

t('a client with no location falls to the default action, forged location headers or not', async (ctx) => {
  assert.is(await viaXff(ctx, UNKNOWN), 403);
  const forged = { 'x-eg-internal-geoip-country': 'US', 'x-eg-internal-geoip-region': 'CA', 'x-eg-internal-geoip-asn': '64501' };
  assert.is(await viaXff(ctx, UNKNOWN, forged), 403);
});

t('the internal location headers the rules use do not reach the backend', async (ctx) => {
  const before = ctx.app.count;
  assert.is(await viaXff(ctx, LOS_ANGELES, { 'x-eg-internal-geoip-asn': '64501' }), 200);
  const seen = ctx.app.requests.slice(before).flatMap((r) => Object.keys(r.headers));
  assert.equal(
    seen.filter((h) => h.startsWith('x-eg-internal-geoip-')),
    [],
  );
});

t("a listener whose ClientTrafficPolicy names a custom header looks up that header's address", async (ctx) => {
  assert.is(await viaHeader(ctx, LOS_ANGELES), 200);
  assert.is(await viaHeader(ctx, NEW_YORK), 403);
});

t.run();
