import { formatPath } from '../../proto';
import type { Diagnostic } from '../diagnostics';
import * as codes from '../diagnostics/codes';
import { spanAt, type SourceFile } from '../source';
import { validateBootstrap } from './check';
import type { Finding, ValidateMode } from './types';
import { readConfig } from './yaml-input';

/** What `envoy --mode validate` said about one file. */
export interface EnvoyVerdict {
  file: string;
  ok: boolean;
  output: string;
  deprecated: string[];
}

export interface ValidateCommandOptions {
  /** `envoy` (default) or `strict` (`--strict`). */
  mode?: ValidateMode;
  /** Path to the Envoy binary; `false` (`--no-envoy`) skips it; undefined looks in ENVOY_BIN and PATH. */
  envoy?: string | false;
}

export interface ValidateCommandResult {
  /** Ours and Envoy's, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** One per file when an Envoy binary was run. */
  envoyVerdicts?: EnvoyVerdict[];
  /** Why Envoy was not run, when it was wanted but not found. */
  envoySkipped?: string;
  exitCode: 0 | 1;
}

/** The Envoy binary helpers (compiler/6-validate/envoy-binary.ts), loaded only when needed. */
interface EnvoyBinary {
  findEnvoy(explicit?: string): string | undefined | Promise<string | undefined>;
  runEnvoyValidate(envoyPath: string, config: string): EnvoyVerdict | Omit<EnvoyVerdict, 'file'> | Promise<Omit<EnvoyVerdict, 'file'>>;
}

function loadEnvoyBinary(): EnvoyBinary | undefined {
  try {
    return require('./envoy-binary') as EnvoyBinary;
  } catch {
    return undefined;
  }
}

/**
 * `envoyc validate FILE...`: checks each Envoy bootstrap (YAML or JSON) against the schema (envoy
 * mode unless strict) and the semantic checks, placing each finding at `file(line,col)`; then runs
 * `envoy --mode validate` when a binary is available and reports its verdict beside ours.
 */
export async function runValidateCommand(files: SourceFile[], opts: ValidateCommandOptions = {}): Promise<ValidateCommandResult> {
  const mode = opts.mode ?? 'envoy';
  const diagnostics: Diagnostic[] = [];
  for (const file of files) diagnostics.push(...checkFile(file, mode));
  const result: ValidateCommandResult = { diagnostics, exitCode: 0 };
  if (opts.envoy !== false) await runEnvoy(files, opts.envoy, result);
  result.diagnostics = sortDiagnostics(result.diagnostics);
  result.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  return result;
}

/** Our own findings for one file, as placed diagnostics. */
export function checkFile(file: SourceFile, mode: ValidateMode): Diagnostic[] {
  const input = readConfig(file, mode);
  if (input.syntax.length) return input.syntax;
  const findings = [...input.duplicates, ...validateBootstrap(input.value ?? {}, mode)];
  return findings.map((f) => toDiagnostic(f, f.span ?? spanAt(input.ref, f.path, { key: f.key === true })));
}

const BY_CODE: Record<string, (s: 'error' | 'warning', at: any, m: string) => Diagnostic> = {
  envoy_unknown_field: codes.envoyUnknownField,
  envoy_type_mismatch: codes.envoyTypeMismatch,
  envoy_value_invalid: codes.envoyValueInvalid,
  envoy_enum_unknown: codes.envoyEnumUnknown,
  envoy_oneof_conflict: codes.envoyOneofConflict,
  envoy_oneof_required: codes.envoyOneofRequired,
  envoy_any_invalid: codes.envoyAnyInvalid,
  envoy_any_unknown_type: codes.envoyAnyUnknownType,
  envoy_rule_violation: codes.envoyRuleViolation,
  envoy_deprecated: codes.envoyDeprecated,
  envoy_disallowed_field: codes.envoyDisallowedField,
  envoy_disallowed_enum: codes.envoyDisallowedEnum,
  envoy_work_in_progress: codes.envoyWorkInProgress,
  envoy_non_canonical: codes.envoyNonCanonical,
  envoy_duplicate_key: codes.envoyDuplicateKey,
  envoy_precision_loss: codes.envoyPrecisionLoss,
  envoy_cluster_not_found: codes.envoyClusterNotFound,
  envoy_duplicate_name: codes.envoyDuplicateName,
  envoy_terminal_filter: codes.envoyTerminalFilter,
  envoy_status_range: codes.envoyStatusRange,
  envoy_lb_config_mismatch: codes.envoyLbConfigMismatch,
  envoy_retry_on_unknown: codes.envoyRetryOnUnknown,
  envoy_static_hostname: codes.envoyStaticHostname,
  envoy_extension_slot: codes.envoyExtensionSlot,
};

/** `path: message`, so the JSON path is in every line even when the YAML position is shown. */
function toDiagnostic(f: Finding, at: ReturnType<typeof spanAt>): Diagnostic {
  const make = BY_CODE[f.code] ?? codes.envoyValueInvalid;
  return make(f.severity, at, `${formatPath(f.path)}: ${f.message}`);
}

async function runEnvoy(files: SourceFile[], explicit: string | undefined, result: ValidateCommandResult): Promise<void> {
  const bin = loadEnvoyBinary();
  const envoyPath = bin && (await bin.findEnvoy(explicit));
  if (!bin || !envoyPath) {
    result.envoySkipped = explicit ? `Envoy binary ${explicit} not found` : 'no Envoy binary found (--envoy PATH, ENVOY_BIN or PATH)';
    return;
  }
  result.envoyVerdicts = [];
  for (const file of files) {
    const v = await bin.runEnvoyValidate(envoyPath, file.text);
    const verdict: EnvoyVerdict = { file: file.path, ok: v.ok, output: v.output, deprecated: v.deprecated ?? [] };
    result.envoyVerdicts.push(verdict);
    if (!verdict.ok) result.diagnostics.push(codes.envoyRejected(file.path, firstLines(verdict.output)));
    for (const d of verdict.deprecated) result.diagnostics.push(codes.envoyDeprecatedOption(file.path, d));
  }
}

function firstLines(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.filter((l) => !/^\[[\d-]+ [\d:.]+\]\[\d+\]\[(info|debug)\]/.test(l));
  return (err.length ? err : lines).slice(-3).join(' | ') || '(no output)';
}

function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) => (a.span?.file ?? '').localeCompare(b.span?.file ?? '') || (a.span?.start ?? -1) - (b.span?.start ?? -1) || a.code.localeCompare(b.code),
  );
}
