// Why Envoy Gateway would refuse to translate a BackendTrafficPolicy: its feature builders'
// errors, each prefixed with the feature label Envoy Gateway uses.
import type { BackendTrafficPolicySpec, RateLimitRule } from '../../../api/backendtrafficpolicy';
import type { NodePath } from '../../../source';
import { parseDuration } from '../../../units/duration';
import { canonicalQuantity, parseQuantity, UINT32_MAX } from '../../../units/quantity';
import { parseCidr } from '../../../units/cidr';
import { checkRegex } from '../../../regex';
import type { TranslationContext, TranslationError } from '../../kind';

/** Seconds per rate-limit unit (Envoy Gateway: a month is 30 days). */
export const RATE_LIMIT_UNIT_SECONDS: Record<string, number> = {
  Second: 1,
  Minute: 60,
  Hour: 3600,
  Day: 86_400,
  Week: 604_800,
  Month: 2_592_000,
  Year: 31_536_000,
};

/** Seconds per bandwidth-limit unit. */
const BANDWIDTH_UNIT_SECONDS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600 };

/** The route-stat-name variables Envoy Gateway fills in. */
const STAT_NAME_VARIABLES = new Set(['%ROUTE_NAME%', '%ROUTE_NAMESPACE%', '%ROUTE_KIND%', '%ROUTE_RULE_NAME%']);

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;
  return true;
}

function checkLoadBalancer(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const size = spec.loadBalancer?.consistentHash?.tableSize;
  if (spec.loadBalancer?.type === 'ConsistentHash' && size !== undefined && !isPrime(size)) {
    out.push({ message: `LoadBalancer: ConsistentHash: invalid TableSize value ${size}`, path: ['spec', 'loadBalancer', 'consistentHash', 'tableSize'] });
  }
}

function checkRetry(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const backOff = spec.retry?.perRetry?.backOff;
  if (!backOff) return;
  const at: NodePath = ['spec', 'retry', 'perRetry', 'backOff'];
  const base = backOff.baseInterval !== undefined ? parseDuration(backOff.baseInterval) : undefined;
  const max = backOff.maxInterval !== undefined ? parseDuration(backOff.maxInterval) : undefined;
  // Envoy Gateway stops at the first problem.
  if (base === 0) out.push({ message: 'Retry: baseInterval cannot be set to 0s', path: [...at, 'baseInterval'] });
  else if (max === 0) out.push({ message: 'Retry: maxInterval cannot be set to 0s', path: [...at, 'maxInterval'] });
  // Envoy requires base_interval whenever retry_back_off is present.
  else if (base === undefined && max !== undefined)
    out.push({ message: 'Retry: maxInterval needs baseInterval: Envoy requires a base interval for any back-off', path: [...at, 'maxInterval'] });
  else if (base !== undefined && max !== undefined && max < base)
    out.push({ message: 'Retry: maxInterval cannot be less than baseInterval', path: [...at, 'maxInterval'] });
}

/** Envoy requires `timeout` in HTTP/2 keepalive settings; Envoy Gateway passes it through and Envoy would reject the config. */
function checkHttp2Keepalive(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const keepalive = spec.http2?.connectionKeepalive;
  if (keepalive && keepalive.timeout === undefined) {
    out.push({
      message: 'HTTP2: connectionKeepalive needs a timeout: Envoy requires one whenever keepalive is configured',
      path: ['spec', 'http2', 'connectionKeepalive'],
    });
  }
}

/** A Kubernetes quantity Envoy Gateway reads as an int64 and bounds (its wording: `<label> value <q> is out of range`). */
function quantityProblem(value: number | string, label: string, range: [number, number]): string | undefined {
  const bytes = parseQuantity(value);
  if (bytes === undefined) return `invalid ${label} value ${value}`;
  return bytes < range[0] || bytes > range[1] ? `${label} value ${canonicalQuantity(value)} is out of range` : undefined;
}

function checkBufferLimit(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const limit = spec.connection?.bufferLimit;
  const problem = limit !== undefined ? quantityProblem(limit, 'BufferLimit', [0, UINT32_MAX]) : undefined;
  if (problem) out.push({ message: `BackendConnection: ${problem}`, path: ['spec', 'connection', 'bufferLimit'] });
}

