/**
 * RE2's lexing (`parse.cc`): escapes, repetition counts, character classes and Unicode groups, over
 * the pattern's bytes read as Latin-1 runes.
 */
import { node, type Re } from './ast';
import { addGroup, CharClass, PERL_GROUPS, posixGroup, RUNE_MAX, unicodeGroup } from './charclass';
import { fail } from './errors';
import { F } from './flags';

export const ch = (s: string) => s.charCodeAt(0);
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(String.fromCharCode(c));
const isAlnum = (c: number) => /^[0-9A-Za-z]$/.test(String.fromCharCode(c));

/** The text being parsed and a cursor into it. */
export class Cursor {
  constructor(
    readonly t: number[],
    public i = 0,
  ) {}
  get more(): boolean {
    return this.i < this.t.length;
  }
  peek(k = 0): number | undefined {
    return this.t[this.i + k];
  }
  left(): number {
    return this.t.length - this.i;
  }
  from(start: number): number[] {
    return this.t.slice(start, this.i);
  }
}

/** `ParseInteger`: decimal, no leading zeros, no overflow. */
function parseInteger(s: Cursor): number | undefined {
  if (!isDigit(s.peek())) return undefined;
  if (s.peek() === ch('0') && isDigit(s.peek(1))) return undefined;
  let n = 0;
  while (isDigit(s.peek())) {
    if (n >= 100000000) return undefined;
    n = n * 10 + s.t[s.i++]! - 0x30;
  }
  return n;
}

/** `{n}`, `{n,}`, `{n,m}`; anything else leaves the cursor where it was. */
export function maybeRepetition(s: Cursor): { lo: number; hi: number } | undefined {
  const save = s.i;
  const back = () => ((s.i = save), undefined);
  s.i++;
  const lo = parseInteger(s);
  if (lo === undefined || !s.more) return back();
  let hi = lo;
  if (s.peek() === ch(',')) {
    s.i++;
    if (!s.more) return back();
    if (s.peek() === ch('}')) hi = -1;
    else {
      const h = parseInteger(s);
      if (h === undefined) return back();
      hi = h;
    }
  }
  if (s.peek() !== ch('}')) return back();
  s.i++;
  return { lo, hi };
}

/** `ParseEscape`: one escaped rune. */
export function parseEscape(s: Cursor): number {
  const begin = s.i;
  if (s.left() === 1) fail('trailing \\');
  s.i++;
  const bad = () => fail('invalid escape sequence', s.from(begin));
  let c = s.t[s.i++]!;
  if (c >= 0x31 && c <= 0x37 && !(s.peek()! >= 0x30 && s.peek()! <= 0x37)) return bad(); // \1: a backreference
  if (c >= 0x30 && c <= 0x37) {
    let code = c - 0x30;
    for (let k = 0; k < 2 && s.peek()! >= 0x30 && s.peek()! <= 0x37; k++) code = code * 8 + s.t[s.i++]! - 0x30;
    return code > RUNE_MAX ? bad() : code;
  }
  switch (String.fromCharCode(c)) {
    case 'x': {
      if (!s.more) return bad();
      c = s.t[s.i++]!;
      if (c === ch('{')) {
        if (!s.more) return bad();
        c = s.t[s.i++]!;
        let nhex = 0;
        let code = 0;
        while (isHex(c)) {
          nhex++;
          code = code * 16 + parseInt(String.fromCharCode(c), 16);
          if (code > RUNE_MAX || !s.more) return bad();
          c = s.t[s.i++]!;
        }
        return c !== ch('}') || nhex === 0 ? bad() : code;
      }
      if (!s.more) return bad();
      const c1 = s.t[s.i++]!;
      return isHex(c) && isHex(c1) ? parseInt(String.fromCharCode(c, c1), 16) : bad();
    }
    case 'n':
      return 0x0a;
    case 'r':
      return 0x0d;
    case 't':
      return 0x09;
    case 'a':
      return 0x07;
    case 'f':
      return 0x0c;
    case 'v':
      return 0x0b;
  }
  return c < 0x80 && !isAlnum(c) ? c : bad();
}

