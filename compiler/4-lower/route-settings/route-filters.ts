import type { RuleOrigin } from '../../3-merge/kinds/backendtrafficpolicy';
import type { ResourceKey } from '../../1-load/types';
import type { BackendTrafficPolicySpec, Compression, FaultInjection } from '../../api/backendtrafficpolicy';
import type { ConfigMap } from '../../api/core';
import type { IrBandwidthLimit, IrCompressor, IrFault, IrRouteFilters } from '../../ir';
import { parseDuration } from '../../units/duration';
import { parseQuantity } from '../../units/quantity';
import { lowerGlobalRateLimit } from './global-rate-limit';
import { lowerLocalRateLimit } from './local-rate-limit';
import { percentageToFraction } from '../percent';
import { lowerResponseOverrides } from './response-override';

/** What the per-route filter settings need besides the spec. */
export interface RouteFiltersInput {
  /** The IR route name (global rate-limit descriptor). */
  routeName: string;
  /** The IR listener name (global rate-limit domain). */
  listener: string;
  /** A ConfigMap by namespace and name (responseOverride bodies). */
  configMap: (namespace: string, name: string) => ConfigMap | undefined;
  /** `--ratelimit-service` given: global rate limits can be translated. */
  rateLimitService: boolean;
  /** Where each global rule came from, when a StrategicMerge joined route and parent rules. */
  globalRuleOrigins?: RuleOrigin[];
}

/** Seconds per bandwidth-limit unit. */
const BANDWIDTH_UNIT_SECONDS = { Second: 1, Minute: 60, Hour: 3600 } as const;

function ref(key: ResourceKey): { namespace: string; name: string } {
  const [, namespace, name] = key.split('/');
  return { namespace: namespace!, name: name! };
}

/** `faultInjection` → per-route `HTTPFault` (§4.11); percentages default to 100. */
function lowerFault(f: FaultInjection): IrFault {
  return {
    ...(f.delay ? { delay: { fixedDelayMs: parseDuration(f.delay.fixedDelay), percentage: percentageToFraction(f.delay.percentage ?? 100) } } : {}),
    ...(f.abort
      ? {
          abort: {
            ...(f.abort.httpStatus !== undefined ? { httpStatus: f.abort.httpStatus } : {}),
            ...(f.abort.grpcStatus !== undefined ? { grpcStatus: f.abort.grpcStatus } : {}),
            percentage: percentageToFraction(f.abort.percentage ?? 100),
          },
        }
      : {}),
  };
}

/** `bandwidthLimit` → KiB/s per direction (§4.10); 3-merge rejected limits below 1 KiB/s. */
function lowerBandwidth(b: NonNullable<BackendTrafficPolicySpec['bandwidthLimit']>): IrBandwidthLimit[] {
  const out: IrBandwidthLimit[] = [];
  for (const direction of ['request', 'response'] as const) {
    const limit = b[direction]?.limit;
    if (!limit) continue;
    const limitKbps = Math.floor((parseQuantity(limit.value) ?? 0) / (BANDWIDTH_UNIT_SECONDS[limit.unit] * 1024));
    const trailers = direction === 'response' ? b.response?.responseTrailers : undefined;
    out.push({ direction, limitKbps, ...(trailers ? { trailers: trailers.prefix !== undefined ? { prefix: trailers.prefix } : {} } : {}) });
  }
  return out;
}

/**
 * `compressor` keeps an item only when its type's sub-object is present (how a merged child turns
 * a parent's compressor off); deprecated `compression` keeps all. The input list's first item is
 * `choose_first` (§4.13).
 */
function lowerCompressors(spec: BackendTrafficPolicySpec): IrCompressor[] {
  const list: Compression[] = spec.compressor ?? spec.compression ?? [];
  const strict = spec.compressor !== undefined;
  const out: IrCompressor[] = [];
  list.forEach((c, i) => {
    const library = c.type.toLowerCase() as IrCompressor['library'];
    if (strict && c[library] === undefined) return;
    const min = c.minContentLength !== undefined ? parseQuantity(c.minContentLength) : undefined;
    out.push({ library, chooseFirst: i === 0, ...(min !== undefined ? { minContentLength: min } : {}) });
  });
  return out;
}

/** The HTTP filters the policy switches on for one route entry, with their per-route settings. */
export function lowerRouteFilters(
  spec: BackendTrafficPolicySpec,
  owner: (field: keyof BackendTrafficPolicySpec) => ResourceKey,
  input: RouteFiltersInput,
): IrRouteFilters {
  const out: IrRouteFilters = {};
  if (spec.responseOverride?.length) {
    const policy = ref(owner('responseOverride'));
    out.customResponse = {
      filterName: `envoy.filters.http.custom_response/backendtrafficpolicy/${policy.namespace}/${policy.name}`,
      rules: lowerResponseOverrides(spec.responseOverride, policy, (name) => input.configMap(policy.namespace, name)),
    };
  }
  if (spec.faultInjection) out.fault = lowerFault(spec.faultInjection);
  if (spec.requestBuffer) out.buffer = { maxRequestBytes: parseQuantity(spec.requestBuffer.limit ?? 0) ?? 0 };
  const rl = spec.rateLimit;
  if (rl?.local && rl.type !== 'Global') out.localRateLimit = lowerLocalRateLimit(rl.local.rules ?? []);
  if (rl?.global && rl.type !== 'Local' && input.rateLimitService) {
    const policy = owner('rateLimit');
    const origins = input.globalRuleOrigins ?? rl.global.rules.map((_, index) => ({ policy, index }));
    const perRoute = lowerGlobalRateLimit(rl.global.rules, {
      routeName: input.routeName,
      listener: input.listener,
      origins: origins.map((o) => ({ ...ref(o.policy), index: o.index })),
    });
    if (perRoute.length) out.rateLimits = perRoute;
  }
  if (spec.bandwidthLimit) {
    const limits = lowerBandwidth(spec.bandwidthLimit);
    if (limits.length) out.bandwidthLimits = limits;
  }
  const compressors = lowerCompressors(spec);
  if (compressors.length) out.compressors = compressors;
  return out;
}