/** Both window sizes are checked; their problems share one `HTTP2:` prefix, a line each (Go's errors.Join). */
function checkHttp2Windows(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const problems: { message: string; path: NodePath }[] = [];
  for (const [field, label] of [
    ['initialStreamWindowSize', 'InitialStreamWindowSize'],
    ['initialConnectionWindowSize', 'InitialConnectionWindowSize'],
  ] as const) {
    const v = spec.http2?.[field];
    const p = v !== undefined ? quantityProblem(v, label, [65_535, 2_147_483_647]) : undefined;
    if (p) problems.push({ message: p.endsWith('out of range') ? `${p}, must be between 65535 and 2147483647` : p, path: ['spec', 'http2', field] });
  }
  if (problems.length) out.push({ message: `HTTP2: ${problems.map((p) => p.message).join('\n')}`, path: problems[0]!.path });
}

function checkRequestBuffer(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const limit = spec.requestBuffer?.limit;
  if (limit === undefined) return;
  const bytes = parseQuantity(limit);
  const at: NodePath = ['spec', 'requestBuffer', 'limit'];
  if (bytes === undefined) out.push({ message: 'RequestBuffer: limit must be convertible to an int64', path: at });
  else if (bytes > UINT32_MAX) {
    out.push({ message: `RequestBuffer: limit value ${canonicalQuantity(limit)} is out of range, must be between 0 and ${UINT32_MAX}`, path: at });
  }
}

function checkBandwidth(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  for (const dir of ['request', 'response'] as const) {
    const limit = spec.bandwidthLimit?.[dir]?.limit;
    if (!limit) continue;
    const bytes = parseQuantity(limit.value) ?? 0;
    if (Math.floor(bytes / (BANDWIDTH_UNIT_SECONDS[limit.unit]! * 1024)) === 0) {
      out.push({
        message: `BandwidthLimit: ${dir}: bandwidth limit of ${bytes} bytes per ${limit.unit} is below the minimum of 1 KiB/s`,
        path: ['spec', 'bandwidthLimit', dir, 'limit', 'value'],
      });
      // Envoy Gateway stops at the first direction that fails.
      return;
    }
  }
}

/** The first source CIDR of `rules` Go's net.ParseCIDR refuses. */
function cidrProblem(rules: RateLimitRule[], at: NodePath): TranslationError | undefined {
  for (const [i, r] of rules.entries()) {
    for (const [j, sel] of (r.clientSelectors ?? []).entries()) {
      const v = sel.sourceCIDR?.value;
      if (v !== undefined && !parseCidr(v)) {
        return {
          message: `RateLimit: unable to translate rateLimit: invalid CIDR address: ${v}`,
          path: [...at, i, 'clientSelectors', j, 'sourceCIDR', 'value'],
        };
      }
    }
  }
  return undefined;
}

/**
 * Rate limits in Envoy Gateway's order (local, then global), stopping at the first problem: at
 * most one local rule without selectors (the default bucket), local units multiples of its unit,
 * then each rule's source CIDR.
 */
function checkRateLimit(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const local: RateLimitRule[] = spec.rateLimit?.type !== 'Global' ? (spec.rateLimit?.local?.rules ?? []) : [];
  const at: NodePath = ['spec', 'rateLimit', 'local', 'rules'];
  const defaults = local.map((r, i) => ({ r, i })).filter(({ r }) => !r.clientSelectors?.length);
  if (defaults.length > 1) {
    out.push({ message: 'RateLimit: local rateLimit can not have more than one rule without clientSelectors', path: [...at, defaults[1]!.i] });
    return;
  }
  const base = defaults[0] ? RATE_LIMIT_UNIT_SECONDS[defaults[0].r.limit.unit]! : 1;
  const unit = local.findIndex((r) => RATE_LIMIT_UNIT_SECONDS[r.limit.unit]! % base !== 0);
  if (unit >= 0) {
    out.push({ message: 'RateLimit: local rateLimit rule limit unit must be a multiple of the default limit unit', path: [...at, unit, 'limit', 'unit'] });
    return;
  }
  const global = spec.rateLimit?.type !== 'Local' ? (spec.rateLimit?.global?.rules ?? []) : [];
  const cidr = cidrProblem(local, at) ?? cidrProblem(global, ['spec', 'rateLimit', 'global', 'rules']);
  if (cidr) out.push(cidr);
}

