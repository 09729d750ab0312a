import type { Loaded, ResourceKey, Resources } from '../1-load/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { Gateway, Listener, ListenerSet } from '../api/gateway';
import * as d from '../diagnostics/codes';
import { didYouMean, type Diagnostics } from '../diagnostics';
import { spanAt, type SourceRef } from '../source';
import { checkConflicts, checkOverlappingTls, type ListenerCheck } from './listener-conflicts';
import { resolveFrontend, type GatewayFrontend } from './frontend-tls';
import { resolveGatewayBackendTls } from './gateway-backend-tls';
import { checkCertificateRefs, setCondition } from './listener-tls';
import type { Lookup } from './lookup';
import type { Condition, GatewayNode, ListenerNode, ListenerSetNode, TlsSecret } from './types';
import { matchesSelector } from './labels';

/** The controller name of Envoy Gateway's GatewayClasses. */
export const EG_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Listener protocols Envoy Gateway translates. */
const SUPPORTED_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'];

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
    case 'UDP':
      return ['UDPRoute'];
    default:
      return [];
  }
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

type Fail = (field: (string | number)[], type: string, reason: string, message: string) => void;

/** `allowedRoutes.namespaces` (Envoy Gateway's validateAllowedNamespaces). */
function checkNamespaces(l: Listener, fail: Fail): boolean {
  if (l.allowedRoutes.namespaces.from !== 'Selector' || l.allowedRoutes.namespaces.selector) return true;
  fail(
    ['allowedRoutes', 'namespaces'],
    'Programmed',
    'Invalid',
    'The allowedRoutes.namespaces.selector field must be specified when allowedRoutes.namespaces.from is set to "Selector".',
  );
  return false;
}

