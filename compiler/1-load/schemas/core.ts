// Core kinds (v1 Namespace, Service, Secret, ConfigMap; discovery.k8s.io/v1 EndpointSlice), with the
// API server's validation rules that matter offline.
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { any, bool, def, enm, int, intOrStr, list, map, obj, str } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import { dns1035Label, dnsLabel, dnsSubdomain, metadata, resource } from './common';

export const namespaceSchema = resource(metadata(dnsLabel), obj({ finalizers: list(str()) }), { specRequired: false });

const servicePort = obj(
  {
    name: dnsLabel,
    protocol: def(enm(['TCP', 'UDP', 'SCTP']), 'TCP'),
    port: int(1, 65535),
    targetPort: intOrStr({
      min: 1,
      max: 65535,
      string: str({ maxLength: 15, pattern: /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, expect: 'a port number or an IANA service name' }),
    }),
    nodePort: int(0, 65535),
    appProtocol: str(),
  },
  { required: ['port'] },
);

function checkService(s: any, c: CheckCtx): void {
  const ports: any[] = s.ports ?? [];
  if (s.type === 'ExternalName' && !s.externalName) c.fail([], 'externalName is required when type is ExternalName');
  if (s.type !== 'ExternalName' && s.clusterIP !== 'None' && ports.length === 0)
    c.fail([], 'ports is required unless type is ExternalName or clusterIP is None');
  if (ports.length > 1) ports.forEach((p, i) => p.name === undefined && c.fail(['ports', i], 'name is required when a Service has more than one port'));
  if (s.clusterIP !== undefined && s.clusterIP !== 'None' && s.clusterIP !== '' && !isIP(s.clusterIP))
    c.invalid(['clusterIP'], `"${s.clusterIP}" is not an IP address or None`);
}

export const serviceSchema = resource(
  metadata(dns1035Label),
  obj(
    {
      type: def(enm(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']), 'ClusterIP'),
      clusterIP: str(),
      clusterIPs: list(str()),
      externalName: str(),
      externalIPs: list(str()),
      ports: list(servicePort, { mapKey: 'name' }),
      selector: map(str()),
      sessionAffinity: enm(['None', 'ClientIP']),
      sessionAffinityConfig: any(),
      externalTrafficPolicy: enm(['Cluster', 'Local']),
      internalTrafficPolicy: enm(['Cluster', 'Local']),
      ipFamilies: list(enm(['IPv4', 'IPv6']), { maxItems: 2 }),
      ipFamilyPolicy: enm(['SingleStack', 'PreferDualStack', 'RequireDualStack']),
      loadBalancerIP: str(),
      loadBalancerSourceRanges: list(str()),
      loadBalancerClass: str(),
      allocateLoadBalancerNodePorts: bool(),
      healthCheckNodePort: int(),
      publishNotReadyAddresses: bool(),
      trafficDistribution: str(),
    },
    { cel: [checkService] },
  ),
  { specRequired: false },
);

function checkAddresses(es: any, c: CheckCtx): void {
  const valid = es.addressType === 'IPv4' ? isIPv4 : es.addressType === 'IPv6' ? isIPv6 : (a: string) => dnsSubdomain.pattern!.test(a);
  (es.endpoints ?? []).forEach((e: any, i: number) =>
    (e.addresses as string[]).forEach((a, j) => !valid(a) && c.invalid(['endpoints', i, 'addresses', j], `"${a}" is not a valid ${es.addressType} address`)),
  );
}

const endpoint = obj(
  {
    addresses: list(str(), { minItems: 1, maxItems: 100 }),
    conditions: obj({ ready: bool(), serving: bool(), terminating: bool() }),
    hostname: dnsLabel,
    nodeName: str(),
    zone: str(),
    hints: any(),
    targetRef: any(),
    deprecatedTopology: map(str()),
  },
  { required: ['addresses'] },
);

export const endpointSliceSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    metadata: metadata(dnsSubdomain),
    addressType: enm(['IPv4', 'IPv6', 'FQDN']),
    endpoints: list(endpoint, { maxItems: 1000 }),
    ports: list(obj({ name: str({ maxLength: 63 }), port: int(0, 65535), protocol: def(enm(['TCP', 'UDP', 'SCTP']), 'TCP'), appProtocol: str() }), {
      maxItems: 100,
    }),
  },
  { required: ['metadata', 'addressType', 'endpoints'], cel: [checkAddresses] },
);

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const dataKey = (k: string) => (k.length <= 253 && DATA_KEY.test(k) ? undefined : 'a data key must be 1-253 characters: alphanumerics, "-", "_" or "."');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = str({ expect: 'base64-encoded data' });

function checkBase64(data: Record<string, string> | undefined, field: string, c: CheckCtx): void {
  for (const k in data ?? {}) if (!BASE64.test(data![k]!.replace(/[\r\n]/g, ''))) c.invalid([field, k], 'is not valid base64 (use stringData for plain text)');
}

/** As the API server: stringData is merged into data (base64), then TLS Secrets must carry both keys. */
function fixSecret(s: any, c: CheckCtx): void {
  checkBase64(s.data, 'data', c);
  if (s.stringData) {
    s.data ??= {};
    for (const k in s.stringData) s.data[k] = Buffer.from(s.stringData[k], 'utf8').toString('base64');
    delete s.stringData;
  }
  if ((s.type ?? 'Opaque') === 'kubernetes.io/tls')
    for (const k of ['tls.crt', 'tls.key']) if (s.data?.[k] === undefined) c.fail([], `data[${k}] is required for a Secret of type kubernetes.io/tls`);
}

export const secretSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    metadata: metadata(dnsSubdomain),
    type: def(str({ maxLength: 253 }), 'Opaque'),
    data: map(base64, { keyCheck: dataKey }),
    stringData: map(str(), { keyCheck: dataKey }),
    immutable: bool(),
  },
  { required: ['metadata'], fixup: fixSecret },
);

export const configMapSchema = obj(
  {
    apiVersion: str(),
    kind: str(),
    metadata: metadata(dnsSubdomain),
    data: map(str(), { keyCheck: dataKey }),
    binaryData: map(base64, { keyCheck: dataKey }),
    immutable: bool(),
  },
  { required: ['metadata'], fixup: (m, c) => checkBase64(m.binaryData, 'binaryData', c) },
);
