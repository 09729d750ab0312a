// Why Envoy Gateway would not translate a ClientTrafficPolicy on a listener. It translates the
// policy listener by listener (translateClientTrafficPolicyForListener) and joins every listener's
// errors, each with the feature label it uses; a listener sharing its port with other plain HTTP
// listeners is left alone (its shared HCM cannot take one listener's settings).
import { headerValueOk } from '../../../2-resolve/header-modifiers';
import type { ClientTrafficPolicySpec, HeaderFilter } from '../../../api/clienttrafficpolicy';
import type { NodePath } from '../../../source';
import { canonicalQuantity, parseQuantity, UINT32_MAX } from '../../../units/quantity';
import type { TranslationContext, TranslationError } from '../../kind';
import type { Application } from '../../units';
import { http10DefaultHost, isHttp, listenerOf, samePortListeners, terminatesTls } from './listeners';
import { readClientTls } from './tls';

type Problem = { message: string; path: NodePath };

/** Envoy Gateway's HTTP/2 window bounds (the same as for BackendTrafficPolicy). */
const WINDOW_RANGE: Record<'initialStreamWindowSize' | 'initialConnectionWindowSize', [number, number]> = {
  initialStreamWindowSize: [65_535, 2_147_483_647],
  initialConnectionWindowSize: [65_535, 2_147_483_647],
};

function connectionProblems(spec: ClientTrafficPolicySpec): Problem[] {
  const limit = spec.connection?.bufferLimit;
  if (limit === undefined) return [];
  const bytes = parseQuantity(limit);
  const path: NodePath = ['spec', 'connection', 'bufferLimit'];
  if (bytes === undefined) return [{ message: `Connection: invalid BufferLimit value ${limit}`, path }];
  if (bytes > UINT32_MAX)
    return [{ message: `Connection: BufferLimit value ${canonicalQuantity(limit)} is out of range, must be between 0 and ${UINT32_MAX}`, path }];
  return [];
}

/** Envoy Gateway's translateHeaderModifier: each entry checked, then "nothing valid" if nothing is left. */
function headerFilterProblems(f: HeaderFilter, label: string, at: NodePath): Problem[] {
  const out: Problem[] = [];
  let valid = 0;
  for (const [verb, list] of [
    ['add', f.add],
    ['set', f.set],
    ['addIfAbsent', f.addIfAbsent],
  ] as const) {
    (list ?? []).forEach((h, i) => {
      if (headerValueOk(h.value)) valid++;
      else
        out.push({ message: `${label} cannot ${verb} a header with an invalid value. Header: '${JSON.stringify(h.name)}'`, path: [...at, verb, i, 'value'] });
    });
  }
  valid += (f.remove?.length ?? 0) + (f.removeOnMatch?.length ?? 0);
  if (valid === 0) out.push({ message: `${label} did not provide valid configuration to add/set/remove any headers`, path: at });
  return out;
}

function headerProblems(spec: ClientTrafficPolicySpec): Problem[] {
  const h = spec.headers;
  const out: Problem[] = [];
  if (h?.earlyRequestHeaders) out.push(...headerFilterProblems(h.earlyRequestHeaders, 'EarlyRequestHeaders', ['spec', 'headers', 'earlyRequestHeaders']));
  if (h?.lateResponseHeaders) out.push(...headerFilterProblems(h.lateResponseHeaders, 'LateResponseHeaders', ['spec', 'headers', 'lateResponseHeaders']));
  return out.length ? [{ message: `Headers: ${out.map((p) => p.message).join('\n')}`, path: out[0]!.path }] : [];
}

function http2Problems(spec: ClientTrafficPolicySpec): Problem[] {
  const out: Problem[] = [];
  for (const field of ['initialStreamWindowSize', 'initialConnectionWindowSize'] as const) {
    const v = spec.http2?.[field];
    if (v === undefined) continue;
    const label = field.charAt(0).toUpperCase() + field.slice(1);
    const bytes = parseQuantity(v);
    const [min, max] = WINDOW_RANGE[field];
    const path: NodePath = ['spec', 'http2', field];
    if (bytes === undefined) out.push({ message: `invalid ${label} value ${v}`, path });
    else if (bytes < min || bytes > max)
      out.push({ message: `${label} value ${canonicalQuantity(v)} is out of range, must be between ${min} and ${max}`, path });
  }
  return out.length ? [{ message: `HTTP2: ${out.map((p) => p.message).join('\n')}`, path: out[0]!.path }] : [];
}

/** The problems of one listener, in Envoy Gateway's order (keepalive and timeouts cannot fail once the CRD accepted them). */
function listenerProblems(spec: ClientTrafficPolicySpec, app: Application, ctx: TranslationContext): TranslationError[] {
  const l = listenerOf(app);
  const only = { applications: [app.key] };
  const http = isHttp(l);
  const shared = http ? samePortListeners(ctx.graph, l, ctx.mergeGateways) : [];
  const gateway = `${app.gateway.loaded.value.metadata.namespace}/${app.gateway.loaded.value.metadata.name}`;
  const clash = ctx.scope === 'Gateway' ? shared.filter((n) => !n.startsWith(gateway)) : shared;
  if (clash.length) {
    const message = `ClientTrafficPolicy is being applied to multiple http (non https) listeners (${clash.join(', ')}) on the same port, which is not allowed`;
    return [{ message, path: ['spec'], ...only, untouched: true }];
  }
  const problems: Problem[] = [...connectionProblems(spec)];
  if (http) {
    problems.push(...headerProblems(spec));
    const h10 = spec.http1?.http10?.useDefaultHost ? http10DefaultHost(ctx.graph, l) : undefined;
    if (h10 && 'error' in h10) problems.push({ message: `HTTP1: ${h10.error}`, path: ['spec', 'http1', 'http10', 'useDefaultHost'] });
    problems.push(...http2Problems(spec));
  }
  if (spec.tls && terminatesTls(l)) {
    const { problem } = readClientTls(spec.tls, ctx.namespaceOf('tls'), ctx);
    if (problem) problems.push({ message: `TLS: ${problem.message}`, path: problem.path });
  }
  return problems.map((p) => ({ ...p, ...only }));
}

/** Every listener's problems, listener by listener (Envoy Gateway repeats a spec problem for each listener it hits). */
export function translationErrors(spec: ClientTrafficPolicySpec, ctx: TranslationContext): TranslationError[] {
  return ctx.applications.filter((a) => listenerOf(a).programmed).flatMap((a) => listenerProblems(spec, a, ctx));
}
