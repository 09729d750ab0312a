/**
 * How RE2 builds concatenations and alternations: an alternation is factored as it is built
 * (`abc|abd` becomes `ab[cd]`), which changes the program size Envoy checks. Port of
 * `ConcatOrAlternate`, `FactorAlternation` (rounds 1–3) and their helpers in RE2's
 * `regexp.cc` / `parse.cc`.
 */
import { equal, node, type Re } from './ast';
import { CharClass } from './charclass';
import { F } from './flags';

export function literalString(runes: number[], flags: number): Re {
  if (runes.length === 0) return node('empty', flags);
  if (runes.length === 1) return node('lit', flags, { rune: runes[0]! });
  return node('str', flags, { runes: [...runes] });
}

/** `StarPlusOrQuest`: squashes `**`, `*+`, `+?`, … as RE2 does. */
export function starPlusQuest(op: 'star' | 'plus' | 'quest', sub: Re, flags: number): Re {
  if (op === sub.op && flags === sub.flags) return sub;
  if ((sub.op === 'star' || sub.op === 'plus' || sub.op === 'quest') && flags === sub.flags) {
    return sub.op === 'star' ? sub : node('star', flags, { subs: [sub.subs[0]!] });
  }
  return node(op, flags, { subs: [sub] });
}

export function concatOrAlternate(op: 'concat' | 'alt', subs: Re[], flags: number, canFactor: boolean): Re {
  if (subs.length === 1) return subs[0]!;
  if (subs.length === 0) return node(op === 'alt' ? 'nomatch' : 'empty', flags);
  if (op === 'alt' && canFactor) {
    subs = factorAlternation(subs, flags);
    if (subs.length === 1) return subs[0]!;
  }
  return node(op, flags, { subs });
}

function leadingString(re: Re): { runes: number[]; flags: number } {
  while (re.op === 'concat' && re.subs.length > 0) re = re.subs[0]!;
  const flags = re.flags & (F.FoldCase | F.Latin1);
  if (re.op === 'lit') return { runes: [re.rune], flags };
  if (re.op === 'str') return { runes: re.runes, flags };
  return { runes: [], flags };
}

/** Removes the first `n` runes of the leading string, editing `re` in place. */
function removeLeadingString(re: Re, n: number): void {
  const stk: Re[] = [];
  while (re.op === 'concat') {
    if (stk.length < 4) stk.push(re);
    re = re.subs[0]!;
  }
  if (re.op === 'lit') {
    re.op = 'empty';
    re.rune = 0;
  } else if (re.op === 'str') {
    if (n >= re.runes.length) {
      re.op = 'empty';
      re.runes = [];
    } else if (n === re.runes.length - 1) {
      re.op = 'lit';
      re.rune = re.runes[re.runes.length - 1]!;
      re.runes = [];
    } else re.runes = re.runes.slice(n);
  }
  while (stk.length > 0) {
    const c = stk.pop()!;
    if (c.subs[0]!.op !== 'empty') continue;
    if (c.subs.length === 2) Object.assign(c, c.subs[1]!);
    else c.subs = c.subs.slice(1);
  }
}

function leadingRegexp(re: Re): Re | undefined {
  if (re.op === 'empty') return undefined;
  if (re.op === 'concat' && re.subs.length >= 2) return re.subs[0]!.op === 'empty' ? undefined : re.subs[0];
  return re;
}

function removeLeadingRegexp(re: Re): Re {
  if (re.op === 'empty') return re;
  if (re.op === 'concat' && re.subs.length >= 2) {
    if (re.subs[0]!.op === 'empty') return re;
    if (re.subs.length === 2) return re.subs[1]!;
    re.subs = re.subs.slice(1);
    return re;
  }
  return node('empty', re.flags);
}

interface Splice {
  prefix: Re;
  start: number;
  n: number;
}

