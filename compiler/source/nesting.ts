/**
 * We chose 1,000 levels: Kubernetes and Envoy files nest a few dozen deep, and the `yaml` package
 * recurses once per level (past some thousands, V8 can abort the process outright).
 */
export const MAX_NESTING = 1000;

const [NL, SPACE, TAB, DASH, HASH, DQUOTE, SQUOTE, BACKSLASH] = ['\n', ' ', '\t', '-', '#', '"', "'", '\\'].map((c) => c.charCodeAt(0));
const OPENERS = new Set(['[', '{'].map((c) => c.charCodeAt(0)));
const CLOSERS = new Set([']', '}'].map((c) => c.charCodeAt(0)));
/** Characters after which a quote starts a quoted scalar (elsewhere, as in `it's`, it is text). */
const QUOTE_STARTS = new Set([' ', '\t', '\n', ':', ',', '[', '{', '-', '?'].map((c) => c.charCodeAt(0)));

/**
 * Where `text` nests deeper than MAX_NESTING, if it does: flow collections (`[`, `{`, as in
 * JSON) counted outside quoted scalars and comments, block nesting by indentation (a `- ` of a
 * compact sequence counts as a level). One pass, no parse: it runs before anything parses.
 */
export function tooDeepAt(text: string): number | undefined {
  let flow = 0;
  let indent = 0;
  let lineStart = true;
  let comment = false;
  let quote = 0;
  let prev = NL;
  for (let i = 0; i < text.length; prev = text.charCodeAt(i++)) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === BACKSLASH && quote === DQUOTE) i++;
      else if (c === quote) quote = 0;
    } else if (c === NL) {
      [lineStart, indent, comment] = [true, 0, false];
    } else if (comment) {
      continue;
    } else if (lineStart && (c === SPACE || (c === DASH && text.charCodeAt(i + 1) === SPACE))) {
      if (++indent > MAX_NESTING) return i;
    } else {
      lineStart = false;
      if (c === HASH && (prev === SPACE || prev === TAB || prev === NL)) comment = true;
      else if ((c === DQUOTE || c === SQUOTE) && QUOTE_STARTS.has(prev)) quote = c;
      else if (OPENERS.has(c) && ++flow > MAX_NESTING) return i;
      else if (CLOSERS.has(c) && flow > 0) flow--;
    }
  }
  return undefined;
}
