// Backend (gateway.envoyproxy.io/v1alpha1), as in Envoy Gateway v1.9's CRD (btp-fields.md §7).
import { isIP } from 'node:net';
import { bool, def, enm, int, list, obj, str } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import { dnsSubdomain, group, kind, metadata, namespaceName, objectName, preciseHostname, resource } from './common';

const FQDN = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+\.?$/;

const endpoint = obj(
  {
    fqdn: obj(
      { hostname: str({ minLength: 1, maxLength: 253, pattern: FQDN, expect: 'a lower-case DNS name with at least two labels' }), port: int(0, 65535) },
      { required: ['hostname', 'port'], cel: [(f, c) => isIP(f.hostname) && c.invalid(['hostname'], 'must be a DNS name, not an IP address; use ip instead')] },
    ),
    ip: obj(
      { address: str({ minLength: 3, maxLength: 45 }), port: int(0, 65535) },
      { required: ['address', 'port'], cel: [(a, c) => !isIP(a.address) && c.invalid(['address'], `"${a.address}" is not an IPv4 or IPv6 address`)] },
    ),
    unix: obj({ path: str({ maxLength: 108 }) }, { required: ['path'] }),
    hostname: preciseHostname,
    zone: str(),
  },
  {
    cel: [(e, c) => [e.fqdn, e.ip, e.unix].filter((x) => x !== undefined).length !== 1 && c.fail([], 'one of fqdn, ip or unix must be specified')],
  },
);

const TLS_VERSION = enm(['Auto', '1.0', '1.1', '1.2', '1.3']);

const tls = obj(
  {
    insecureSkipVerify: bool(),
    caCertificateRefs: list(obj({ group, kind, name: objectName }, { required: ['group', 'kind', 'name'] }), { maxItems: 8 }),
    wellKnownCACertificates: enm(['System']),
    sni: preciseHostname,
    autoSNIFromEndpointHostname: bool(),
    clientCertificateRef: obj({ group: def(group, ''), kind: def(kind, 'Secret'), name: objectName, namespace: namespaceName }, { required: ['name'] }),
    subjectAltNames: list(obj({ hostname: str(), uri: str() }), { maxItems: 5 }),
    minVersion: TLS_VERSION,
    maxVersion: TLS_VERSION,
    ciphers: list(str()),
    ecdhCurves: list(str()),
    signatureAlgorithms: list(str()),
    alpnProtocols: list(str()),
  },
  {
    cel: [
      (t, c) => {
        if (t.insecureSkipVerify && (t.caCertificateRefs?.length || t.wellKnownCACertificates))
          c.fail([], 'must not contain caCertificateRefs or wellKnownCACertificates when insecureSkipVerify is enabled');
        if (t.caCertificateRefs?.length && t.wellKnownCACertificates) c.fail([], 'must not contain both caCertificateRefs and wellKnownCACertificates');
        if (t.sni !== undefined && t.autoSNIFromEndpointHostname) c.fail(['sni'], 'sni must not be set when autoSNIFromEndpointHostname is true');
        if (t.minVersion === '1.3' && t.ciphers?.length) c.fail(['ciphers'], 'setting ciphers has no effect if the minimum possible TLS version is 1.3');
        const order = ['1.0', '1.1', '1.2', '1.3'];
        if (order.includes(t.minVersion) && order.includes(t.maxVersion) && order.indexOf(t.minVersion) > order.indexOf(t.maxVersion))
          c.fail([], 'minVersion must be smaller or equal to maxVersion');
      },
    ],
  },
);

function checkBackend(s: any, c: CheckCtx): void {
  const eps: any[] = s.endpoints ?? [];
  if (s.type === 'DynamicResolver') {
    if (eps.length) c.fail(['endpoints'], 'DynamicResolver type cannot have endpoints specified');
    if (s.tls?.autoSNIFromEndpointHostname) c.fail(['tls'], 'DynamicResolver type cannot have autoSNIFromEndpointHostname');
    return;
  }
  if (eps.length === 0) c.fail([], 'endpoints must be specified for type Endpoints');
  const fqdn = eps.some((e) => e.fqdn);
  if (fqdn && eps.some((e) => e.ip || e.unix)) c.fail(['endpoints'], 'FQDN addresses cannot be mixed with other address types');
  if (s.tls?.autoSNIFromEndpointHostname)
    eps.forEach(
      (e, i) =>
        (e.ip || e.unix) &&
        e.hostname === undefined &&
        c.fail(['endpoints', i], 'hostname is required for IP and Unix endpoints when autoSNIFromEndpointHostname is set'),
    );
}

export const backendSchema = resource(
  metadata(dnsSubdomain),
  obj(
    {
      type: def(enm(['Endpoints', 'DynamicResolver']), 'Endpoints'),
      endpoints: list(endpoint, { minItems: 1, maxItems: 256 }),
      appProtocols: list(enm(['gateway.envoyproxy.io/h2c', 'gateway.envoyproxy.io/ws', 'gateway.envoyproxy.io/wss'])),
      fallback: bool(),
      tls,
    },
    { cel: [checkBackend] },
  ),
);
