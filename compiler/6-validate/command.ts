import { formatPath } from '../../proto';
import { ENVOY_VERSION } from '../versions';
import type { Diagnostic } from '../diagnostics';
import * as codes from '../diagnostics/codes';
import { spanAt, type SourceFile } from '../source';
import { validateBootstrap } from './check';
import type { Finding, ValidateMode } from './types';
import { checkXdsSet, groupXdsSets } from './xds-input';
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
  /** Why real Envoy was not run: `--no-envoy`, or no binary found. */
  envoySkipped?: string;
  /** Files read besides those given: an xDS directory's files its bootstrap names. */
  alsoRead: SourceFile[];
  /** One line per file, printed last: what the schema check and real Envoy made of it. */
  summary: string[];
  /** A usage error (the Envoy binary named by `--envoy` or ENVOY_BIN cannot run): nothing was checked. */
  usage?: string;
  /** 0: no errors (warnings allowed); 1: errors found; 2: usage. */
  exitCode: 0 | 1 | 2;
}

/** The Envoy binary helpers (compiler/6-validate/envoy-binary.ts), loaded only when needed. */
interface EnvoyBinary {
  findEnvoy(explicit?: string): string | undefined | Promise<string | undefined>;
  /** Why a path cannot be run as Envoy (missing, not a file, not executable), or undefined. */
  notRunnable(path: string): string | undefined;
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
 * `envoy --mode validate` when a binary is available and reports its verdict beside ours. Ends
 * with one summary line per file, which says so when real Envoy was not run.
 */
export async function runValidateCommand(files: SourceFile[], opts: ValidateCommandOptions = {}): Promise<ValidateCommandResult> {
  const mode = opts.mode ?? 'envoy';
  const result: ValidateCommandResult = { diagnostics: [], summary: [], alsoRead: [], exitCode: 0 };
  // An xDS directory (compile --xds-dir) is checked as the one bootstrap it amounts to, named after its bootstrap file.
  const { sets, plain } = groupXdsSets(files);
  const units: { path: string; ours: Diagnostic[]; envoyInput?: SourceFile }[] = plain.map((file) => {
    const ours = checkFile(file, mode);
    // A file that does not parse is not given to Envoy: it fails there too, and an alias bomb would hang it.
    return { path: file.path, ours, ...(ours.some((d) => d.code === 'envoy_config_syntax') ? {} : { envoyInput: file }) };
  });
  for (const set of sets) {
    const r = checkXdsSet(set, mode);
    const ours = [...r.diagnostics, ...r.findings.map((f) => toDiagnostic(f, f.span!))];
    units.push({ path: set.bootstrap.path, ours, ...(r.envoyView ? { envoyInput: { ...r.envoyView, path: set.bootstrap.path } } : {}) });
  }
  const given = new Set(files);
  result.alsoRead = sets.flatMap((s) => [...s.files.values()].filter((f) => !given.has(f)));
  const toEnvoy = units.flatMap((u) => (u.envoyInput ? [u.envoyInput] : []));
  if (opts.envoy === false) result.envoySkipped = '--no-envoy';
  else if (toEnvoy.length) await runEnvoy(toEnvoy, opts.envoy, result);
  if (result.usage) return { ...result, exitCode: 2 };
  result.summary = units.map((u) =>
    summaryLine(
      u.path,
      u.ours,
      result.envoyVerdicts?.find((v) => v.file === u.path),
      result.envoySkipped ?? 'the file does not parse',
    ),
  );
  result.diagnostics = sortDiagnostics([...units.flatMap((u) => u.ours), ...result.diagnostics]);
  result.exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  return result;
}

/**
 * `FILE: passed the Envoy 1.40.0 schema check and envoy --mode validate`, or what failed, with
 * the counts of our findings and, when real Envoy did not run, why.
 */
function summaryLine(file: string, ours: Diagnostic[], verdict: EnvoyVerdict | undefined, skipped: string | undefined): string {
  const errors = ours.filter((d) => d.severity === 'error').length;
  const warnings = ours.length - errors;
  const counts = [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')].filter(Boolean).join(', ');
  const check = `the Envoy ${ENVOY_VERSION} schema check`;
  let line = errors ? `${file}: failed ${check} (${counts})` : `${file}: passed ${check}${warnings ? ` (${counts})` : ''}`;
  if (verdict) line += verdict.ok ? (errors ? '; envoy --mode validate accepted it' : ' and envoy --mode validate') : '; envoy --mode validate rejected it';
  else line += `; real Envoy was not run (${skipped})`;
  return line;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
    result.envoySkipped = 'no Envoy binary found: --envoy PATH, ENVOY_BIN or envoy on PATH';
    return;
  }
  // A binary named by --envoy or ENVOY_BIN that cannot run is a usage error, not the config's fault.
  const notRunnable = bin.notRunnable(envoyPath);
  if (notRunnable) {
    result.usage = `Envoy binary ${envoyPath}: ${notRunnable}`;
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
