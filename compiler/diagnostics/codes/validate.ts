import { error, warning, type Diagnostic, type Severity } from '../diagnostic';
import type { Span } from '../../source';

// 6-validate and `envoyc validate`. Findings on a user's Envoy config carry `envoy_*` codes;
// findings on envoyc's own output are `generated_config_invalid` (a bug in envoyc), but for the use
// of an API Envoy marks work in progress, which Envoy accepts with a warning.

const make =
  (code: string) =>
  (severity: Severity, at: Span | undefined, message: string): Diagnostic =>
    severity === 'error' ? error(code, at, message) : warning(code, at, message);

/** envoyc emitted something the Envoy schema or Envoy's own checks reject. Always an error, no span. */
export const generatedConfigInvalid = (path: string, problem: string): Diagnostic =>
  error('generated_config_invalid', undefined, `envoyc generated an invalid Envoy config (this is a bug in envoyc): ${path}: ${problem}`);

/** envoyc's output uses an API Envoy marks work in progress: Envoy accepts it and warns at start. */
export const generatedConfigWorkInProgress = (problem: string): Diagnostic =>
  warning('generated_config_work_in_progress', undefined, `the Envoy config uses a work-in-progress API: ${problem}`);

// Schema (proto/) findings.
export const envoyUnknownField = make('envoy_unknown_field');
export const envoyTypeMismatch = make('envoy_type_mismatch');
export const envoyValueInvalid = make('envoy_value_invalid');
export const envoyEnumUnknown = make('envoy_enum_unknown');
export const envoyOneofConflict = make('envoy_oneof_conflict');
export const envoyOneofRequired = make('envoy_oneof_required');
export const envoyAnyInvalid = make('envoy_any_invalid');
export const envoyAnyUnknownType = make('envoy_any_unknown_type');
/** A protoc-gen-validate rule. */
export const envoyRuleViolation = make('envoy_rule_violation');
export const envoyDeprecated = make('envoy_deprecated');
/** A deprecated field or enum value that Envoy rejects unless a runtime flag allows it. */
export const envoyDisallowedField = make('envoy_disallowed_field');
export const envoyDisallowedEnum = make('envoy_disallowed_enum');
export const envoyWorkInProgress = make('envoy_work_in_progress');
/** A form Envoy's lenient parser accepts but canonical proto3 JSON does not (error with --strict). */
export const envoyNonCanonical = make('envoy_non_canonical');
export const envoyDuplicateKey = make('envoy_duplicate_key');
export const envoyPrecisionLoss = make('envoy_precision_loss');

// Semantic checks Envoy does in C++.
export const envoyClusterNotFound = make('envoy_cluster_not_found');
export const envoyDuplicateName = make('envoy_duplicate_name');
export const envoyTerminalFilter = make('envoy_terminal_filter');
export const envoyStatusRange = make('envoy_status_range');
export const envoyLbConfigMismatch = make('envoy_lb_config_mismatch');
export const envoyRetryOnUnknown = make('envoy_retry_on_unknown');
export const envoyStaticHostname = make('envoy_static_hostname');
export const envoyExtensionSlot = make('envoy_extension_slot');

// `envoyc validate` itself.
export const envoyConfigSyntax = (at: Span, message: string): Diagnostic => error('envoy_config_syntax', at, message);
/** The real Envoy binary (`envoy --mode validate`) rejected the file. */
export const envoyRejected = (file: string, output: string): Diagnostic =>
  error('envoy_rejected', { file, start: 0, end: 0 }, `envoy --mode validate rejected this config: ${output}`);
/** The real Envoy binary warned about a deprecated option. */
export const envoyDeprecatedOption = (file: string, message: string): Diagnostic =>
  warning('envoy_deprecated_option', { file, start: 0, end: 0 }, `envoy --mode validate: ${message}`);
