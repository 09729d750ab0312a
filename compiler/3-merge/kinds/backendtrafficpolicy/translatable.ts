// Why Envoy Gateway would refuse to translate a BackendTrafficPolicy: its feature builders'
// errors, each prefixed with the feature label Envoy Gateway uses.
import type { BackendTrafficPolicySpec, RateLimitRule } from '../../../api/backendtrafficpolicy';
import type { NodePath } from '../../../source';
import { parseDuration } from '../../../units/duration';
import { parseQuantity, UINT32_MAX } from '../../../units/quantity';
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
    out.push({
      message: `LoadBalancer: ConsistentHash TableSize ${size} is not a prime number`,
      path: ['spec', 'loadBalancer', 'consistentHash', 'tableSize'],
    });
  }
}

function checkRetry(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const backOff = spec.retry?.perRetry?.backOff;
  if (!backOff) return;
  const at: NodePath = ['spec', 'retry', 'perRetry', 'backOff'];
  const base = backOff.baseInterval !== undefined ? parseDuration(backOff.baseInterval) : undefined;
  const max = backOff.maxInterval !== undefined ? parseDuration(backOff.maxInterval) : undefined;
  if (base === 0) out.push({ message: 'Retry: baseInterval cannot be set to 0s', path: [...at, 'baseInterval'] });
  if (max === 0) out.push({ message: 'Retry: maxInterval cannot be set to 0s', path: [...at, 'maxInterval'] });
  // Envoy requires base_interval whenever retry_back_off is present.
  if (base === undefined && max !== undefined)
    out.push({ message: 'Retry: maxInterval needs baseInterval: Envoy requires a base interval for any back-off', path: [...at, 'maxInterval'] });
  if (base !== undefined && max !== undefined && max > 0 && max < base)
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

function checkQuantity(
  value: number | string | undefined,
  label: string,
  path: NodePath,
  out: TranslationError[],
  range: [number, number] = [0, UINT32_MAX],
): void {
  if (value === undefined) return;
  const bytes = parseQuantity(value);
  if (bytes === undefined || bytes < range[0] || bytes > range[1]) out.push({ message: `${label} value ${value}`, path });
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
    }
  }
}

/** Local rate limits: at most one rule without selectors (the default bucket); others' units must be multiples of it. */
function checkLocalRateLimit(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const rules: RateLimitRule[] = spec.rateLimit?.local?.rules ?? [];
  const at: NodePath = ['spec', 'rateLimit', 'local', 'rules'];
  const defaults = rules.map((r, i) => ({ r, i })).filter(({ r }) => !r.clientSelectors?.length);
  if (defaults.length > 1)
    out.push({ message: 'RateLimit: local rateLimit can not have more than one rule without clientSelectors', path: [...at, defaults[1]!.i] });
  const base = defaults[0] ? RATE_LIMIT_UNIT_SECONDS[defaults[0].r.limit.unit]! : 1;
  rules.forEach((r, i) => {
    if (RATE_LIMIT_UNIT_SECONDS[r.limit.unit]! % base !== 0) {
      out.push({
        message: `RateLimit: local rateLimit rule limit unit must be a multiple of the default limit unit: ${defaults[0]!.r.limit.unit}`,
        path: [...at, i, 'limit', 'unit'],
      });
    }
  });
}

function checkTelemetry(spec: BackendTrafficPolicySpec, out: TranslationError[]): void {
  const name = spec.telemetry?.metrics?.routeStatName;
  if (name === undefined) return;
  for (const v of name.match(/%[^%]*%/g) ?? []) {
    if (!STAT_NAME_VARIABLES.has(v))
      out.push({ message: `Telemetry: unsupported variable ${v} in routeStatName`, path: ['spec', 'telemetry', 'metrics', 'routeStatName'] });
  }
}

function checkResponseOverride(spec: BackendTrafficPolicySpec, ctx: TranslationContext, out: TranslationError[]): void {
  const ns = ctx.namespaceOf('responseOverride');
  (spec.responseOverride ?? []).forEach((o, i) => {
    const ref = o.response?.body?.type === 'ValueRef' ? o.response.body.valueRef : undefined;
    if (!ref) return;
    const cm = ctx.configMaps.get(`${ns}/${ref.name}`);
    const at: NodePath = ['spec', 'responseOverride', i, 'response', 'body', 'valueRef'];
    // Envoy Gateway's words; the ConfigMap is looked up in the namespace of the policy that wrote the override.
    if (!cm) out.push({ message: `ResponseOverride: can't find the referenced configmap ${ns}/${ref.name}`, path: at });
    else if (Object.keys(cm.value.data ?? {}).length === 0 && Object.keys(cm.value.binaryData ?? {}).length === 0) {
      out.push({ message: `ResponseOverride: can't find the key response.body in the referenced configmap ${ns}/${ref.name}`, path: at });
    }
  });
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

/** Every reason the spec would fail to translate (Envoy Gateway's feature builders' errors). */
export function translationErrors(spec: BackendTrafficPolicySpec, ctx: TranslationContext): TranslationError[] {
  const out: TranslationError[] = [];
  checkLoadBalancer(spec, out);
  checkRetry(spec, out);
  checkQuantity(spec.connection?.bufferLimit, 'BackendConnection: invalid BufferLimit', ['spec', 'connection', 'bufferLimit'], out);
  checkQuantity(
    spec.http2?.initialStreamWindowSize,
    'HTTP2: invalid InitialStreamWindowSize',
    ['spec', 'http2', 'initialStreamWindowSize'],
    out,
    [65_535, 2_147_483_647],
  );
  checkQuantity(
    spec.http2?.initialConnectionWindowSize,
    'HTTP2: invalid InitialConnectionWindowSize',
    ['spec', 'http2', 'initialConnectionWindowSize'],
    out,
    [65_535, 2_147_483_647],
  );
  checkQuantity(spec.requestBuffer?.limit, 'RequestBuffer: invalid Limit', ['spec', 'requestBuffer', 'limit'], out);
  checkHttp2Keepalive(spec, out);
  checkBandwidth(spec, out);
  checkLocalRateLimit(spec, out);
  checkTelemetry(spec, out);
  checkResponseOverride(spec, ctx, out);
  checkRegexes(spec, out);
  return out;
}
