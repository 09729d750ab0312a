// The API server's checks on core kinds that are Go code rather than schema (api/core.ts holds the
// schemas), placed on the schemas as overlays.
import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { KindOverlay } from './schema/overlay';
import type { CheckCtx } from './schema/walk';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

const dataKey = (k: string) => (k.length <= 253 && DATA_KEY.test(k) ? undefined : 'a data key must be 1-253 characters: alphanumerics, "-", "_" or "."');

function checkService(s: any, c: CheckCtx): void {
  const ports: any[] = s.ports ?? [];
  if (s.type === 'ExternalName' && !s.externalName) c.fail([], 'externalName is required when type is ExternalName');
  if (s.type !== 'ExternalName' && s.clusterIP !== 'None' && ports.length === 0)
    c.fail([], 'ports is required unless type is ExternalName or clusterIP is None');
  if (ports.length > 1) ports.forEach((p, i) => p.name === undefined && c.fail(['ports', i], 'name is required when a Service has more than one port'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (p.name !== undefined && names.has(p.name)) c.fail(['ports', i, 'name'], `port name ${JSON.stringify(p.name)} is used twice`);
    names.add(p.name);
  });
  if (s.clusterIP !== undefined && s.clusterIP !== 'None' && s.clusterIP !== '' && !isIP(s.clusterIP))
    c.invalid(['clusterIP'], `"${s.clusterIP}" is not an IP address or None`);
}

function checkAddresses(es: any, c: CheckCtx): void {
  const valid = es.addressType === 'IPv4' ? isIPv4 : es.addressType === 'IPv6' ? isIPv6 : (a: string) => a.length <= 253 && DNS_SUBDOMAIN.test(a);
  (es.endpoints ?? []).forEach((e: any, i: number) =>
    (e.addresses as string[]).forEach((a, j) => !valid(a) && c.invalid(['endpoints', i, 'addresses', j], `"${a}" is not a valid ${es.addressType} address`)),
  );
}

/** As the API server: stringData is merged into data (base64), then TLS Secrets must carry both keys. */
function fixSecret(s: any, c: CheckCtx): void {
  if (s.stringData) {
    s.data ??= {};
    for (const k in s.stringData) s.data[k] = Buffer.from(s.stringData[k], 'utf8').toString('base64');
    delete s.stringData;
  }
  if (s.type === 'kubernetes.io/tls')
    for (const k of ['tls.crt', 'tls.key']) if (s.data?.[k] === undefined) c.fail([], `data[${k}] is required for a Secret of type kubernetes.io/tls`);
}

/** Core kinds' overlays, by kind. */
export const CORE_OVERLAYS: Readonly<Record<string, KindOverlay>> = {
  Service: { spec: { checks: [checkService] } },
  EndpointSlice: { '': { checks: [checkAddresses] } },
  Secret: { '': { fixup: fixSecret }, data: { keys: dataKey }, stringData: { keys: dataKey } },
  ConfigMap: { data: { keys: dataKey }, binaryData: { keys: dataKey } },
};
