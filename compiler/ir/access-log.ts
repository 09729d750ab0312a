/** Which Envoy objects an access log is written on (EnvoyProxy `settings[].type`). */
export type IrAccessLogType = 'Listener' | 'Route' | 'Upstream';

/** Where an access log goes. */
export type IrAccessLogSink =
  /** `envoy.access_loggers.file`: a path on Envoy's host (`/dev/stdout`). */
  | { type: 'file'; path: string }
  /** `envoy.access_loggers.http_grpc` (HTTP) or `tcp_grpc` (TCP): Envoy's gRPC access log service. */
  | {
      type: 'als';
      cluster: string;
      logName: string;
      protocol: 'HTTP' | 'TCP';
      requestHeaders?: string[];
      responseHeaders?: string[];
      responseTrailers?: string[];
    }
  /** `envoy.access_loggers.open_telemetry`: an OTLP logs collector over gRPC. */
  | { type: 'otel'; cluster: string; authority: string; headers?: { name: string; value: string }[]; resourceAttributes?: [string, string][] };

/** One access log, as Envoy Gateway's IR keeps it (its order: text files, JSON files, ALS, OpenTelemetry). */
export interface IrAccessLog {
  sink: IrAccessLogSink;
  /** A text format (command operators). Absent with `json` absent: Envoy Gateway's default JSON fields. */
  text?: string;
  /** JSON fields, sorted by key. */
  json?: [string, string][];
  /** CEL expressions (`envoy.access_loggers.extension_filters.cel`), all of which must hold. */
  celMatches: string[];
  /** Absent: on listeners (no-route connections only, response flag NR) and on routes, not upstream. */
  logType?: IrAccessLogType;
}
