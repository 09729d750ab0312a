/** One input file as read by the CLI (or built by a test). */
export interface SourceFile {
  /** Path as shown in diagnostics: relative to the working directory, `/` separators; `<stdin>` for `-`. */
  path: string;
  text: string;
}

/** A range of a source file, as character offsets into `SourceFile.text`. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

/** 1-based line and column. */
export interface LineCol {
  line: number;
  col: number;
}

const lineStartsCache = new WeakMap<SourceFile, number[]>();

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    const text = file.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStartsCache.set(file, starts);
  }
  return starts;
}

/** Converts an offset to a 1-based line and column (binary search over line starts). */
export function lineCol(file: SourceFile, offset: number): LineCol {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** The source line holding `offset`, without its line break. */
export function lineText(file: SourceFile, line: number): string {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end).replace(/\r$/, '');
}

/** A two-line code frame: the source line and a caret run under the span (used by the CLI only). */
export function codeFrame(file: SourceFile, span: Span): string {
  const { line, col } = lineCol(file, span.start);
  const text = lineText(file, line);
  const width = Math.max(1, Math.min(span.end - span.start, text.length - col + 1));
  const gutter = String(line);
  return `${gutter} | ${text}\n${' '.repeat(gutter.length)} | ${' '.repeat(col - 1)}${'^'.repeat(width)}`;
}