/** Envoy Gateway's ValidateRouteStatName: only its own `%…%` operators. */
function checkTelemetry(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const name = spec.telemetry?.metrics?.routeStatName;
  if (!name) return;
  const operators = name.match(/%[^%]*%/g) ?? [];
  const unsupported = operators.filter((v) => !STAT_NAME_VARIABLES.has(v));
  const problem =
    operators.length === 0 && name.includes('%')
      ? 'unable to configure stat name with invalid operator'
      : unsupported.length
        ? `unsupported operators: [${unsupported.join(' ')}]`
        : undefined;
  if (problem) out.push({ message: `Telemetry: unable to configure Route Stat Name: ${problem}`, path: ['spec', 'telemetry', 'metrics', 'routeStatName'] });
}

/** A response body's ConfigMap must exist and hold data (Envoy Gateway's getCustomResponseBody; the first failure stops it). */
function checkResponseOverride(spec: BackendTrafficPolicySpec, ctx: TranslationContext, out: TranslationError[]): void {
  const ns = ctx.namespaceOf('responseOverride');
  for (const [i, o] of (spec.responseOverride ?? []).entries()) {
    const ref = o.response?.body?.type === 'ValueRef' ? o.response.body.valueRef : undefined;
    if (!ref) continue;
    const cm = ctx.configMaps.get(`${ns}/${ref.name}`);
    const at: NodePath = ['spec', 'responseOverride', i, 'response', 'body', 'valueRef'];
    // Envoy Gateway's words; the ConfigMap is looked up in the namespace of the policy that wrote the override.
    const empty = cm && Object.keys(cm.value.data ?? {}).length === 0 && Object.keys(cm.value.binaryData ?? {}).length === 0;
    const problem = !cm
      ? `can't find the referenced configmap ${ns}/${ref.name}`
      : empty
        ? `can't find the key response.body in the referenced configmap ${ns}/${ref.name}`
        : undefined;
    // Envoy Gateway stops at the first override it cannot build.
    if (problem) {
      out.push({ message: `ResponseOverride: ${problem}`, path: at });
      return;
    }
  }
}

/** Regexes of rate-limit selectors and response-override matches: one Envoy refuses makes the policy fail (as in Envoy Gateway for selectors). */
function checkRegexes(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const check = (feature: string, pattern: string | undefined, path: NodePath) => {
    const v = pattern === undefined ? undefined : checkRegex(pattern);
    if (v && !v.ok) out.push({ message: `${feature}: regex ${JSON.stringify(pattern)} is invalid: ${v.reason}`, path, regex: pattern! });
  };
  for (const kind of ['global', 'local'] as const) {
    (spec.rateLimit?.[kind]?.rules ?? []).forEach((rule, r) =>
      (rule.clientSelectors ?? []).forEach((sel, i) => {
        const at: NodePath = ['spec', 'rateLimit', kind, 'rules', r, 'clientSelectors', i];
        sel.headers?.forEach((h, j) => h.type === 'RegularExpression' && check('RateLimit', h.value, [...at, 'headers', j, 'value']));
        if (sel.path?.type === 'RegularExpression') check('RateLimit', sel.path.value, [...at, 'path', 'value']);
        sel.queryParams?.forEach((q, j) => q.type === 'RegularExpression' && check('RateLimit', q.value, [...at, 'queryParams', j, 'value']));
      }),
    );
  }
  (spec.responseOverride ?? []).forEach((o, i) =>
    o.match.responseHeaders?.forEach(
      (h, j) =>
        h.value.type === 'RegularExpression' &&
        check('ResponseOverride', h.value.value, ['spec', 'responseOverride', i, 'match', 'responseHeaders', j, 'value', 'value']),
    ),
  );
}

/** Every reason the spec would fail to translate, in the order Envoy Gateway's feature builders run. */
export function translationErrors(spec: BackendTrafficPolicySpec, ctx: TranslationContext): TranslationError[] {
  const out: TranslationError[] = [];
  checkRateLimit(spec, out);
  checkBandwidth(spec, out);
  checkLoadBalancer(spec, out);
  checkRetry(spec, out);
  checkBufferLimit(spec, out);
  checkHttp2Windows(spec, out);
  checkHttp2Keepalive(spec, out);
  checkResponseOverride(spec, ctx, out);
  checkRequestBuffer(spec, out);
  checkTelemetry(spec, out);
  checkRegexes(spec, out);
  return out;
}