/** `\p{Name}`, `\pL`, `\P{^Name}`; false when the text is not one. */
export function parseUnicodeGroup(s: Cursor, flags: number, cc: CharClass): boolean {
  if (!(flags & F.UnicodeGroups) || s.peek() !== ch('\\') || (s.peek(1) !== ch('p') && s.peek(1) !== ch('P'))) return false;
  const seqStart = s.i;
  let sign: 1 | -1 = s.peek(1) === ch('P') ? -1 : 1;
  s.i += 2;
  let name: number[];
  const c = s.t[s.i++];
  if (c !== ch('{')) name = c === undefined ? [] : [c];
  else {
    const end = s.t.indexOf(ch('}'), s.i);
    if (end < 0) fail('invalid character class range', s.t.slice(seqStart));
    name = s.t.slice(s.i, end);
    s.i = end + 1;
  }
  if (name[0] === ch('^')) {
    sign = sign === 1 ? -1 : 1;
    name = name.slice(1);
  }
  const g = unicodeGroup(String.fromCharCode(...name));
  if (!g) fail('invalid character class range', s.from(seqStart));
  addGroup(cc, g!, sign, flags);
  return true;
}

/** `\d`, `\W`, … when Perl classes are on. */
export function maybePerlClass(s: Cursor, flags: number): (typeof PERL_GROUPS)[string] | undefined {
  if (!(flags & F.PerlClasses) || s.left() < 2 || s.peek() !== ch('\\')) return undefined;
  const g = PERL_GROUPS[String.fromCharCode(s.peek()!, s.peek(1)!)];
  if (g) s.i += 2;
  return g;
}

/** `[...]`, with `[:alpha:]`, `\p{..}`, `\d` and ranges inside. */
export function parseCharClass(s: Cursor, flags: number): Re {
  const whole = s.i;
  const re = node('cc', flags & ~F.FoldCase, { cc: new CharClass() });
  const cc = re.cc!;
  s.i++;
  let negated = false;
  if (s.peek() === ch('^')) {
    s.i++;
    negated = true;
    if (!(flags & F.ClassNL) || flags & F.NeverNL) cc.addRange(10, 10);
  }
  let first = true;
  while (s.more && (s.peek() !== ch(']') || first)) {
    if (s.peek() === ch('-') && !first && !(flags & F.PerlX) && (s.left() === 1 || s.peek(1) !== ch(']'))) {
      fail('invalid character class range', s.t.slice(s.i, s.i + 2));
    }
    first = false;
    if (s.left() > 2 && s.peek() === ch('[') && s.peek(1) === ch(':')) {
      const end = s.t.findIndex((c, k) => k >= s.i + 2 && c === ch(':') && s.t[k + 1] === ch(']'));
      if (end >= 0) {
        const name = s.t.slice(s.i, end + 2);
        const g = posixGroup(String.fromCharCode(...name));
        if (!g) fail('invalid character class range', name);
        s.i = end + 2;
        addGroup(cc, g!, g!.sign, flags);
        continue;
      }
    }
    if (s.left() > 2 && parseUnicodeGroup(s, flags, cc)) continue;
    const g = maybePerlClass(s, flags);
    if (g) {
      addGroup(cc, g, g.sign, flags);
      continue;
    }
    const rangeStart = s.i;
    const lo = classChar(s, whole);
    let hi = lo;
    if (s.left() >= 2 && s.peek() === ch('-') && s.peek(1) !== ch(']')) {
      s.i++;
      hi = classChar(s, whole);
      if (hi < lo) fail('invalid character class range', s.from(rangeStart));
    }
    cc.addRangeFlags(lo, hi, flags | F.ClassNL);
  }
  if (!s.more) fail('missing ]', s.t.slice(whole));
  s.i++;
  if (negated) cc.negate();
  return re;
}

function classChar(s: Cursor, whole: number): number {
  if (!s.more) fail('missing ]', s.t.slice(whole));
  return s.peek() === ch('\\') ? parseEscape(s) : s.t[s.i++]!;
}
