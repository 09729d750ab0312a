// The Envoy schema layer: protobufjs over the Envoy 1.31 API protos, and a reflective validator.
export { formatPath, type IssueKind, type JsonPath, type ProtoIssue } from './issues';
export { NEWER_FIELDS, NEWER_TYPES } from './newer';
export { BOOTSTRAP_TYPE, getSchema } from './schema';
export { validateMessage, type ValidateOptions } from './validate';
export type { Mode } from './walker';
