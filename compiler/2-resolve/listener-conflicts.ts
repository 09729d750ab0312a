// Port-level checks between one Gateway's listeners, in Envoy Gateway's order and words
// (internal/gatewayapi/validate.go validateConflicted*, listener.go checkOverlappingTLSConfig).
import type { Listener } from '../api/gateway';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { setCondition } from './listener-tls';
import type { ListenerNode } from './types';

/** One listener under check: its spec, node and YAML path; `specValid` once its own checks ran. */
export interface ListenerCheck {
  node: ListenerNode;
  listener: Listener;
  path: (string | number)[];
  specValid: boolean;
  /** Lost a protocol conflict: it takes no part in hostname conflicts. */
  protocolConflicted?: boolean;
}

/** HTTPS and TLS share a port; UDP coexists with any protocol. */
function protocolFamily(protocol: string): string {
  return protocol === 'HTTPS' || protocol === 'TLS' ? 'https/tls' : protocol;
}

function groupByPort(checks: ListenerCheck[], keep: (c: ListenerCheck) => boolean): ListenerCheck[][] {
  const byPort = new Map<number, ListenerCheck[]>();
  for (const c of checks) if (keep(c)) byPort.set(c.node.port, [...(byPort.get(c.node.port) ?? []), c]);
  return [...byPort.values()];
}

function names(list: ListenerCheck[]): string {
  return list
    .map((c) => c.node.irName)
    .sort()
    .join(', ');
}

/**
 * Protocol, hostname and TCP conflicts on each port. A conflicted listener gets
 * `Conflicted=True` and is reported at the field that clashes.
 */
export function checkConflicts(checks: ListenerCheck[], diags: Diagnostics): void {
  const conflict = (c: ListenerCheck, reason: string, message: string, field: 'protocol' | 'hostname') => {
    setCondition(c.node, { type: 'Conflicted', status: 'True', reason, message });
    if (reason === 'ProtocolConflict') c.protocolConflicted = true;
    const at = field === 'hostname' && c.listener.hostname === undefined ? 'name' : field;
    diags.add(d.listenerConflict(spanAt(c.node.src, [...c.path, at]), c.node.irName, message));
  };
  for (const group of groupByPort(checks, (c) => c.specValid)) {
    const l7 = group.filter((c) => c.node.protocol !== 'UDP');
    if (new Set(l7.map((c) => protocolFamily(c.node.protocol))).size > 1) {
      const message = `All listeners for a given port must use a compatible protocol, conflicting listeners: ${names(l7)}`;
      for (const c of l7) conflict(c, 'ProtocolConflict', message, 'protocol');
    }
  }
  for (const group of groupByPort(checks, (c) => c.specValid && !c.protocolConflicted && c.node.protocol !== 'TCP' && c.node.protocol !== 'UDP')) {
    const byHost = new Map<string, ListenerCheck[]>();
    for (const c of group) byHost.set(c.node.hostname ?? '', [...(byHost.get(c.node.hostname ?? '') ?? []), c]);
    for (const same of byHost.values()) {
      if (same.length < 2) continue;
      const message = `All listeners for a given port must use a unique hostname, conflicting listeners: ${names(same)}`;
      for (const c of same) conflict(c, 'HostnameConflict', message, 'hostname');
    }
  }
  for (const protocol of ['TCP', 'UDP']) {
    for (const group of groupByPort(checks, (c) => c.specValid && c.node.protocol === protocol)) {
      for (const c of group.slice(1)) conflict(c, 'ProtocolConflict', `Only one ${protocol} listener is allowed in a given port`, 'protocol');
    }
  }
}

/** `a` matches `b` (Envoy Gateway's hostnameMatchesWithOther: a wildcard covers one label only). */
function hostnameMatches(a: string, b: string): boolean {
  if (b.startsWith('*') && b.length > 1 && !(a.startsWith('*') && a.length > 1)) {
    const suffix = b.slice(1);
    return a.endsWith(suffix) && !a.slice(0, -suffix.length).includes('.');
  }
  return a === b;
}

/** Envoy Gateway's areOverlappingHostnames: a listener without hostname overlaps every other. */
function overlapping(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || hostnameMatches(a, b) || hostnameMatches(b, a);
}

/**
 * Marks overlapping HTTPS listeners on one port as Envoy Gateway does: a listener not yet marked
 * is paired with every later unmarked one that overlaps (keeping the last as its partner).
 * `pairOf(a, b)` returns the two values the message names, or undefined when they do not overlap.
 */
function markPairs(https: ListenerCheck[], pairOf: (a: ListenerCheck, b: ListenerCheck) => [string, string] | undefined) {
  const marks = new Map<ListenerCheck, { mine: string; theirs: string; other: ListenerCheck }>();
  https.forEach((a, i) => {
    if (marks.has(a)) return;
    for (const b of https.slice(i + 1)) {
      if (marks.has(b) || a.node.port !== b.node.port) continue;
      const pair = pairOf(a, b);
      if (!pair) continue;
      marks.set(a, { mine: pair[0], theirs: pair[1], other: b });
      marks.set(b, { mine: pair[1], theirs: pair[0], other: a });
    }
  });
  return marks;
}

/**
 * Envoy Gateway's OverlappingTLSConfig condition between a Gateway's valid HTTPS listeners:
 * overlapping hostnames, then overlapping certificate SANs (which also limit ALPN to HTTP/1.1).
 */
export function checkOverlappingTls(checks: ListenerCheck[], diags: Diagnostics): void {
  const https = checks.filter((c) => c.node.protocol === 'HTTPS' && c.node.programmed);
  const hosts = markPairs(https, (a, b) => (overlapping(a.node.hostname, b.node.hostname) ? [a.node.hostname ?? '', b.node.hostname ?? ''] : undefined));
  for (const [c, m] of hosts) {
    setCondition(c.node, {
      type: 'OverlappingTLSConfig',
      status: 'True',
      reason: 'OverlappingHostnames',
      message: `The hostname ${m.mine} overlaps with the hostname ${m.theirs} in listener ${m.other.node.name}.`,
    });
  }
  const certs = markPairs(https, (a, b) => {
    for (const x of a.node.certDnsNames) for (const y of b.node.certDnsNames) if (overlapping(x, y)) return [x, y];
    return undefined;
  });
  for (const [c, m] of certs) {
    c.node.tlsOverlaps = true;
    diags.add(d.listenerTlsOverlapping(spanAt(c.node.src, [...c.path, 'tls']), c.node.irName, m.mine, m.other.node.irName, m.theirs));
    setCondition(c.node, {
      type: 'OverlappingTLSConfig',
      status: 'True',
      reason: 'OverlappingCertificates',
      message: `The certificate SAN ${m.mine} overlaps with the certificate SAN ${m.theirs} in listener ${m.other.node.name}. ALPN will default to HTTP/1.1 to prevent HTTP/2 connection coalescing, unless explicitly configured via ClientTrafficPolicy`,
    });
  }
}
