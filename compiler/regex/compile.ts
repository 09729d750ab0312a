/**
 * RE2's compiler (`compile.cc`) for Latin-1: a simplified regexp becomes a program of byte-range,
 * alternation, capture and empty-width instructions. The same program gives Envoy's program size
 * (after `flatten.ts`) and drives envoyc's own matching (`match.ts`).
 */
import type { Re } from './ast';
import { F } from './flags';
import { simplify } from './simplify';

export type InstOp = 'fail' | 'alt' | 'altmatch' | 'byte' | 'capture' | 'empty' | 'match' | 'nop';

/** Empty-width conditions (`EmptyOp`). */
export const E = { BeginLine: 1, EndLine: 2, BeginText: 4, EndText: 8, WordBoundary: 16, NonWordBoundary: 32 } as const;

export interface Inst {
  op: InstOp;
  out: number;
  out1: number;
  lo: number;
  hi: number;
  fold: boolean;
  empty: number;
}

export interface Prog {
  inst: Inst[];
  start: number;
  startUnanchored: number;
}

/** A fragment: its first instruction and the dangling exits to patch (`id << 1 | which`); begin 0 = no match. */
interface Frag {
  begin: number;
  end: number[];
  nullable: boolean;
}

const NO_MATCH: Frag = { begin: 0, end: [], nullable: false };

/** Programs past this many instructions are far over Envoy's limit of 100; RE2 itself gives up later. */
export const MAX_INST = 200000;

export class ProgramTooLarge extends Error {}

class Compiler {
  readonly inst: Inst[] = [];

  constructor() {
    this.alloc('fail');
  }

  private alloc(op: InstOp, init: Partial<Inst> = {}): number {
    if (this.inst.length >= MAX_INST) throw new ProgramTooLarge();
    this.inst.push({ op, out: 0, out1: 0, lo: 0, hi: 0, fold: false, empty: 0, ...init });
    return this.inst.length - 1;
  }

  private patch(end: number[], target: number): void {
    for (const p of end) {
      const i = this.inst[p >> 1]!;
      if (p & 1) i.out1 = target;
      else i.out = target;
    }
  }

  cat(a: Frag, b: Frag): Frag {
    if (a.begin === 0 || b.begin === 0) return NO_MATCH;
    const begin = this.inst[a.begin]!;
    if (begin.op === 'nop' && a.end.length === 1 && a.end[0] === a.begin << 1 && begin.out === 0) {
      this.patch(a.end, b.begin);
      return b;
    }
    this.patch(a.end, b.begin);
    return { begin: a.begin, end: b.end, nullable: a.nullable && b.nullable };
  }

  alt(a: Frag, b: Frag): Frag {
    if (a.begin === 0) return b;
    if (b.begin === 0) return a;
    const id = this.alloc('alt', { out: a.begin, out1: b.begin });
    return { begin: id, end: [...a.end, ...b.end], nullable: a.nullable || b.nullable };
  }

  /** The loop instruction of `+`, `*` and `?`: greedy takes `out` first. */
  private loop(a: Frag, nongreedy: boolean): { id: number; exit: number[] } {
    const id = nongreedy ? this.alloc('alt', { out1: a.begin }) : this.alloc('alt', { out: a.begin });
    return { id, exit: [nongreedy ? id << 1 : (id << 1) | 1] };
  }

  plus(a: Frag, nongreedy: boolean): Frag {
    const { id, exit } = this.loop(a, nongreedy);
    this.patch(a.end, id);
    return { begin: a.begin, end: exit, nullable: a.nullable };
  }

  star(a: Frag, nongreedy: boolean): Frag {
    // A nullable body needs the loop inside a `?` to keep RE2's priorities.
    if (a.nullable) return this.quest(this.plus(a, nongreedy), nongreedy);
    const { id, exit } = this.loop(a, nongreedy);
    this.patch(a.end, id);
    return { begin: id, end: exit, nullable: true };
  }

  quest(a: Frag, nongreedy: boolean): Frag {
    if (a.begin === 0) return this.nop();
    const { id, exit } = this.loop(a, nongreedy);
    return { begin: id, end: [...exit, ...a.end], nullable: true };
  }

  byteRange(lo: number, hi: number, fold: boolean): Frag {
    const id = this.alloc('byte', { lo, hi, fold });
    return { begin: id, end: [id << 1], nullable: false };
  }

  nop(): Frag {
    const id = this.alloc('nop');
    return { begin: id, end: [id << 1], nullable: true };
  }

  match(): Frag {
    return { begin: this.alloc('match'), end: [], nullable: false };
  }

  emptyWidth(empty: number): Frag {
    const id = this.alloc('empty', { empty });
    return { begin: id, end: [id << 1], nullable: true };
  }

