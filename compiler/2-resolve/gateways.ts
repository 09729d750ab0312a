import type { Loaded, Resources } from '../1-load/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { Gateway, Listener } from '../api/gateway';
import * as d from '../diagnostics/codes';
import { didYouMean, type Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { referencePermitted, type Lookup } from './lookup';
import type { Condition, GatewayNode, ListenerNode, TlsSecret } from './types';

/** The controller name of Envoy Gateway's GatewayClasses. */
export const EG_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Route kinds each listener protocol accepts when `allowedRoutes.kinds` is empty (Envoy Gateway). */
function defaultKinds(l: Listener): string[] {
  switch (l.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return l.tls?.mode === 'Passthrough' ? ['TLSRoute'] : ['TCPRoute', 'TLSRoute'];
    case 'TCP':
      return ['TCPRoute'];
    default:
      return [];
  }
}

/** Listeners on one port must speak one family: HTTPS and TLS share one; UDP coexists with any. */
function protocolFamily(protocol: string): string {
  return protocol === 'HTTPS' ? 'TLS' : protocol;
}

/**
 * Gateways envoyc builds. With GatewayClass objects in the inputs, only Gateways of a class that
 * Envoy Gateway's controller owns; without any, every Gateway (the usual offline case).
 */
function managedGateways(r: Resources, diags: Diagnostics): Loaded<Gateway>[] {
  if (r.gatewayClasses.length === 0) return r.gateways;
  const managed = new Set(r.gatewayClasses.filter((c) => c.value.spec.controllerName === EG_CONTROLLER).map((c) => c.value.metadata.name));
  return r.gateways.filter((g) => {
    const cls = g.value.spec.gatewayClassName;
    if (managed.has(cls)) return true;
    diags.add(d.gatewayClassNotManaged(spanAt(g.src, ['spec', 'gatewayClassName']), cls, didYouMean(cls, managed)));
    return false;
  });
}

interface ListenerCheck {
  node: ListenerNode;
  listener: Listener;
  path: (string | number)[];
}

function invalidate(check: ListenerCheck, condition: Condition): void {
  check.node.conditions.push(condition);
  check.node.programmed = false;
}

/** Protocol, hostname, allowedRoutes and TLS checks on one listener (Envoy Gateway's per-listener validation). */
function checkListener(gw: Loaded<Gateway>, check: ListenerCheck, lookup: Lookup, secrets: Map<string, TlsSecret>, diags: Diagnostics): void {
  const { listener: l, node, path } = check;
  const fail = (field: (string | number)[], reason: string, type: string, message: string, code = d.listenerInvalid) => {
    invalidate(check, { type, status: 'False', reason, message });
    diags.add(code(spanAt(gw.src, [...path, ...field]), node.irName, message));
  };
  if (!['HTTP', 'HTTPS', 'TLS', 'TCP'].includes(l.protocol)) {
    fail(['protocol'], 'UnsupportedProtocol', 'Accepted', `Protocol ${l.protocol} is unsupported, must be HTTP, HTTPS, TLS or TCP.`);
    return;
  }
  if (l.protocol === 'TCP' && l.hostname !== undefined) {
    fail(['hostname'], 'Invalid', 'Programmed', `Listener must not have hostname set when protocol is ${l.protocol}.`);
  }
  if (l.allowedRoutes.namespaces.from === 'Selector' && !l.allowedRoutes.namespaces.selector) {
    fail(
      ['allowedRoutes', 'namespaces'],
      'Invalid',
      'Programmed',
      'The allowedRoutes.namespaces.selector field must be specified when allowedRoutes.namespaces.from is set to "Selector".',
    );
  }
  const supported = defaultKinds(l);
  if (l.allowedRoutes.kinds && l.allowedRoutes.kinds.length > 0) {
    const kinds: string[] = [];
    l.allowedRoutes.kinds.forEach((k, i) => {
      if ((k.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) {
        fail(['allowedRoutes', 'kinds', i, 'group'], 'InvalidRouteKinds', 'ResolvedRefs', 'Group is not supported, group must be gateway.networking.k8s.io');
      } else if (!supported.includes(k.kind)) {
        fail(
          ['allowedRoutes', 'kinds', i, 'kind'],
          'InvalidRouteKinds',
          'ResolvedRefs',
          `${k.kind} is not supported, kind must be one of [${supported.join(' ')}]`,
        );
      } else kinds.push(k.kind);
    });
    node.supportedKinds = kinds;
  }
  if (l.protocol === 'HTTPS' || l.protocol === 'TLS') checkListenerTls(gw, check, lookup, secrets, fail);
}

type Fail = (field: (string | number)[], reason: string, type: string, message: string, code?: typeof d.listenerInvalid) => void;

function checkListenerTls(gw: Loaded<Gateway>, check: ListenerCheck, lookup: Lookup, secrets: Map<string, TlsSecret>, fail: Fail): void {
  const { listener: l, node } = check;
  const gwNs = gw.value.metadata.namespace;
  if (!l.tls) {
    fail([], 'Invalid', 'Programmed', `Listener must have TLS set when protocol is ${l.protocol}.`);
    return;
  }
  if (l.protocol === 'HTTPS' && l.tls.mode === 'Passthrough') {
    fail(['tls', 'mode'], 'UnsupportedTLSMode', 'Accepted', 'TLS Passthrough mode is not supported, TLS mode must be Terminate.');
    return;
  }
  node.tls = { mode: l.tls.mode, certificates: [] };
  if (l.tls.mode === 'Passthrough') return;
  const refs = l.tls.certificateRefs ?? [];
  if (refs.length === 0) {
    fail(['tls'], 'InvalidCertificateRef', 'ResolvedRefs', 'Listener must have at least 1 TLS certificate ref', d.certificateRefInvalid);
    return;
  }
  refs.forEach((ref, i) => {
    const at = ['tls', 'certificateRefs', i];
    const ns = ref.namespace ?? gwNs;
    const name = `${ns}/${ref.name}`;
    if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') {
      fail(at, 'InvalidCertificateRef', 'ResolvedRefs', `Certificate ref ${ref.kind} is not supported: only Secrets are`, d.certificateRefInvalid);
    } else if (
      ns !== gwNs &&
      !referencePermitted(lookup, { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gwNs }, { group: '', kind: 'Secret', namespace: ns, name: ref.name })
    ) {
      fail(at, 'RefNotPermitted', 'ResolvedRefs', `Certificate ref to secret ${name} not permitted by any ReferenceGrant.`, d.certificateRefInvalid);
    } else {
      const secret = lookup.secrets.get(name);
      const data = secret && tlsData(secret.value);
      if (!secret) fail(at, 'InvalidCertificateRef', 'ResolvedRefs', `Secret ${name} does not exist.`, d.certificateRefInvalid);
      else if (!data)
        fail(
          at,
          'InvalidCertificateRef',
          'ResolvedRefs',
          `Secret ${name} must be of type kubernetes.io/tls and contain tls.crt and tls.key.`,
          d.certificateRefInvalid,
        );
      else {
        secrets.set(name, { name, ...data });
        node.tls!.certificates.push(name);
      }
    }
  });
}

/** The base64 certificate chain and key of a kubernetes.io/tls Secret (`data`, or `stringData` encoded). */
function tlsData(s: {
  type: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}): { certificateChain: string; privateKey: string } | undefined {
  if (s.type !== 'kubernetes.io/tls') return undefined;
  const pick = (k: string) => s.data?.[k] ?? (s.stringData?.[k] !== undefined ? Buffer.from(s.stringData[k]!).toString('base64') : undefined);
  const crt = pick('tls.crt');
  const key = pick('tls.key');
  return crt && key ? { certificateChain: crt, privateKey: key } : undefined;
}

/** Port-level conflicts between one Gateway's spec-valid listeners (Envoy Gateway's rules and messages). */
function checkConflicts(gw: Loaded<Gateway>, checks: ListenerCheck[], diags: Diagnostics): void {
  const byPort = new Map<number, ListenerCheck[]>();
  for (const c of checks) if (c.node.programmed) byPort.set(c.node.port, [...(byPort.get(c.node.port) ?? []), c]);
  for (const group of byPort.values()) {
    // Each conflicting listener is pointed at by the field that clashes.
    const conflict = (list: ListenerCheck[], reason: string, message: string, field: 'protocol' | 'hostname') => {
      for (const c of list) {
        invalidate(c, { type: 'Conflicted', status: 'True', reason, message });
        const at = field === 'hostname' && c.listener.hostname === undefined ? 'name' : field;
        diags.add(d.listenerConflict(spanAt(gw.src, [...c.path, at]), c.node.irName, message));
      }
    };
    const names = (list: ListenerCheck[]) =>
      list
        .map((c) => c.node.irName)
        .sort()
        .join(', ');
    if (new Set(group.map((c) => protocolFamily(c.node.protocol))).size > 1) {
      conflict(group, 'ProtocolConflict', `All listeners for a given port must use a compatible protocol, conflicting listeners: ${names(group)}`, 'protocol');
      continue;
    }
    const tcp = group.filter((c) => c.node.protocol === 'TCP');
    conflict(tcp.slice(1), 'ProtocolConflict', 'Only one TCP listener is allowed in a given port', 'protocol');
    const byHost = new Map<string, ListenerCheck[]>();
    for (const c of group.filter((c) => c.node.protocol !== 'TCP')) {
      const h = c.node.hostname ?? '';
      byHost.set(h, [...(byHost.get(h) ?? []), c]);
    }
    for (const same of byHost.values()) {
      if (same.length > 1)
        conflict(same, 'HostnameConflict', `All listeners for a given port must use a unique hostname, conflicting listeners: ${names(same)}`, 'hostname');
    }
  }
}

const READY: Condition[] = [
  { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Sending translated listener configuration to the data plane' },
  { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Listener has been successfully translated' },
  { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' },
];

/** Closes a listener's conditions the way Envoy Gateway does once every check has run. */
function finishConditions(node: ListenerNode): void {
  if (node.programmed) {
    node.conditions = [...READY];
    return;
  }
  if (!node.conditions.some((c) => c.type === 'Programmed')) {
    node.conditions.push({ type: 'Programmed', status: 'False', reason: 'Invalid', message: 'Listener is invalid, see other Conditions for details.' });
  }
  if (!node.conditions.some((c) => c.type === 'ResolvedRefs')) node.conditions.push(READY[2]!);
}

/** Managed Gateways with their listeners checked; the TLS certificates programmed listeners serve. */
export function resolveGateways(r: Resources, lookup: Lookup, diags: Diagnostics): { gateways: GatewayNode[]; secrets: TlsSecret[] } {
  const secrets = new Map<string, TlsSecret>();
  const gateways = managedGateways(r, diags).map((gw): GatewayNode => {
    const { namespace, name } = gw.value.metadata;
    const checks = gw.value.spec.listeners.map((listener, index): ListenerCheck => ({
      listener,
      path: ['spec', 'listeners', index],
      node: {
        gateway: gw.key,
        index,
        name: listener.name,
        irName: `${namespace}/${name}/${listener.name}`,
        port: listener.port,
        protocol: listener.protocol,
        ...(listener.hostname !== undefined ? { hostname: listener.hostname } : {}),
        supportedKinds: defaultKinds(listener),
        programmed: true,
        conditions: [],
        attachedRoutes: 0,
      },
    }));
    for (const c of checks) checkListener(gw, c, lookup, secrets, diags);
    checkConflicts(gw, checks, diags);
    for (const c of checks) finishConditions(c.node);
    return { key: gw.key, loaded: gw, listeners: checks.map((c) => c.node) };
  });
  const used = new Set(gateways.flatMap((g) => g.listeners.filter((l) => l.programmed).flatMap((l) => l.tls?.certificates ?? [])));
  return { gateways, secrets: [...secrets.values()].filter((s) => used.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : 1)) };
}
