import { escapeLonePercents } from '../../units/formatter';
import type { Telemetry } from '../../api/backendtrafficpolicy';
import type { IrCustomTag, IrRouteTracing } from '../../ir';
import { fractionToPercent } from '../percent';

/** The route a stat name is for (Envoy Gateway's `%ROUTE_*%` variables). */
export interface StatNameRoute {
  kind: string;
  namespace: string;
  name: string;
  ruleName?: string;
}

/**
 * `telemetry.metrics.routeStatName` with its variables filled in (§4.17): `%ROUTE_KIND%` as the
 * kind is written (`HTTPRoute`), `%ROUTE_RULE_NAME%` `-` for an unnamed rule. 3-merge rejected
 * any other `%…%`.
 */
export function routeStatName(template: string, r: StatNameRoute): string {
  return template
    .replaceAll('%ROUTE_NAME%', r.name)
    .replaceAll('%ROUTE_NAMESPACE%', r.namespace)
    .replaceAll('%ROUTE_KIND%', r.kind)
    .replaceAll('%ROUTE_RULE_NAME%', r.ruleName ?? '-');
}

function customTag(tag: string, t: NonNullable<NonNullable<Telemetry['tracing']>['customTags']>[string]): IrCustomTag {
  const dflt = (v: string | undefined) => (v !== undefined ? { defaultValue: v } : {});
  switch (t.type) {
    case 'Environment':
      return { tag, type: 'environment', name: t.environment?.name ?? '', ...dflt(t.environment?.defaultValue) };
    case 'RequestHeader':
      return { tag, type: 'requestHeader', name: t.requestHeader?.name ?? '', ...dflt(t.requestHeader?.defaultValue) };
    default:
      return { tag, type: 'literal', value: t.literal?.value ?? '' };
  }
}

/** A policy's or EnvoyProxy's `customTags` and `tags`, sorted by tag; `tags` override `customTags` of the same key. */
export function lowerCustomTags(tracing: Pick<NonNullable<Telemetry['tracing']>, 'customTags' | 'tags'>): IrCustomTag[] {
  const tags = new Map<string, IrCustomTag>();
  for (const [k, t] of Object.entries(tracing.customTags ?? {})) tags.set(k, customTag(k, t));
  // A tag value is a format string in Envoy: a lone `%` is written as `%%`.
  for (const [k, v] of Object.entries(tracing.tags ?? {})) tags.set(k, { tag: k, type: 'value', value: escapeLonePercents(v) });
  return [...tags.keys()].sort().map((k) => tags.get(k)!);
}

/**
 * `telemetry.tracing` → `Route.tracing` (§4.17). `tags` override `customTags` of the same key;
 * the list is sorted by tag. Client sampling is written as 0% when unset, as Envoy Gateway does.
 */
export function lowerRouteTracing(tracing: NonNullable<Telemetry['tracing']>): IrRouteTracing {
  return {
    ...(tracing.samplingFraction ? { randomSampling: fractionToPercent(tracing.samplingFraction) } : {}),
    clientSampling: tracing.clientSamplingFraction ? fractionToPercent(tracing.clientSamplingFraction) : { numerator: 0, denominator: 'HUNDRED' },
    ...(tracing.overallSamplingFraction ? { overallSampling: fractionToPercent(tracing.overallSamplingFraction) } : {}),
    customTags: lowerCustomTags(tracing),
    ...(tracing.spanName ? { operation: tracing.spanName.server, upstreamOperation: tracing.spanName.client } : {}),
  };
}