  capture(a: Frag): Frag {
    if (a.begin === 0) return NO_MATCH;
    const id = this.alloc('capture', { out: a.begin });
    this.alloc('capture');
    this.patch(a.end, id + 1);
    return { begin: id, end: [(id + 1) << 1], nullable: a.nullable };
  }

  /** Byte ranges joined by a chain of alternations (Latin-1 `AddRuneRangeLatin1` + `AddSuffix`). */
  ranges(ranges: [number, number, boolean][]): Frag {
    let begin = 0;
    const end: number[] = [];
    for (const [lo, hi, fold] of ranges) {
      if (lo > hi || lo > 0xff) continue;
      const f = this.byteRange(lo, Math.min(hi, 0xff), fold);
      end.push(...f.end);
      begin = begin === 0 ? f.begin : this.alloc('alt', { out: begin, out1: f.begin });
    }
    return { begin, end, nullable: false };
  }

  charClass(re: Re): Frag {
    const cc = re.cc!;
    const foldAscii = cc.foldsAscii();
    const out: [number, number, boolean][] = [];
    for (const [lo, hi] of cc.ranges()) {
      // With ASCII case folding, the lower-case range stands for both.
      if (foldAscii && lo >= 0x41 && hi <= 0x5a) continue;
      const fold = foldAscii && !((lo <= 0x41 && 0x7a <= hi) || hi < 0x41 || 0x7a < lo || (0x5a < lo && hi < 0x61));
      out.push([lo, hi, fold]);
    }
    return this.ranges(out);
  }

  walk(re: Re): Frag {
    const subs = re.subs.map((s) => this.walk(s));
    const ng = (re.flags & F.NonGreedy) !== 0;
    const fold = (re.flags & F.FoldCase) !== 0;
    switch (re.op) {
      case 'nomatch':
        return NO_MATCH;
      case 'empty':
        return this.nop();
      case 'concat':
        return subs.reduce((f, s) => this.cat(f, s));
      case 'alt':
        return subs.reduce((f, s) => this.alt(f, s));
      case 'star':
        return this.star(subs[0]!, ng);
      case 'plus':
        return this.plus(subs[0]!, ng);
      case 'quest':
        return this.quest(subs[0]!, ng);
      case 'lit':
        return this.byteRange(re.rune, re.rune, fold);
      case 'str':
        return re.runes.map((r) => this.byteRange(r, r, fold)).reduce((f, s) => this.cat(f, s));
      case 'anychar':
        return this.ranges([[0, 0xff, false]]);
      case 'anybyte':
        return this.byteRange(0, 0xff, false);
      case 'cc':
        return this.charClass(re);
      case 'capture':
        return re.cap < 0 ? subs[0]! : this.capture(subs[0]!);
      case 'bol':
        return this.emptyWidth(E.BeginLine);
      case 'eol':
        return this.emptyWidth(E.EndLine);
      case 'bot':
        return this.emptyWidth(E.BeginText);
      case 'eot':
        return this.emptyWidth(E.EndText);
      case 'wordb':
        return this.emptyWidth(E.WordBoundary);
      case 'nowordb':
        return this.emptyWidth(E.NonWordBoundary);
    }
    throw new Error(`regex compiler: unexpected op ${re.op}`);
  }
}

/** `IsAnchorStart` / `IsAnchorEnd`: a leading `\A` (trailing `\z`) comes off, and the program is anchored instead. */
function stripAnchor(re: Re, op: 'bot' | 'eot', depth: number): Re | undefined {
  if (depth >= 4) return undefined;
  if (re.op === op) return { ...re, op: 'empty', subs: [] };
  if (re.op === 'capture') {
    const sub = stripAnchor(re.subs[0]!, op, depth + 1);
    return sub && { ...re, subs: [sub] };
  }
  if (re.op === 'concat' && re.subs.length > 0) {
    const at = op === 'bot' ? 0 : re.subs.length - 1;
    const sub = stripAnchor(re.subs[at]!, op, depth + 1);
    if (!sub) return undefined;
    const subs = [...re.subs];
    subs[at] = sub;
    return { ...re, subs };
  }
  return undefined;
}

/** `Compiler::Compile`: simplify, take off the anchors, compile, add the match and the unanchored `.*?` loop. */
export function compileProg(parsed: Re): Prog {
  let sre = simplify(parsed);
  const start = stripAnchor(sre, 'bot', 0);
  if (start) sre = start;
  const end = stripAnchor(sre, 'eot', 0);
  if (end) sre = end;
  const c = new Compiler();
  let all = c.cat(c.walk(sre), c.match());
  const anchored = all.begin;
  if (!start) all = c.cat(c.star(c.byteRange(0, 0xff, false), true), all);
  const prog = { inst: c.inst, start: anchored, startUnanchored: all.begin };
  if (prog.start === 0 && prog.startUnanchored === 0) prog.inst.length = 1;
  return prog;
}
