/**
 * RE2's parser (`parse.cc`), ported for the options Envoy uses: Perl-like syntax in Latin-1. The
 * pattern arrives as bytes, each byte one rune, as RE2 reads a Latin-1 pattern. Errors carry RE2's
 * own wording (`invalid escape sequence: \x{100}`).
 */
import { node, type Re } from './ast';
import { addGroup, CharClass, isValidCaptureName } from './charclass';
import { ch, Cursor, maybePerlClass, maybeRepetition, parseCharClass, parseEscape, parseUnicodeGroup } from './lex';
import { F } from './flags';
import { fail } from './errors';
import { ParseState } from './parse-state';

/** `(?flags)`, `(?flags:`, `(?P<name>`, `(?<name>`; lookaround is refused as RE2 refuses it. */
function parsePerlFlags(s: Cursor, ps: ParseState): void {
  const t = s.t;
  const i = s.i;
  const n = s.left();
  if ((n > 3 && (t[i + 2] === ch('=') || t[i + 2] === ch('!'))) || (n > 4 && t[i + 2] === ch('<') && (t[i + 3] === ch('=') || t[i + 3] === ch('!')))) {
    fail('invalid perl operator', t.slice(i, i + (t[i + 2] === ch('<') ? 4 : 3)));
  }
  if ((n > 4 && t[i + 2] === ch('P') && t[i + 3] === ch('<')) || (n > 3 && t[i + 2] === ch('<'))) {
    const begin = i + (t[i + 2] === ch('P') ? 4 : 3);
    const end = t.indexOf(ch('>'), begin);
    if (end < 0) fail('invalid named capture group', t.slice(i));
    const name = t.slice(begin, end);
    if (!isValidCaptureName(name)) fail('invalid named capture group', t.slice(i, end + 1));
    ps.leftParen(Buffer.from(name).toString('latin1'));
    s.i = end + 1;
    return;
  }
  s.i += 2;
  let negated = false;
  let sawFlags = false;
  let nflags = ps.flags;
  const bad = () => fail('invalid perl operator', s.from(i));
  for (;;) {
    if (!s.more) bad();
    const c = String.fromCharCode(s.t[s.i++]!);
    const set = (bit: number, on: boolean) => {
      sawFlags = true;
      nflags = on !== negated ? nflags | bit : nflags & ~bit;
    };
    if (c === 'i') set(F.FoldCase, true);
    else if (c === 'm') set(F.OneLine, false);
    else if (c === 's') set(F.DotNL, true);
    else if (c === 'U') set(F.NonGreedy, true);
    else if (c === '-') {
      if (negated) bad();
      negated = true;
      sawFlags = false;
    } else if (c === ':') {
      ps.leftParenNoCapture();
      break;
    } else if (c === ')') break;
    else bad();
  }
  if (negated && !sawFlags) bad();
  ps.flags = nflags;
}

/** A repetition operator (`*`, `+?`, `{2,5}`); `lastUnary` is where the previous one began, if it ended here. */
function parseRepeat(s: Cursor, ps: ParseState, lastUnary: number): boolean {
  const start = s.i;
  const c = s.peek()!;
  let rep: { lo: number; hi: number } | undefined;
  if (c === ch('{')) {
    rep = maybeRepetition(s);
    if (!rep) return false;
  } else s.i++;
  let nongreedy = false;
  if (s.peek() === ch('?')) {
    nongreedy = true;
    s.i++;
  }
  if (lastUnary >= 0) fail('bad repetition operator', s.from(lastUnary));
  const opstr = s.from(start);
  if (rep) ps.pushRepetition(rep.lo, rep.hi, opstr, nongreedy);
  else ps.pushRepeatOp(c === ch('*') ? 'star' : c === ch('+') ? 'plus' : 'quest', opstr, nongreedy);
  return true;
}

/** A backslash sequence outside a class. */
function parseBackslash(s: Cursor, ps: ParseState): void {
  const next = String.fromCharCode(s.peek(1) ?? 0);
  if (ps.flags & F.PerlB && (next === 'b' || next === 'B')) {
    ps.pushSimple(next === 'b' ? 'wordb' : 'nowordb');
    s.i += 2;
    return;
  }
  if (ps.flags & F.PerlX && s.left() >= 2) {
    const simple = { A: 'bot', z: 'eot', C: 'anybyte' } as const;
    if (next in simple) {
      ps.pushSimple(simple[next as keyof typeof simple]);
      s.i += 2;
      return;
    }
    if (next === 'Q') {
      s.i += 2;
      while (s.more) {
        if (s.peek() === ch('\\') && s.peek(1) === ch('E')) {
          s.i += 2;
          break;
        }
        ps.pushLiteral(s.t[s.i++]!);
      }
      return;
    }
  }
  const cc = node('cc', ps.flags & ~F.FoldCase, { cc: new CharClass() });
  if (s.left() >= 2 && parseUnicodeGroup(s, ps.flags, cc.cc!)) return ps.push(cc);
  const g = maybePerlClass(s, ps.flags);
  if (g) {
    addGroup(cc.cc!, g, g.sign, ps.flags);
    return ps.push(cc);
  }
  ps.pushLiteral(parseEscape(s));
}

/** `Regexp::Parse`: `pattern` is the regex's bytes, read as Latin-1 runes. */
export function parse(pattern: number[], flags: number): Re {
  const ps = new ParseState(flags, pattern);
  const s = new Cursor(pattern);
  let lastUnary = -1;
  while (s.more) {
    const start = s.i;
    let unary = -1;
    const c = String.fromCharCode(s.peek()!);
    if (c === '(') {
      if (ps.flags & F.PerlX && s.peek(1) === ch('?')) parsePerlFlags(s, ps);
      else {
        if (ps.flags & F.NeverCapture) ps.leftParenNoCapture();
        else ps.leftParen(undefined);
        s.i++;
      }
    } else if (c === '|') {
      ps.verticalBar();
      s.i++;
    } else if (c === ')') {
      ps.rightParen();
      s.i++;
    } else if (c === '^' || c === '$' || c === '.') {
      if (c === '^') ps.pushCaret();
      else if (c === '$') ps.pushDollar();
      else ps.pushDot();
      s.i++;
    } else if (c === '[') ps.push(parseCharClass(s, ps.flags));
    else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (parseRepeat(s, ps, ps.flags & F.PerlX ? lastUnary : -1)) unary = start;
      else ps.pushLiteral(s.t[s.i++]!);
    } else if (c === '\\') parseBackslash(s, ps);
    else ps.pushLiteral(s.t[s.i++]!);
    lastUnary = unary;
  }
  return ps.finish();
}
