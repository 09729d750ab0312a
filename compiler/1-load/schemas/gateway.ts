// GatewayClass and Gateway (gateway.networking.k8s.io v1), as in the Gateway API v1.2+ CRDs.
import { GATEWAY_GROUP } from '../../api/meta';
import { any, def, enm, list, map, obj, str } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import {
  dnsSubdomain,
  group,
  hostname,
  kind,
  labelSelector,
  labels,
  annotations,
  metadata,
  namespaceName,
  objectName,
  port,
  resource,
  sectionName,
  secretObjectRef,
} from './common';

const parametersRef = obj({ group, kind, name: objectName, namespace: namespaceName }, { required: ['group', 'kind', 'name'] });

export const gatewayClassSchema = resource(
  metadata(dnsSubdomain),
  obj(
    {
      controllerName: str({
        minLength: 1,
        maxLength: 253,
        pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$/,
        expect: 'a domain-prefixed path such as gateway.envoyproxy.io/gatewayclass-controller',
      }),
      parametersRef,
      description: str({ maxLength: 64 }),
    },
    { required: ['controllerName'] },
  ),
);

const tlsConfig = obj(
  {
    mode: def(enm(['Terminate', 'Passthrough']), 'Terminate'),
    certificateRefs: list(secretObjectRef, { maxItems: 64 }),
    frontendValidation: obj({ caCertificateRefs: list(any(), { minItems: 1, maxItems: 8 }) }),
    options: map(str({ maxLength: 4096 }), { maxProperties: 16 }),
  },
  {
    cel: [
      (t, c) =>
        t.mode === 'Terminate' &&
        !(t.certificateRefs?.length > 0) &&
        !(t.options && Object.keys(t.options).length > 0) &&
        c.fail([], 'certificateRefs or options must be specified when mode is Terminate'),
    ],
  },
);

const listener = obj(
  {
    name: sectionName,
    hostname,
    port,
    protocol: str({
      minLength: 1,
      maxLength: 255,
      pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/,
      expect: 'a protocol such as HTTP, HTTPS, TLS, TCP or UDP',
    }),
    tls: tlsConfig,
    allowedRoutes: def(
      obj({
        namespaces: def(obj({ from: def(enm(['All', 'Selector', 'Same']), 'Same'), selector: labelSelector }), {
          from: 'Same',
        }),
        kinds: list(obj({ group: def(group, GATEWAY_GROUP), kind }, { required: ['kind'] }), { maxItems: 8 }),
      }),
      { namespaces: { from: 'Same' } },
    ),
  },
  { required: ['name', 'port', 'protocol'] },
);

/** Listener-list CEL rules of the Gateway CRD. */
function checkListeners(ls: Record<string, any>[], c: CheckCtx): void {
  const names = new Set<string>();
  const combos = new Set<string>();
  ls.forEach((l, i) => {
    const p = l.protocol;
    if ((p === 'HTTP' || p === 'TCP' || p === 'UDP') && l.tls) c.fail([i, 'tls'], "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']");
    if (p === 'HTTPS' && l.tls && l.tls.mode !== 'Terminate') c.fail([i, 'tls', 'mode'], 'tls mode must be Terminate for protocol HTTPS');
    if (p === 'TLS' && !l.tls) c.fail([i], 'tls mode must be set for protocol TLS');
    if ((p === 'TCP' || p === 'UDP') && l.hostname !== undefined) c.fail([i, 'hostname'], "hostname must not be specified for protocols ['TCP', 'UDP']");
    if (names.has(l.name)) c.fail([i, 'name'], 'Listener name must be unique within the Gateway');
    names.add(l.name);
    const combo = `${l.port}/${p}/${l.hostname ?? ''}`;
    if (combos.has(combo)) c.fail([i], 'Combination of port, protocol and hostname must be unique for each listener');
    combos.add(combo);
  });
}

const address = obj(
  {
    type: def(
      str({
        minLength: 1,
        maxLength: 253,
        pattern: /^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$/,
      }),
      'IPAddress',
    ),
    value: str({ maxLength: 253 }),
  },
  {
    cel: [
      (a, c) =>
        a.type === 'Hostname' &&
        a.value !== undefined &&
        !hostname.pattern!.test(a.value) &&
        c.fail(
          ['value'],
          'Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)',
        ),
    ],
  },
);

export const gatewaySchema = resource(
  metadata(dnsSubdomain),
  obj(
    {
      gatewayClassName: objectName,
      listeners: list(listener, { minItems: 1, maxItems: 64, cel: [checkListeners] }),
      addresses: list(address, {
        maxItems: 16,
        cel: [
          (as: { type: string; value?: string }[], c: CheckCtx) => {
            const ips = new Set<string>();
            as.forEach((a, i) => {
              if (a.type !== 'IPAddress' || a.value === undefined) return;
              if (ips.has(a.value)) c.fail([i], 'IPAddress values must be unique');
              ips.add(a.value);
            });
          },
        ],
      }),
      infrastructure: obj({ labels, annotations, parametersRef: obj({ group, kind, name: objectName }, { required: ['group', 'kind', 'name'] }) }),
      backendTLS: obj({ clientCertificateRef: secretObjectRef }),
      allowedListeners: obj({
        namespaces: def(obj({ from: def(enm(['All', 'Selector', 'Same', 'None']), 'None'), selector: labelSelector }), { from: 'None' }),
      }),
    },
    { required: ['gatewayClassName', 'listeners'] },
  ),
);
