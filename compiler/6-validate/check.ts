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
  any_not_checked: 'envoy_not_checked',
  rule_violation: 'envoy_rule_violation',
  deprecated: 'envoy_deprecated',
  disallowed_enum: 'envoy_disallowed_enum',
  work_in_progress: 'envoy_work_in_progress',
  non_canonical: 'envoy_non_canonical',
  duplicate_key: 'envoy_duplicate_key',
  precision_loss: 'envoy_precision_loss',
};

export function findingOf(i: ProtoIssue): Finding {
  const f: Finding = { code: CODES[i.kind], severity: i.severity, path: i.path, message: i.message };
  if (i.key) f.key = true;
  if (i.knownNewer) f.knownNewer = true;
  return f;
}

/**
 * Validates an Envoy bootstrap (a proto3-JSON object): the schema walk over the Envoy 1.31 API,
 * then the semantic checks Envoy does in C++. Never throws. This is also the benchmark entry.
 */
export function validateBootstrap(bootstrap: unknown, mode: ValidateMode = 'envoy'): Finding[] {
  let issues: ProtoIssue[];
  try {
    issues = validateMessage(bootstrap, undefined, { mode });
  } catch (e) {
    // A schema-loading failure, not a problem of the config: say so instead of crashing.
    issues = [{ kind: 'any_not_checked', severity: 'error', path: [], message: `the Envoy schema could not be loaded: ${(e as Error).message}` }];
  }
  return [...issues.map(findingOf), ...checkSemantics(bootstrap)];
}