/** Runs of neighbours that pass `same`, as [start, end) pairs of length ≥ 2. */
function runs(n: number, same: (start: number, i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && same(start, i)) continue;
    if (i - start >= 2) out.push([start, i]);
    start = i;
  }
  return out;
}

/** Round 1: common literal prefixes. */
function round1(sub: Re[]): Splice[] {
  const splices: Splice[] = [];
  let start = 0;
  let runes: number[] = [];
  let rflags = 0;
  for (let i = 0; i <= sub.length; i++) {
    const cur = i < sub.length ? leadingString(sub[i]!) : undefined;
    if (cur && cur.flags === rflags) {
      let same = 0;
      while (same < runes.length && same < cur.runes.length && runes[same] === cur.runes[same]) same++;
      if (same > 0) {
        runes = runes.slice(0, same);
        continue;
      }
    }
    if (i - start >= 2) {
      const prefix = literalString(runes, rflags);
      for (let j = start; j < i; j++) removeLeadingString(sub[j]!, runes.length);
      splices.push({ prefix, start, n: i - start });
    }
    if (cur) ({ runes, flags: rflags } = cur);
    start = i;
  }
  return splices;
}

const FACTORABLE = new Set(['bol', 'eol', 'wordb', 'nowordb', 'bot', 'eot', 'cc', 'anychar', 'anybyte']);

function factorable(first: Re): boolean {
  if (FACTORABLE.has(first.op)) return true;
  return first.op === 'repeat' && first.min === first.max && ['lit', 'cc', 'anychar', 'anybyte'].includes(first.subs[0]!.op);
}

/** Round 2: a common simple leading piece (an empty-width op, a class, or a fixed repeat of one). */
function round2(sub: Re[]): Splice[] {
  const firsts = sub.map(leadingRegexp);
  return runs(sub.length, (start, i) => {
    const first = firsts[start];
    const cur = firsts[i];
    return first !== undefined && cur !== undefined && factorable(first) && equal(first, cur);
  }).map(([start, end]) => {
    const prefix = firsts[start]!;
    for (let j = start; j < end; j++) sub[j] = removeLeadingRegexp(sub[j]!);
    return { prefix, start, n: end - start };
  });
}

/** Round 3: runs of literals and classes merge into one class. */
function round3(sub: Re[], flags: number): Splice[] {
  const isLitOrClass = (re: Re) => re.op === 'lit' || re.op === 'cc';
  return runs(sub.length, (start, i) => isLitOrClass(sub[start]!) && isLitOrClass(sub[i]!)).map(([start, end]) => {
    const cc = new CharClass();
    for (let j = start; j < end; j++) {
      const re = sub[j]!;
      if (re.op === 'cc') for (const [lo, hi] of re.cc!.ranges()) cc.addRangeFlags(lo, hi, re.flags);
      else {
        const tmp = new CharClass();
        tmp.addRangeFlags(re.rune, re.rune, re.flags);
        cc.addClass(tmp);
      }
    }
    return { prefix: node('cc', flags & ~F.FoldCase, { cc }), start, n: end - start };
  });
}

function apply(sub: Re[], splices: Splice[], build: (s: Splice) => Re): Re[] {
  const out: Re[] = [];
  let i = 0;
  for (const s of splices) {
    while (i < s.start) out.push(sub[i++]!);
    out.push(build(s));
    i += s.n;
  }
  while (i < sub.length) out.push(sub[i++]!);
  return out;
}

/** `FactorAlternation`: the three rounds, each factored prefix's suffixes factored again. */
export function factorAlternation(subs: Re[], flags: number): Re[] {
  let sub = [...subs];
  for (const round of [round1, round2]) {
    const splices = round(sub);
    sub = apply(sub, splices, (s) => {
      const suffixes = factorAlternation(sub.slice(s.start, s.start + s.n), flags);
      return concatOrAlternate('concat', [s.prefix, concatOrAlternate('alt', suffixes, flags, false)], flags, false);
    });
  }
  return apply(sub, round3(sub, flags), (s) => s.prefix);
}
