import type { Finding } from '../types';
import { child, get, items, str, typeName, type At } from './access';
import { clusters, filterChains, HCM, listeners, routes, typedConfigsOf } from './locate';

/**
 * Extension slots: the `@type` in `typed_config` must be an extension of the slot's kind, and
 * Envoy 1.40 finds extensions by type URL only (lookup by `name` is gone), so a filter without a
 * `typed_config` fails with "Didn't find a registered implementation for … with type URL: ''".
 */

type Report = (f: Finding) => void;

/** Type-name prefixes accepted in each slot (a TypedStruct is judged by the type it holds). */
const SLOTS: Record<string, string[]> = {
  'http filter': ['envoy.extensions.filters.http.'],
  'network filter': ['envoy.extensions.filters.network.'],
  'listener filter': ['envoy.extensions.filters.listener.'],
  'UDP listener filter': ['envoy.extensions.filters.udp.'],
  'transport socket': ['envoy.extensions.transport_sockets.'],
  'access logger': ['envoy.extensions.access_loggers.'],
};

function checkSlot(ext: At, slot: string, report: Report, configRequired: boolean): void {
  const tc = child(ext, 'typed_config');
  const name = str(get(ext.value, 'name')) ?? '';
  if (!tc) {
    if (configRequired)
      report({
        code: 'envoy_extension_slot',
        severity: 'error',
        path: ext.path,
        message: `${slot} "${name}" has no typed_config; Envoy finds extensions by type URL only, add typed_config with an "@type"`,
      });
    return;
  }
  const type = typeName(tc.value);
  if (type === undefined && get(tc.value, '@type') === undefined) {
    report({
      code: 'envoy_extension_slot',
      severity: 'error',
      path: tc.path,
      message: `${slot} "${name}" has a typed_config without "@type"; Envoy finds extensions by type URL only`,
    });
    return;
  }
  if (!type || !type.startsWith('envoy.extensions.')) return;
  if (!SLOTS[slot]!.some((p) => type.startsWith(p)))
    report({
      code: 'envoy_extension_slot',
      severity: 'error',
      path: [...tc.path, '@type'],
      message: `${type} is not a ${slot} extension, so Envoy has no ${slot} for it (name "${name}")`,
    });
}

export function checkExtensionSlots(root: At, report: Report): void {
  for (const l of listeners(root)) {
    const socket = get(get(l.value, 'address'), 'socket_address');
    const slot = get(socket, 'protocol') === 'UDP' ? 'UDP listener filter' : 'listener filter';
    for (const lf of items(l, 'listener_filters')) checkSlot(lf, slot, report, true);
    for (const fc of filterChains(l)) {
      for (const f of items(fc, 'filters')) checkSlot(f, 'network filter', report, true);
      const ts = child(fc, 'transport_socket');
      if (ts) checkSlot(ts, 'transport socket', report, false);
    }
    for (const al of items(l, 'access_log')) checkSlot(al, 'access logger', report, true);
  }
  for (const hcm of typedConfigsOf(root, HCM)) {
    for (const f of items(hcm, 'http_filters')) checkSlot(f, 'http filter', report, get(f.value, 'config_discovery') === undefined);
    for (const al of items(hcm, 'access_log')) checkSlot(al, 'access logger', report, true);
  }
  for (const c of clusters(root)) {
    const ts = child(c, 'transport_socket');
    if (ts) checkSlot(ts, 'transport socket', report, false);
  }
}

/** `retry_on` tokens Envoy knows (router/retry_state_impl.cc), HTTP and gRPC. */
export const RETRY_ON = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
];

const RETRY_ON_SET = new Set(RETRY_ON);

export function checkRetryOn(root: At, report: Report, suggest: (word: string, all: string[]) => string): void {
  const hcms = typedConfigsOf(root, HCM);
  const policies: At[] = [];
  for (const hcm of hcms) {
    const rc = child(hcm, 'route_config');
    for (const vh of rc ? items(rc, 'virtual_hosts') : []) {
      const p = child(vh, 'retry_policy');
      if (p) policies.push(p);
    }
  }
  for (const r of routes(root)) {
    const action = child(r, 'route');
    const p = action && child(action, 'retry_policy');
    if (p) policies.push(p);
  }
  for (const p of policies) {
    const at = child(p, 'retry_on');
    const value = str(at?.value);
    if (!at || value === undefined) continue;
    for (const token of value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean))
      if (!RETRY_ON_SET.has(token))
        // Envoy logs "These tokens will be silently ignored" and starts, hence a warning.
        report({
          code: 'envoy_retry_on_unknown',
          severity: 'warning',
          path: at.path,
          message: `unknown retry_on token "${token}"${suggest(token, RETRY_ON)}; Envoy ignores it. Known: ${RETRY_ON.join(', ')}`,
        });
  }
}
