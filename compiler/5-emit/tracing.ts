import type { IrOtelSampler, IrTracer, IrTracing } from '../ir';
import { buildEnvoyGrpcService, buildStaticResourceDetector, typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { buildCustomTag } from './route';

/** Where Zipkin takes spans (Envoy Gateway's choice, Zipkin's v2 JSON API). */
const ZIPKIN_ENDPOINT = '/api/v2/spans';

function buildSampler(s: IrOtelSampler): TypedExtension {
  switch (s.type) {
    case 'alwaysOn':
      return {
        name: 'envoy.tracers.opentelemetry.samplers.always_on',
        typed_config: typed('envoy.extensions.tracers.opentelemetry.samplers.v3.AlwaysOnSamplerConfig'),
      };
    case 'ratio':
      return {
        name: 'envoy.tracers.opentelemetry.samplers.trace_id_ratio_based',
        typed_config: typed('envoy.extensions.tracers.opentelemetry.samplers.v3.TraceIdRatioBasedSamplerConfig', { sampling_percentage: s.percentage }),
      };
    case 'parentBased':
      return {
        name: 'envoy.tracers.opentelemetry.samplers.parent_based',
        typed_config: typed('envoy.extensions.tracers.opentelemetry.samplers.v3.ParentBasedSamplerConfig', { wrapped_sampler: buildSampler(s.wrapped) }),
      };
  }
}

/** `envoy.config.trace.v3.Tracing.Http`: the tracer and its collector. */
function buildTracer(t: IrTracer, cluster: string, serviceName: string): TypedExtension {
  switch (t.type) {
    case 'datadog':
      return {
        name: 'envoy.tracers.datadog',
        typed_config: typed('envoy.config.trace.v3.DatadogConfig', { service_name: serviceName, collector_cluster: cluster }),
      };
    case 'zipkin':
      return {
        name: 'envoy.tracers.zipkin',
        typed_config: typed('envoy.config.trace.v3.ZipkinConfig', {
          collector_cluster: cluster,
          collector_endpoint: ZIPKIN_ENDPOINT,
          ...(t.traceId128Bit ? { trace_id_128bit: true } : {}),
          shared_span_context: t.sharedSpanContext,
          collector_endpoint_version: 'HTTP_JSON',
        }),
      };
    case 'opentelemetry':
      return {
        name: 'envoy.tracers.opentelemetry',
        typed_config: typed('envoy.config.trace.v3.OpenTelemetryConfig', {
          grpc_service: buildEnvoyGrpcService({ cluster, authority: t.authority, ...(t.headers ? { headers: t.headers } : {}) }),
          service_name: serviceName,
          ...(t.resourceAttributes ? { resource_detectors: [buildStaticResourceDetector(t.resourceAttributes)] } : {}),
          ...(t.sampler ? { sampler: buildSampler(t.sampler) } : {}),
        }),
      };
  }
}

/** `HttpConnectionManager.Tracing`, as Envoy Gateway's buildHCMTracing writes it (an upstream span per request). */
export function buildHcmTracing(t: IrTracing): Message {
  return {
    client_sampling: { value: t.clientSampling },
    random_sampling: { value: t.randomSampling },
    overall_sampling: { value: t.overallSampling },
    provider: buildTracer(t.tracer, t.cluster, t.serviceName),
    ...(t.customTags.length ? { custom_tags: t.customTags.map(buildCustomTag) } : {}),
    spawn_upstream_span: true,
    ...(t.operation !== undefined ? { operation: t.operation } : {}),
    ...(t.upstreamOperation !== undefined ? { upstream_operation: t.upstreamOperation } : {}),
  };
}
