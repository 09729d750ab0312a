// The Envoy schema layer: protobufjs over Envoy's own API descriptors (proto/envoy-api/), and a reflective validator.
export { formatPath, type IssueKind, type JsonPath, type ProtoIssue } from './issues';
export { BOOTSTRAP_TYPE, getSchema } from './schema';
export { validateMessage, type ValidateOptions } from './validate';
export type { Mode } from './walker';
