import type { IrFractionalPercent } from './http-filters';
import type { IrCustomTag } from './route';

/** The tracer (`HttpConnectionManager.Tracing.provider`). */
export type IrTracer =
  /** `envoy.tracers.opentelemetry`: OTLP over gRPC. `sampler`: Envoy's samplers, nested as Envoy Gateway nests them. */
  | {
      type: 'opentelemetry';
      authority: string;
      headers?: { name: string; value: string }[];
      resourceAttributes?: [string, string][];
      sampler?: IrOtelSampler;
    }
  /** `envoy.tracers.zipkin`: JSON spans to `/api/v2/spans`. */
  | { type: 'zipkin'; traceId128Bit: boolean; sharedSpanContext: boolean }
  /** `envoy.tracers.datadog`. */
  | { type: 'datadog' };

/** An OpenTelemetry sampler: always on, a trace-ID ratio (AlwaysOff is a 0% ratio), or parent-based over one. */
export type IrOtelSampler = { type: 'alwaysOn' } | { type: 'ratio'; percentage: IrFractionalPercent } | { type: 'parentBased'; wrapped: IrOtelSampler };

/** Tracing on every HTTP connection manager, from the Gateway's EnvoyProxy (`telemetry.tracing`). */
export interface IrTracing {
  tracer: IrTracer;
  /** The collector's cluster (`tracing`). */
  cluster: string;
  /** `service_name`: the Gateway's `<name>.<namespace>`, the GatewayClass's name when Gateways are merged, or the provider's `serviceName`. */
  serviceName: string;
  /** Percentages, 0–100: `random_sampling` (100 with an OpenTelemetry sampler), `client_sampling`, `overall_sampling`. */
  randomSampling: number;
  clientSampling: number;
  overallSampling: number;
  /** Sorted by tag; `tags` win over `customTags` of the same name. */
  customTags: IrCustomTag[];
  /** `operation` / `upstream_operation` (Envoy Gateway writes spanName client / server there). */
  operation?: string;
  upstreamOperation?: string;
}
