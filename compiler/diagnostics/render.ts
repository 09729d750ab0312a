import { redactKeyMaterial } from '../secrets/fingerprint';
import { sensitiveRanges, redactQuoted, type SensitiveRange } from '../secrets/source-ranges';
import { codeFrame, escapeTerminal, lineCol, type SourceFile } from '../source';
import type { Diagnostic } from './diagnostic';

/** Longest message printed: past this, the rest is counted, not shown (a message may quote a whole input). */
const MAX_MESSAGE = 2000;

/** The secret material of the files a diagnostic points into. */
function rangesOf(d: Diagnostic, files: ReadonlyMap<string, SourceFile>): SensitiveRange[] {
  const spans = [d.span, ...(d.related ?? []).map((r) => r.span)];
  const seen = new Set<string>();
  const out: SensitiveRange[] = [];
  for (const s of spans) {
    const f = s && !seen.has(s.file) ? files.get(s.file) : undefined;
    if (!f) continue;
    seen.add(f.path);
    out.push(...sensitiveRanges(f));
  }
  return out;
}

/** Text from the inputs as it may be printed: secret values redacted, controls escaped, length capped. */
function printable(text: string, ranges: readonly SensitiveRange[]): string {
  const safe = escapeTerminal(redactKeyMaterial(redactQuoted(text, ranges)));
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE)}… (${safe.length - MAX_MESSAGE} more characters)` : safe;
}

/**
 * The diagnostic as it may be shown anywhere (text, JSON, goldens): a message that quotes secret
 * material from the inputs shows its redaction instead; terminal escapes are escaped.
 */
export function printableDiagnostic(d: Diagnostic, files: ReadonlyMap<string, SourceFile>): Diagnostic {
  const ranges = rangesOf(d, files);
  const out: Diagnostic = { ...d, message: printable(d.message, ranges) };
  if (d.related) out.related = d.related.map((r) => ({ ...r, message: printable(r.message, ranges) }));
  return out;
}

/** `file(line,col): severity code: message` — one line per diagnostic, as in goldens and the CLI. */
export function renderDiagnostic(diag: Diagnostic, files: ReadonlyMap<string, SourceFile>): string {
  return headLine(printableDiagnostic(diag, files), files);
}

function headLine(d: Diagnostic, files: ReadonlyMap<string, SourceFile>): string {
  const head = `${d.severity} ${d.code}: ${d.message}`;
  if (!d.span) return head;
  const file = files.get(d.span.file);
  if (!file) return `${escapeTerminal(d.span.file)}: ${head}`;
  const { line, col } = lineCol(file, d.span.start);
  return `${escapeTerminal(d.span.file)}(${line},${col}): ${head}`;
}

/** Renders every diagnostic, one per line, each related location indented below it. */
export function renderDiagnostics(diags: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>, opts: { frames?: boolean } = {}): string {
  const lines: string[] = [];
  for (const diag of diags) {
    const d = printableDiagnostic(diag, files);
    lines.push(headLine(d, files));
    const file = d.span && files.get(d.span.file);
    if (opts.frames && file && d.span) lines.push(indent(codeFrame(file, d.span, sensitiveRanges(file))));
    for (const r of d.related ?? []) {
      const rf = files.get(r.span.file);
      const at = rf ? `${r.span.file}(${lineCol(rf, r.span.start).line},${lineCol(rf, r.span.start).col})` : r.span.file;
      lines.push(`  ${escapeTerminal(at)}: ${r.message}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
