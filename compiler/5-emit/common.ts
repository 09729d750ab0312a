import type { IrAddress, IrResourceRef } from '../ir';
import type { Any, Message, TypedExtension } from './envoy';

/** `google.protobuf.Duration` in JSON: seconds with 0 or 3 fraction digits ("10s", "0.500s"). */
export function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(3)}s`;
}

/** An `Any` of the given fully qualified type. */
export function typed(type: string, fields: Message = {}): Any {
  return { '@type': `type.googleapis.com/${type}`, ...fields };
}

/** `metadata.filter_metadata["envoy-gateway"].resources`, Envoy Gateway's map back to resources. */
export function buildResourceMetadata(resources: IrResourceRef[]): Message | undefined {
  if (resources.length === 0) return undefined;
  return { filter_metadata: { 'envoy-gateway': { resources: resources.map((r) => ({ ...r })) } } };
}

/** `envoy.config.core.v3.Address`. */
export function buildAddress(a: IrAddress): Message {
  return 'pipe' in a ? { pipe: { path: a.pipe } } : { socket_address: { address: a.socket.address, port_value: a.socket.port } };
}

/** `envoy.config.core.v3.GrpcService` through one of the bootstrap's clusters (a telemetry collector), with its metadata headers. */
export function buildEnvoyGrpcService(s: { cluster: string; authority: string; headers?: { name: string; value: string }[] }): Message {
  return {
    envoy_grpc: { cluster_name: s.cluster, ...(s.authority ? { authority: s.authority } : {}) },
    ...(s.headers ? { initial_metadata: s.headers.map((h) => ({ key: h.name, value: h.value })) } : {}),
  };
}

/** OpenTelemetry's static resource detector, with its attributes (tracing and stats sinks). */
export function buildStaticResourceDetector(attributes: [string, string][]): TypedExtension {
  return {
    name: 'envoy.tracers.opentelemetry.resource_detectors.static_config',
    typed_config: typed('envoy.extensions.tracers.opentelemetry.resource_detectors.v3.StaticConfigResourceDetectorConfig', {
      attributes: Object.fromEntries(attributes),
    }),
  };
}
