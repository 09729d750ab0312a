/**
 * Diagnostics for pipelines (`--fail-on`, `--suppress CODE[=resource]`, `--diagnostics-format`):
 * which findings to show, whether they fail the run, and how to print them (text or JSON).
 */
import { printableDiagnostic, renderDiagnostics, type Diagnostic } from '../diagnostics';
import * as d from '../diagnostics/codes';
import { findSuppression, type SuppressRule } from '../diagnostics/suppress';
import { escapeJsonTerminal, lineCol, type SourceFile } from '../source';

export type FailOn = 'warning' | 'error';
export type DiagnosticsFormat = 'text' | 'json';

export { parseSuppress, type SuppressRule } from '../diagnostics/suppress';

/** The resource a diagnostic is about, as `Kind/ns/name`, and its file. */
export type ResourceOf = (diag: Diagnostic) => string | undefined;

export interface PolicyResult {
  /** What to print, after suppression (plus `suppress_unused` warnings). */
  shown: Diagnostic[];
  suppressed: number;
  /** True when a shown diagnostic is at or above `--fail-on`. */
  failed: boolean;
}

/**
 * Applies `--suppress` and `--fail-on`. Only warnings and notes can be suppressed: an error means
 * nothing was written, and hiding why would help no one. (`unsupported_kind` is an error unless
 * suppressed: 1-load then reports it as a warning, which is hidden here.)
 */
export function applyDiagnosticPolicy(diags: readonly Diagnostic[], rules: SuppressRule[], failOn: FailOn, resourceOf: ResourceOf): PolicyResult {
  const used = new Set<SuppressRule>();
  const shown: Diagnostic[] = [];
  let suppressed = 0;
  for (const diag of diags) {
    const rule = diag.severity !== 'error' ? findSuppression(rules, diag.code, resourceOf(diag), diag.span?.file) : undefined;
    if (rule) {
      used.add(rule);
      suppressed++;
    } else shown.push(diag);
  }
  for (const r of rules) if (!used.has(r)) shown.push(d.suppressUnused(r.text));
  const failed = shown.some((x) => x.severity === 'error' || (failOn === 'warning' && x.severity === 'warning' && x.code !== 'suppress_unused'));
  return { shown, suppressed, failed };
}

/** One diagnostic as JSON: code, severity, message, file/line/column (1-based), resource and related places. */
function toJson(raw: Diagnostic, files: ReadonlyMap<string, SourceFile>, resourceOf: ResourceOf): Record<string, unknown> {
  const diag = printableDiagnostic(raw, files);
  const pos = (span: Diagnostic['span']) => {
    const f = span && files.get(span.file);
    if (!span) return {};
    if (!f) return { file: span.file };
    const s = lineCol(f, span.start);
    const e = lineCol(f, span.end);
    return { file: span.file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
  };
  const resource = resourceOf(raw);
  return {
    code: diag.code,
    severity: diag.severity,
    message: diag.message,
    ...pos(diag.span),
    ...(resource ? { resource } : {}),
    ...(diag.related?.length ? { related: diag.related.map((r) => ({ message: r.message, ...pos(r.span) })) } : {}),
  };
}

/** Diagnostics as the pipeline asked: TS-style lines with code frames, or one JSON document. */
export function renderForPipeline(result: PolicyResult, files: SourceFile[], format: DiagnosticsFormat, resourceOf: ResourceOf): string {
  const byPath = new Map(files.map((f) => [f.path, f]));
  if (format === 'text') return renderDiagnostics(result.shown, byPath, { frames: true });
  const count = (s: string) => result.shown.filter((x) => x.severity === s).length;
  const doc = {
    diagnostics: result.shown.map((x) => toJson(x, byPath, resourceOf)),
    summary: { errors: count('error'), warnings: count('warning'), notes: count('note'), suppressed: result.suppressed, failed: result.failed },
  };
  return escapeJsonTerminal(JSON.stringify(doc, null, 2)) + '\n';
}
