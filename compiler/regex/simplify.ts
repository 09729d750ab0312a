/**
 * RE2's `Regexp::Simplify` (`simplify.cc`): neighbouring repeats of one thing coalesce (`a*a` →
 * `a{1,}`), then counted repetitions are spelled out with `*`, `+` and `?` (`x{2,5}` →
 * `xx(x(x(x)?)?)?`), empty and (never in Latin-1) full classes become NoMatch / AnyChar.
 */
import { equal, isEmptyOp, node, type Re } from './ast';
import { concatOrAlternate, literalString, starPlusQuest } from './factor';
import { F } from './flags';

const isRepeatOp = (re: Re) => re.op === 'star' || re.op === 'plus' || re.op === 'quest' || re.op === 'repeat';
const isSingle = (re: Re) => re.op === 'lit' || re.op === 'cc' || re.op === 'anychar' || re.op === 'anybyte';

function canCoalesce(r1: Re, r2: Re): boolean {
  if (!isRepeatOp(r1) || !isSingle(r1.subs[0]!)) return false;
  const x = r1.subs[0]!;
  if (isRepeatOp(r2) && equal(x, r2.subs[0]!) && (r1.flags & F.NonGreedy) === (r2.flags & F.NonGreedy)) return true;
  if (equal(x, r2)) return true;
  return x.op === 'lit' && r2.op === 'str' && r2.runes[0] === x.rune && (x.flags & F.FoldCase) === (r2.flags & F.FoldCase);
}

const BOUNDS = { star: [0, -1], plus: [1, -1], quest: [0, 1] } as const;

/** `DoCoalesce`: merges `args[i]` into `args[i+1]` (leaving an empty match at `i`), or splits off a string's tail. */
function doCoalesce(args: Re[], i: number): void {
  const r1 = args[i]!;
  const r2 = args[i + 1]!;
  const nre = node('repeat', r1.flags, { subs: [r1.subs[0]!] });
  [nre.min, nre.max] = r1.op === 'repeat' ? [r1.min, r1.max] : BOUNDS[r1.op as keyof typeof BOUNDS];
  const add = (lo: number, hi: number) => {
    nre.min += lo;
    if (hi === -1) nre.max = -1;
    else if (nre.max !== -1) nre.max += hi;
  };
  if (r2.op === 'str') {
    let n = 1;
    while (n < r2.runes.length && r2.runes[n] === r1.subs[0]!.rune) n++;
    add(n, n);
    if (n < r2.runes.length) {
      args[i] = nre;
      args[i + 1] = literalString(r2.runes.slice(n), r2.flags);
      return;
    }
  } else if (r2.op === 'repeat') add(r2.min, r2.max);
  else if (r2.op in BOUNDS) {
    const [lo, hi] = BOUNDS[r2.op as keyof typeof BOUNDS];
    add(lo, hi);
  } else add(1, 1);
  args[i] = node('empty', 0);
  args[i + 1] = nre;
}

/** `CoalesceWalker`. */
function coalesce(re: Re): Re {
  if (re.subs.length === 0) return re;
  const args = re.subs.map(coalesce);
  const changed = args.some((a, i) => a !== re.subs[i]);
  const copy = (subs: Re[]) => node(re.op, re.flags, { subs, min: re.min, max: re.max, cap: re.cap });
  if (re.op !== 'concat' || !args.some((a, i) => i + 1 < args.length && canCoalesce(a, args[i + 1]!))) return changed ? copy(args) : re;
  for (let i = 0; i + 1 < args.length; i++) if (canCoalesce(args[i]!, args[i + 1]!)) doCoalesce(args, i);
  return copy(args.filter((a) => a.op !== 'empty'));
}

/** `SimplifyRepeat`: `x{n,m}` in terms of concatenation, `*`, `+` and `?`. */
function simplifyRepeat(re: Re, min: number, max: number, f: number): Re {
  if (isEmptyOp(re) || ((re.op === 'concat' || re.op === 'alt') && re.subs.every(isEmptyOp))) {
    min = Math.min(min, 1);
    max = Math.min(max, 1);
  }
  if (max === -1) {
    if (min === 0) return starPlusQuest('star', re, f);
    if (min === 1) return starPlusQuest('plus', re, f);
    return concatOrAlternate('concat', [...Array<Re>(min - 1).fill(re), starPlusQuest('plus', re, f)], f, false);
  }
  if (min === 0 && max === 0) return node('empty', f);
  if (min === 1 && max === 1) return re;
  let nre = min > 0 ? concatOrAlternate('concat', Array<Re>(min).fill(re), f, false) : undefined;
  if (max > min) {
    let suf = starPlusQuest('quest', re, f);
    for (let i = min + 1; i < max; i++) suf = starPlusQuest('quest', node('concat', f, { subs: [re, suf] }), f);
    nre = nre ? node('concat', f, { subs: [nre, suf] }) : suf;
  }
  return nre ?? node('nomatch', f);
}

/** `SimplifyWalker`. */
function simplifyNode(re: Re): Re {
  if (re.simple) return re;
  const args = re.subs.map(simplifyNode);
  const unchanged = args.every((a, i) => a === re.subs[i]);
  const done = (r: Re) => ((r.simple = true), r);
  switch (re.op) {
    case 'concat':
    case 'alt':
    case 'capture':
      return done(unchanged ? re : node(re.op, re.flags, { subs: args, cap: re.cap }));
    case 'star':
    case 'plus':
    case 'quest': {
      const sub = args[0]!;
      if (sub.op === 'empty') return sub;
      if (unchanged) return done(re);
      if (re.op === sub.op && re.flags === sub.flags) return sub;
      return done(node(re.op, re.flags, { subs: [sub] }));
    }
    case 'repeat': {
      const sub = args[0]!;
      if (sub.op === 'empty') return sub;
      return done(simplifyRepeat(sub, re.min, re.max, re.flags));
    }
    case 'cc':
      return done(re.cc!.size() === 0 ? node('nomatch', re.flags) : re);
    default:
      return done(re);
  }
}

export function simplify(re: Re): Re {
  return simplifyNode(coalesce(re));
}
