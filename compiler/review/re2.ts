/**
 * RE2 (Envoy's `safe_regex` with the default Google RE2 engine) → a JavaScript RegExp that
 * matches the whole input, as Envoy's RE2 `FullMatch` does. The common syntax is shared; the
 * differences rewritten here are named groups, leading inline flags, `\A` / `\z`, and the ASCII
 * classes `[[:alpha:]]`. What JavaScript cannot express is reported, never guessed.
 */

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export type Re2Result = { ok: true; regex: RegExp } | { ok: false; why: string };

const cache = new Map<string, Re2Result>();

/** Compiles an RE2 pattern for a full match. */
export function re2FullMatch(pattern: string): Re2Result {
  let r = cache.get(pattern);
  if (!r) {
    r = translate(pattern);
    cache.set(pattern, r);
  }
  return r;
}

function translate(pattern: string): Re2Result {
  let src = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('U')) return { ok: false, why: 'the U (ungreedy) flag has no JavaScript equivalent' };
    flags = lead[1]!;
    src = src.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[:)]/.test(src)) return { ok: false, why: 'inline flags inside the pattern have no JavaScript equivalent' };
  if (/\\C/.test(src)) return { ok: false, why: '\\C (any byte) has no JavaScript equivalent' };
  src = src
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, cls: string) => (POSIX[cls] && !neg ? POSIX[cls]! : m));
  try {
    return { ok: true, regex: new RegExp(`^(?:${src})$`, [...new Set(flags + 'u')].join('')) };
  } catch (err) {
    try {
      return { ok: true, regex: new RegExp(`^(?:${src})$`, flags) };
    } catch {
      return { ok: false, why: (err as Error).message };
    }
  }
}
