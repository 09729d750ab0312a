/** RE2's `Regexp` node, as the parser, the simplifier and the compiler share it. */
import type { CharClass } from './charclass';

export type Op =
  | 'nomatch'
  | 'empty'
  | 'lit'
  | 'str'
  | 'concat'
  | 'alt'
  | 'star'
  | 'plus'
  | 'quest'
  | 'repeat'
  | 'capture'
  | 'anychar'
  | 'anybyte'
  | 'bol'
  | 'eol'
  | 'wordb'
  | 'nowordb'
  | 'bot'
  | 'eot'
  | 'cc'
  // Parser stack markers only.
  | 'lparen'
  | 'vbar';

export interface Re {
  op: Op;
  flags: number;
  subs: Re[];
  /** `lit`: the rune. */
  rune: number;
  /** `str`: the runes. */
  runes: number[];
  /** `repeat`: bounds; max -1 = unbounded. */
  min: number;
  max: number;
  /** `capture` / `lparen`: group index, -1 for a non-capturing group. */
  cap: number;
  name?: string;
  cc?: CharClass;
  simple: boolean;
}

export function node(op: Op, flags: number, init: Partial<Re> = {}): Re {
  return { op, flags, subs: [], rune: 0, runes: [], min: 0, max: 0, cap: 0, simple: false, ...init };
}

/** Ops that match the empty string at a position (`IsEmptyOp` in RE2). */
export function isEmptyOp(re: Re): boolean {
  return re.op === 'bol' || re.op === 'eol' || re.op === 'wordb' || re.op === 'nowordb' || re.op === 'bot' || re.op === 'eot';
}

/** `ComputeSimple`: a node the simplifier can leave as it is. */
export function computeSimple(re: Re): boolean {
  switch (re.op) {
    case 'concat':
    case 'alt':
      return re.subs.every((s) => s.simple);
    case 'cc':
      return re.cc!.size() > 0 && !re.cc!.full();
    case 'capture':
      return re.subs[0]!.simple;
    case 'star':
    case 'plus':
    case 'quest': {
      const s = re.subs[0]!;
      return s.simple && !['star', 'plus', 'quest', 'empty', 'nomatch'].includes(s.op);
    }
    case 'repeat':
      return false;
    default:
      return true;
  }
}

/** `TopEqual` + `Equal`: structural equality as RE2 tests it. */
export function equal(a: Re, b: Re): boolean {
  if (a.op !== b.op) return false;
  switch (a.op) {
    case 'eot':
      if ((a.flags ^ b.flags) & (1 << 13)) return false;
      break;
    case 'lit':
      if (a.rune !== b.rune || (a.flags ^ b.flags) & 1) return false;
      break;
    case 'str':
      if ((a.flags ^ b.flags) & 1 || a.runes.length !== b.runes.length || a.runes.some((r, i) => r !== b.runes[i])) return false;
      break;
    case 'star':
    case 'plus':
    case 'quest':
      if ((a.flags ^ b.flags) & (1 << 6)) return false;
      break;
    case 'repeat':
      if ((a.flags ^ b.flags) & (1 << 6) || a.min !== b.min || a.max !== b.max) return false;
      break;
    case 'capture':
      if (a.cap !== b.cap || a.name !== b.name) return false;
      break;
    case 'cc':
      if (!a.cc!.equals(b.cc!)) return false;
      break;
  }
  if (a.subs.length !== b.subs.length) return false;
  return a.subs.every((s, i) => equal(s, b.subs[i]!));
}
