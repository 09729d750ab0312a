import { validateMessage, type IssueKind, type ProtoIssue } from '../../proto';
import { checkSemantics } from './semantic';
import type { Finding, ValidateMode } from './types';

/** Diagnostic code of each schema finding kind (see compiler/diagnostics/codes/validate.ts). */
const CODES: Record<IssueKind, string> = {
  unknown_field: 'envoy_unknown_field',
  type_mismatch: 'envoy_type_mismatch',
  value_invalid: 'envoy_value_invalid',
  enum_unknown: 'envoy_enum_unknown',
  oneof_conflict: 'envoy_oneof_conflict',
  oneof_required: 'envoy_oneof_required',
  any_invalid: 'envoy_any_invalid',
  any_unknown_type: 'envoy_any_unknown_type',
  rule_violation: 'envoy_rule_violation',
  deprecated: 'envoy_deprecated',
  disallowed_field: 'envoy_disallowed_field',
  disallowed_enum: 'envoy_disallowed_enum',
  work_in_progress: 'envoy_work_in_progress',
  non_canonical: 'envoy_non_canonical',
  duplicate_key: 'envoy_duplicate_key',
  precision_loss: 'envoy_precision_loss',
};

export function findingOf(i: ProtoIssue): Finding {
  const f: Finding = { code: CODES[i.kind], severity: i.severity, path: i.path, message: i.message };
  if (i.key) f.key = true;
  return f;
}

/**
 * Validates an Envoy bootstrap (a proto3-JSON object): the schema walk over Envoy's API (the
 * version in compiler/versions.ts), then the semantic checks Envoy does in C++. Throws only when
 * the committed schema cannot be read (a broken checkout). This is also the benchmark entry.
 */
export function validateBootstrap(bootstrap: unknown, mode: ValidateMode = 'envoy'): Finding[] {
  return [...validateMessage(bootstrap, undefined, { mode }).map(findingOf), ...checkSemantics(bootstrap)];
}