/** `allowedRoutes.kinds` against what the protocol carries (Envoy Gateway's validateAllowedRoutes). */
function checkKinds(check: ListenerCheck, fail: Fail): boolean {
  const { listener: l, node } = check;
  const supported = defaultKinds(l);
  if (!l.allowedRoutes.kinds?.length) return true;
  const kinds: string[] = [];
  const unsupported: number[] = [];
  let ok = true;
  l.allowedRoutes.kinds.forEach((k, i) => {
    if ((k.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) {
      fail(['allowedRoutes', 'kinds', i, 'group'], 'ResolvedRefs', 'InvalidRouteKinds', `Group is not supported, group must be ${GATEWAY_GROUP}`);
      ok = false;
    } else if (supported.includes(k.kind)) kinds.push(k.kind);
    else unsupported.push(i);
  });
  for (const i of unsupported) {
    const shown = kinds.length ? kinds : supported;
    fail(
      ['allowedRoutes', 'kinds', i, 'kind'],
      'ResolvedRefs',
      'InvalidRouteKinds',
      `${l.allowedRoutes.kinds[i]!.kind} is not supported, kind must be one of [${shown.join(' ')}]`,
    );
    ok = false;
  }
  node.supportedKinds = kinds;
  return ok;
}

/** Per-protocol TLS rules (Envoy Gateway's validateTLSConfiguration); Terminate listeners resolve their certificates. */
function checkTls(check: ListenerCheck, ctx: TlsContext, fail: Fail): boolean {
  const { listener: l, node, path } = check;
  if (l.protocol === 'HTTP' || l.protocol === 'TCP' || l.protocol === 'UDP') {
    if (!l.tls) return true;
    fail(['tls'], 'Programmed', 'Invalid', `Listener must not have TLS set when protocol is ${l.protocol}.`);
    return false;
  }
  if (l.protocol !== 'HTTPS' && l.protocol !== 'TLS') return true;
  if (!l.tls) {
    fail([], 'Programmed', 'Invalid', `Listener must have TLS set when protocol is ${l.protocol}.`);
    return false;
  }
  node.tls = { mode: l.tls.mode, certificates: [] };
  const refs = l.tls.certificateRefs ?? [];
  if (l.protocol === 'HTTPS' && l.tls.mode !== 'Terminate') {
    fail(['tls', 'mode'], 'Programmed', 'UnsupportedTLSMode', `TLS ${l.tls.mode} mode is not supported, TLS mode must be Terminate.`);
    return false;
  }
  if (l.tls.mode === 'Passthrough') {
    if (refs.length === 0) return true;
    fail(['tls', 'certificateRefs'], 'Programmed', 'Invalid', 'Listener must not have TLS certificate refs set for TLS mode Passthrough.');
    return false;
  }
  if (refs.length === 0) {
    const message =
      l.protocol === 'HTTPS' ? 'Listener must have at least 1 TLS certificate ref' : 'Listener must have TLS certificate refs set for TLS mode Terminate.';
    fail(['tls'], 'Programmed', 'Invalid', message);
    return false;
  }
  const certsOk = checkCertificateRefs(path, node, ctx.secrets, ctx.lookup, ctx.diags);
  return l.protocol === 'HTTPS' ? applyFrontend(node, ctx.frontend.forPort(l.port), fail) && certsOk : certsOk;
}

/** The Gateway's frontend validation for an HTTPS listener's port; one that cannot be read fails the listener (Envoy Gateway's validateTLSConfiguration). */
function applyFrontend(node: ListenerNode, f: ReturnType<GatewayFrontend['forPort']>, fail: Fail): boolean {
  if (!f) return true;
  if ('pem' in f) {
    node.tls!.frontend = f;
    return true;
  }
  const message = `Listener has invalid caCertificateRef for frontend TLS validation: ${f.message}`;
  fail(['tls'], 'ResolvedRefs', f.reason, message);
  setCondition(node, { type: 'Programmed', status: 'False', reason: f.reason, message });
  setCondition(node, { type: 'Accepted', status: 'False', reason: 'NoValidCACertificate', message });
  return false;
}

interface TlsContext {
  lookup: Lookup;
  secrets: Map<string, TlsSecret>;
  diags: Diagnostics;
  /** The current Gateway's `spec.tls.frontend`. */
  frontend: GatewayFrontend;
}

/** One listener's own checks in Envoy Gateway's order (validateListenerSpec): namespaces, kinds, TLS, hostname. */
function checkListener(check: ListenerCheck, ctx: TlsContext): boolean {
  const { listener: l, node, path } = check;
  const fail: Fail = (field, type, reason, message) => {
    setCondition(node, { type, status: 'False', reason, message });
    ctx.diags.add(d.listenerInvalid(spanAt(node.src, [...path, ...field]), node.irName, message));
  };
  let valid = checkNamespaces(l, fail);
  if (SUPPORTED_PROTOCOLS.includes(l.protocol)) valid = checkKinds(check, fail) && valid;
  else {
    valid = false;
    node.supportedKinds = [];
    fail(['protocol'], 'Accepted', 'UnsupportedProtocol', `Protocol ${l.protocol} is unsupported, must be HTTP, HTTPS, TCP or UDP.`);
  }
  valid = checkTls(check, ctx, fail) && valid;
  if ((l.protocol === 'TCP' || l.protocol === 'UDP') && l.hostname !== undefined) {
    fail(['hostname'], 'Programmed', 'Invalid', `Listener must not have hostname set when protocol is ${l.protocol}.`);
    valid = false;
  }
  return valid;
}

/** The check of one listener, written in a Gateway or in a ListenerSet (`owner`). */
function listenerCheck(
  gw: Loaded<Gateway>,
  listener: Listener,
  index: number,
  owner: { src: SourceRef; namespace: string; irPrefix: string; listenerSet?: ResourceKey },
): ListenerCheck {
  return {
    listener,
    path: ['spec', 'listeners', index],
    node: {
      gateway: gw.key,
      ...(owner.listenerSet ? { listenerSet: owner.listenerSet } : {}),
      index,
      spec: listener,
      src: owner.src,
      namespace: owner.namespace,
      name: listener.name,
      irName: `${owner.irPrefix}/${listener.name}`,
      port: listener.port,
      protocol: listener.protocol,
      ...(listener.hostname !== undefined ? { hostname: listener.hostname } : {}),
      supportedKinds: defaultKinds(listener),
      programmed: true,
      conditions: [],
      attachedRoutes: 0,
      certDnsNames: [],
      tlsOverlaps: false,
    },
    specValid: true,
  };
}

const READY: Condition[] = [
  { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Sending translated listener configuration to the data plane' },
  { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Listener has been successfully translated' },
  { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Listener references have been resolved' },
];

const NOT_PROGRAMMED: Condition = { type: 'Programmed', status: 'False', reason: 'Invalid', message: 'Listener is invalid, see other Conditions for details.' };

/** Closes a listener's conditions once every check has run (Envoy Gateway's validateListenerConditions). */
function finishConditions(node: ListenerNode): void {
  const conds = node.conditions;
  if (conds.length === 0) {
    node.conditions = [...READY];
    return;
  }
  const only = conds.length === 1 && conds[0]!.type === 'ResolvedRefs' ? conds[0]!.reason : undefined;
  if (only === 'PartiallyInvalidCertificateRef' || only === 'InvalidCertificateRef') {
    // Semantically valid; with no usable certificate it cannot serve traffic.
    setCondition(node, READY[1]!);
    setCondition(node, only === 'InvalidCertificateRef' ? NOT_PROGRAMMED : READY[0]!);
    node.programmed = only === 'PartiallyInvalidCertificateRef';
    return;
  }
  node.programmed = false;
  if (!conds.some((c) => c.type === 'Programmed')) conds.push(NOT_PROGRAMMED);
  if (!conds.some((c) => c.type === 'ResolvedRefs')) conds.push(READY[2]!);
}

/**
 * ListenerSets by the Gateway their parentRef names (`ns/name`), in provider order. One whose Gateway
 * is not a managed one in the inputs is ignored, as Envoy Gateway ignores it (reported: offline, a typo is likelier).
 */
function listenerSetsByParent(r: Resources, managed: Loaded<Gateway>[], diags: Diagnostics): Map<string, Loaded<ListenerSet>[]> {
  const names = managed.map((g) => `${g.value.metadata.namespace}/${g.value.metadata.name}`);
  const out = new Map<string, Loaded<ListenerSet>[]>();
  for (const ls of r.listenerSets) {
    const { namespace, name } = ls.value.metadata;
    const ref = ls.value.spec.parentRef;
    const parent = `${ref.namespace ?? namespace}/${ref.name}`;
    if (!names.includes(parent)) {
      const at = spanAt(ls.src, ['spec', 'parentRef']);
      diags.add(d.parentNotFound(at, `ListenerSet ${namespace}/${name}`, `Gateway ${parent}`, didYouMean(parent, names)));
      continue;
    }
    out.set(parent, [...(out.get(parent) ?? []), ls]);
  }
  return out;
}

/** Whether a Gateway's `allowedListeners` lets a ListenerSet of `namespace` attach (Envoy Gateway's isListenerSetAllowed; unset is None). */
function listenerSetAllowed(gw: Loaded<Gateway>, namespace: string, lookup: Lookup): boolean {
  const from = gw.value.spec.allowedListeners?.namespaces;
  switch (from?.from) {
    case 'All':
      return true;
    case 'Same':
      return namespace === gw.value.metadata.namespace;
    case 'Selector': {
      const ns = lookup.namespaces.get(namespace);
      return ns !== undefined && from.selector !== undefined && matchesSelector(ns.value.metadata.labels, from.selector);
    }
    default:
      return false;
  }
}

/**
 * A ListenerSet under its Gateway: allowed, its listeners join the Gateway's checks (conditions
 * follow once they are checked); not allowed, it is `NotAllowed` and reported where its parentRef is.
 */
function attachListenerSet(gw: Loaded<Gateway>, ls: Loaded<ListenerSet>, lookup: Lookup, checks: ListenerCheck[], diags: Diagnostics): ListenerSetNode {
  const { namespace, name } = ls.value.metadata;
  const gwId = `${gw.value.metadata.namespace}/${gw.value.metadata.name}`;
  if (!listenerSetAllowed(gw, namespace, lookup)) {
    const message = `ListenerSet attachment from namespace ${namespace} not allowed by Gateway ${gwId}`;
    diags.add(d.listenerSetNotAllowed(spanAt(ls.src, ['spec', 'parentRef']), `${namespace}/${name}`, message));
    return {
      key: ls.key,
      loaded: ls,
      accepted: false,
      conditions: [
        { type: 'Accepted', status: 'False', reason: 'NotAllowed', message },
        { type: 'Programmed', status: 'False', reason: 'NotAllowed', message: 'Not Programmed' },
      ],
    };
  }
  const owner = { src: ls.src, namespace, irPrefix: `${gwId}/${namespace}/${name}`, listenerSet: ls.key };
  ls.value.spec.listeners.forEach((l, i) => checks.push(listenerCheck(gw, l, i, owner)));
  return { key: ls.key, loaded: ls, accepted: true, conditions: [] };
}

/** A ListenerSet's conditions from its listeners' (Envoy Gateway's ProcessListenerSetStatus). */
function finishListenerSet(ls: ListenerSetNode, listeners: ListenerNode[]): void {
  const own = listeners.filter((l) => l.listenerSet === ls.key);
  const has = (l: ListenerNode, type: string) => l.conditions.some((c) => c.type === type && c.status === 'True');
  const accepted = own.filter((l) => has(l, 'Accepted')).length;
  const programmed = own.filter((l) => has(l, 'Programmed')).length;
  const all = (n: number) => n === own.length;
  ls.accepted = accepted > 0;
  ls.conditions = [
    all(accepted)
      ? { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'All listeners are accepted' }
      : accepted > 0
        ? { type: 'Accepted', status: 'True', reason: 'ListenersNotValid', message: 'Some listeners are invalid' }
        : { type: 'Accepted', status: 'False', reason: 'ListenersNotValid', message: 'No listeners are accepted' },
    all(programmed)
      ? { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'All listeners are programmed' }
      : programmed > 0
        ? { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Some listeners are not programmed' }
        : { type: 'Programmed', status: 'False', reason: 'ListenersNotValid', message: 'No listeners are programmed' },
  ];
}

/** Managed Gateways with their listeners checked; the TLS certificates programmed listeners serve. */
/** Address types Envoy Gateway serves (the CRD's default is IPAddress). */
const SERVED_ADDRESS_TYPES: ReadonlySet<string> = new Set(['IPAddress', 'Hostname']);

/**
 * `spec.addresses` as Envoy Gateway reads it: a type it does not serve makes the Gateway not
 * accepted (the first such address decides the message); the others address the proxy's
 * Kubernetes Service, which a static bootstrap does not have.
 */
function checkAddresses(gw: Loaded<Gateway>, diags: Diagnostics): GatewayNode['notAccepted'] {
  const { namespace, name } = gw.value.metadata;
  const addresses = gw.value.spec.addresses ?? [];
  const unsupported = addresses.findIndex((a) => !SERVED_ADDRESS_TYPES.has(a.type));
  if (unsupported >= 0) {
    const message = `Gateway has an address with an unsupported type: ${addresses[unsupported]!.type}`;
    diags.add(d.gatewayAddressUnsupported(spanAt(gw.src, ['spec', 'addresses', unsupported, 'type']), `${namespace}/${name}`, message));
    return { reason: 'UnsupportedAddress', message };
  }
  addresses.forEach((a, i) =>
    diags.add(d.gatewayAddressIgnored(spanAt(gw.src, ['spec', 'addresses', i]), `${namespace}/${name}`, `${a.type} ${a.value ?? ''}`.trim())),
  );
  return undefined;
}

export function resolveGateways(r: Resources, lookup: Lookup, diags: Diagnostics): { gateways: GatewayNode[]; secrets: TlsSecret[] } {
  const secrets = new Map<string, TlsSecret>();
  const managed = managedGateways(r, diags);
  const setsByParent = listenerSetsByParent(r, managed, diags);
  const configMaps = new Map(r.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c]));
  const gateways = managed.map((gw): GatewayNode => {
    const { namespace, name } = gw.value.metadata;
    // Read before the listeners (Envoy Gateway's ProcessGatewayTLS runs before ProcessListeners).
    const frontend = resolveFrontend(gw, { lookup, configMaps }, diags);
    const ctx: TlsContext = { lookup, secrets, diags, frontend };
    const checks = gw.value.spec.listeners.map((listener, index) =>
      listenerCheck(gw, listener, index, { src: gw.src, namespace, irPrefix: `${namespace}/${name}` }),
    );
    // A ListenerSet's listeners join the Gateway's, after its own (Envoy Gateway's ProcessListenerSets).
    const listenerSets = (setsByParent.get(`${namespace}/${name}`) ?? []).map((ls) => attachListenerSet(gw, ls, lookup, checks, diags));
    for (const c of checks) c.specValid = checkListener(c, ctx);
    // Conflicts only between listeners whose own spec is valid, so an invalid one blocks nothing.
    checkConflicts(checks, diags);
    for (const c of checks) finishConditions(c.node);
    // After the conditions are closed: only programmed HTTPS listeners can overlap.
    checkOverlappingTls(checks, diags);
    const listeners = checks.map((c) => c.node);
    for (const ls of listenerSets) if (ls.accepted) finishListenerSet(ls, listeners);
    // Envoy Gateway reads spec.tls.backend after the frontend; its ResolvedRefs replaces the frontend's.
    const backend = resolveGatewayBackendTls(gw, { lookup, configMaps }, diags);
    const conditions = backend.condition ? [...frontend.conditions.filter((c) => c.type !== 'ResolvedRefs'), backend.condition] : frontend.conditions;
    const notAccepted = checkAddresses(gw, diags);
    return {
      key: gw.key,
      loaded: gw,
      listeners,
      listenerSets,
      ...(notAccepted ? { notAccepted } : {}),
      ...(conditions.length ? { conditions } : {}),
      ...(gw.value.spec.tls?.backend ? { backendTls: backend.client ? { client: backend.client } : {} } : {}),
    };
  });
  const used = new Set(gateways.flatMap((g) => g.listeners.filter((l) => l.programmed).flatMap((l) => l.tls?.certificates ?? [])));
  return { gateways, secrets: [...secrets.values()].filter((s) => used.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : 1)) };
}
