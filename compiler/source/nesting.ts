/**
 * We chose 1,000 levels: Kubernetes and Envoy files nest a few dozen deep, and the `yaml` package
 * recurses once per level (past some thousands, V8 can abort the process outright).
 */
export const MAX_NESTING = 1000;

const code = (c: string) => c.charCodeAt(0);
const NL = code('\n');
const SPACE = code(' ');
const TAB = code('\t');
const DASH = code('-');
const HASH = code('#');
const DQUOTE = code('"');
const SQUOTE = code("'");
const BACKSLASH = code('\\');
/** Per ASCII code: 1 opens a flow collection, 2 closes one, 3 is a quote, 4 another character the scan looks at. */
const CLASS = new Uint8Array(128);
for (const c of '[{') CLASS[code(c)] = 1;
for (const c of ']}') CLASS[code(c)] = 2;
for (const c of `"'`) CLASS[code(c)] = 3;
for (const c of '\n #-') CLASS[code(c)] = 4;
/** Characters after which a quote starts a quoted scalar (elsewhere, as in `it's`, it is text). */
const QUOTE_STARTS = new Uint8Array(128);
for (const c of ' \t\n:,[{-?') QUOTE_STARTS[code(c)] = 1;

/** A line whose first MAX_NESTING + 1 characters are spaces or dashes: the only way indentation can nest that deep. */
const DEEP_INDENT = new RegExp(`^[ -]{${MAX_NESTING + 1}}`, 'm');

/** More than `limit` occurrences of `c` in `text`. */
function moreThan(text: string, c: string, limit: number): boolean {
  for (let i = text.indexOf(c), n = 0; i !== -1; i = text.indexOf(c, i + 1)) if (++n > limit) return true;
  return false;
}

/**
 * False when `text` cannot nest deeper than MAX_NESTING: no line starts that deep and there are not
 * that many flow openers in all. Most files are decided here, without the scan.
 */
function mayNestTooDeep(text: string): boolean {
  return DEEP_INDENT.test(text) || moreThan(text, '[', MAX_NESTING / 2) || moreThan(text, '{', MAX_NESTING / 2);
}

/**
 * Where `text` nests deeper than MAX_NESTING, if it does: flow collections (`[`, `{`, as in
 * JSON) counted outside quoted scalars and comments, block nesting by indentation (a `- ` of a
 * compact sequence counts as a level). One pass, no parse: it runs before anything parses.
 */
export function tooDeepAt(text: string): number | undefined {
  if (!mayNestTooDeep(text)) return undefined;
  let flow = 0;
  let indent = 0;
  let lineStart = true;
  let comment = false;
  let quote = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === BACKSLASH && quote === DQUOTE) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === NL) {
      lineStart = true;
      indent = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      if (c === SPACE || (c === DASH && text.charCodeAt(i + 1) === SPACE)) {
        if (++indent > MAX_NESTING) return i;
        continue;
      }
      lineStart = false;
    }
    const kind = c < 128 ? CLASS[c] : 0;
    if (kind === 0 || kind === 4) {
      if (c === HASH) {
        const prev = i === 0 ? NL : text.charCodeAt(i - 1);
        comment = prev === SPACE || prev === TAB || prev === NL;
      }
    } else if (kind === 1) {
      if (++flow > MAX_NESTING) return i;
    } else if (kind === 2) {
      if (flow > 0) flow--;
    } else {
      const prev = i === 0 ? NL : text.charCodeAt(i - 1);
      if (prev < 128 && QUOTE_STARTS[prev]) quote = c === SQUOTE ? SQUOTE : DQUOTE;
    }
  }
  return undefined;
}
