import { codeFrame, lineCol, type SourceFile } from '../source';
import type { Diagnostic } from './diagnostic';

/** `file(line,col): severity code: message` — one line per diagnostic, as in goldens and the CLI. */
export function renderDiagnostic(d: Diagnostic, files: ReadonlyMap<string, SourceFile>): string {
  const head = `${d.severity} ${d.code}: ${d.message}`;
  if (!d.span) return head;
  const file = files.get(d.span.file);
  if (!file) return `${d.span.file}: ${head}`;
  const { line, col } = lineCol(file, d.span.start);
  return `${d.span.file}(${line},${col}): ${head}`;
}

/** Renders every diagnostic, one per line, each related location indented below it. */
export function renderDiagnostics(diags: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>, opts: { frames?: boolean } = {}): string {
  const lines: string[] = [];
  for (const d of diags) {
    lines.push(renderDiagnostic(d, files));
    const file = d.span && files.get(d.span.file);
    if (opts.frames && file && d.span) lines.push(indent(codeFrame(file, d.span)));
    for (const r of d.related ?? []) {
      const rf = files.get(r.span.file);
      const at = rf ? `${r.span.file}(${lineCol(rf, r.span.start).line},${lineCol(rf, r.span.start).col})` : r.span.file;
      lines.push(`  ${at}: ${r.message}`);
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
