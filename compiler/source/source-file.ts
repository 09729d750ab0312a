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

/** Where line `line` (1-based) starts and ends, without its line break. */
function lineBounds(file: SourceFile, line: number): { start: number; end: number } {
  const starts = lineStarts(file);
  const start = starts[line - 1] ?? file.text.length;
  const next = starts[line];
  let end = next === undefined ? file.text.length : next - 1;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/** Source columns a code frame shows: one screen line, whatever the input's line length. */
export const FRAME_WIDTH = 100;
/** Columns shown before the diagnostic's column when the line is cut. */
const FRAME_LEAD = 30;

/**
 * One character as a terminal may show it: C0 and C1 controls, DEL, and the invisible characters
 * that reorder or hide text (bidirectional overrides, zero-width marks) as escapes; the rest as it is.
 */
export function escapeChar(ch: string, keepLineBreaks = false): string {
  const c = ch.codePointAt(0)!;
  if (c === 9) return keepLineBreaks ? ch : '\\t';
  if (c === 10 && keepLineBreaks) return ch;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return `\\x${c.toString(16).padStart(2, '0')}`;
  if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x061c || c === 0xfeff)
    return `\\u{${c.toString(16)}}`;
  return ch;
}

const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/;

/** Text from the inputs made safe for a terminal: controls and invisible characters escaped, line breaks and tabs kept. */
export function escapeTerminal(text: string): string {
  if (!UNSAFE.test(text)) return text;
  let out = '';
  for (const ch of text) out += escapeChar(ch, true);
  return out;
}

/** JSON text safe for a terminal: the characters escapeTerminal escapes, as JSON `\\u` escapes (they only occur inside strings). */
export function escapeJsonTerminal(json: string): string {
  if (!UNSAFE.test(json)) return json;
  return json.replace(new RegExp(UNSAFE.source, 'g'), (ch) => (ch === '\n' || ch === '\t' ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A stretch of the source shown as something else (secret material as its redaction). */
export interface Replacement {
  start: number;
  end: number;
  redaction: string;
}

/** The window of a long line to show around `at`: at most FRAME_WIDTH columns. */
function frameWindow(line: { start: number; end: number }, at: number): { start: number; end: number } {
  if (line.end - line.start <= FRAME_WIDTH) return line;
  const end = Math.min(line.end, Math.max(line.start, at - FRAME_LEAD) + FRAME_WIDTH);
  return { start: Math.max(line.start, end - FRAME_WIDTH), end };
}

/**
 * A two-line code frame: the source line and a caret run under the span (used by the CLI only).
 * A long line shows a window around the column, with `…` where it is cut; control characters are
 * escaped; `replace` (secret material) is shown as its redaction, never as the source.
 */
export function codeFrame(file: SourceFile, span: Span, replace: readonly Replacement[] = []): string {
  const { line } = lineCol(file, span.start);
  const bounds = lineBounds(file, line);
  const win = frameWindow(bounds, span.start);
  const text = file.text;
  let shown = '';
  let caretStart = -1;
  let caretEnd = -1;
  let i = win.start;
  while (i < win.end) {
    // A replacement is shown whole, even past the window: it is short, and what it hides never shows.
    const r = replace.find((x) => x.start <= i && i < x.end);
    const next = r ? r.end : i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    if (caretStart < 0 && span.start < next) caretStart = shown.length;
    shown += r ? r.redaction : escapeChar(text.slice(i, next));
    if (caretEnd < 0 && span.end <= next && span.end > i) caretEnd = shown.length;
    i = next;
  }
  if (caretStart < 0) caretStart = shown.length;
  if (span.end <= span.start) caretEnd = caretStart;
  else if (caretEnd < caretStart) caretEnd = shown.length;
  const head = win.start > bounds.start ? '…' : '';
  const tail = i < bounds.end ? '…' : '';
  const gutter = String(line);
  const carets = '^'.repeat(Math.max(1, caretEnd - caretStart));
  return `${gutter} | ${head}${shown}${tail}\n${' '.repeat(gutter.length)} | ${' '.repeat(head.length + caretStart)}${carets}`;
}
