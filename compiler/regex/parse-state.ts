/**
 * RE2's parse stack (`Regexp::ParseState`): literals gather into strings, `|` and `)` collapse the
 * stack into alternations and concatenations, and repetitions are checked for size as RE2 does.
 */
import { computeSimple, node, type Op, type Re } from './ast';
import { CharClass } from './charclass';
import { fail } from './errors';
import { concatOrAlternate } from './factor';
import { F } from './flags';

/** RE2's limit on `{n,m}` and on nested repetitions multiplied out. */
const MAX_REPEAT = 1000;

const isMarker = (op: Op) => op === 'lparen' || op === 'vbar';

/** `RepetitionWalker`: what is left of the budget of 1000 after nested repeats divide it; 0 = too many. */
function repetitionBudget(re: Re, budget: number): number {
  let arg = budget;
  if (re.op === 'repeat') {
    const m = re.max < 0 ? re.min : re.max;
    if (m > 0) arg = Math.trunc(arg / m);
  }
  let out = arg;
  for (const s of re.subs) out = Math.min(out, repetitionBudget(s, arg));
  return out;
}

export class ParseState {
  private stack: Re[] = [];
  private ncap = 0;

  constructor(
    public flags: number,
    private readonly whole: number[],
  ) {}

  private get top(): Re | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** `PushRegexp`: one-rune classes become literals, `[Aa]` a folded literal. */
  push(re: Re): void {
    this.maybeConcatString(-1, 0);
    if (re.op === 'cc' && re.cc) {
      const size = re.cc.size();
      const lo = re.cc.ranges()[0]?.[0] ?? 0;
      if (size === 1) re = node('lit', this.flags, { rune: lo });
      else if (size === 2 && lo >= 0x41 && lo <= 0x5a && re.cc.contains(lo + 32)) re = node('lit', this.flags | F.FoldCase, { rune: lo + 32 });
    }
    if (!isMarker(re.op)) re.simple = computeSimple(re);
    this.stack.push(re);
  }

  pushLiteral(r: number): void {
    if (this.flags & F.FoldCase && ((r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a))) {
      const re = node('cc', this.flags & ~F.FoldCase, { cc: new CharClass() });
      re.cc!.addRange(r, r);
      re.cc!.addRange(r ^ 0x20, r ^ 0x20);
      return this.push(re);
    }
    if (this.flags & F.NeverNL && r === 10) return this.push(node('nomatch', this.flags));
    if (this.maybeConcatString(r, this.flags)) return;
    this.push(node('lit', this.flags, { rune: r }));
  }

  pushSimple(op: Op): void {
    this.push(node(op, this.flags));
  }

  pushCaret(): void {
    this.pushSimple(this.flags & F.OneLine ? 'bot' : 'bol');
  }

  pushDollar(): void {
    if (!(this.flags & F.OneLine)) return this.pushSimple('eol');
    this.push(node('eot', this.flags | F.WasDollar));
  }

  pushDot(): void {
    if (this.flags & F.DotNL && !(this.flags & F.NeverNL)) return this.pushSimple('anychar');
    const re = node('cc', this.flags & ~F.FoldCase, { cc: new CharClass() });
    re.cc!.addRange(0, 9);
    re.cc!.addRange(11, 0xff);
    this.push(re);
  }

  private operand(opstr: number[]): Re {
    const top = this.top;
    if (!top || isMarker(top.op)) fail('no argument for repetition operator', opstr);
    return top!;
  }

  pushRepeatOp(op: 'star' | 'plus' | 'quest', opstr: number[], nongreedy: boolean): void {
    const top = this.operand(opstr);
    const fl = nongreedy ? this.flags ^ F.NonGreedy : this.flags;
    if (op === top.op && fl === top.flags) return;
    if ((top.op === 'star' || top.op === 'plus' || top.op === 'quest') && fl === top.flags) {
      top.op = 'star';
      return;
    }
    const re = node(op, fl, { subs: [this.stack.pop()!] });
    re.simple = computeSimple(re);
    this.stack.push(re);
  }

  pushRepetition(min: number, max: number, opstr: number[], nongreedy: boolean): void {
    if ((max !== -1 && max < min) || min > MAX_REPEAT || max > MAX_REPEAT) fail('invalid repetition size', opstr);
    this.operand(opstr);
    const re = node('repeat', nongreedy ? this.flags ^ F.NonGreedy : this.flags, { min, max, subs: [this.stack.pop()!] });
    re.simple = computeSimple(re);
    this.stack.push(re);
    if ((min >= 2 || max >= 2) && repetitionBudget(re, MAX_REPEAT) === 0) fail('invalid repetition size', opstr);
  }

  leftParen(name: string | undefined): void {
    this.push(node('lparen', this.flags, { cap: ++this.ncap, ...(name !== undefined ? { name } : {}) }));
  }

  leftParenNoCapture(): void {
    this.push(node('lparen', this.flags, { cap: -1 }));
  }

  /** `DoVerticalBar`: the finished concatenation goes below the `|` marker; `.` absorbs a literal or class beside it. */
  verticalBar(): void {
    this.maybeConcatString(-1, 0);
    this.concatenation();
    const s = this.stack;
    const r1 = s[s.length - 1];
    const r2 = s[s.length - 2];
    if (r1 && r2?.op === 'vbar') {
      const r3 = s[s.length - 3];
      const absorbs = (re: Re) => re.op === 'lit' || re.op === 'cc' || re.op === 'anychar';
      if (r3 && (r1.op === 'anychar' || r3.op === 'anychar')) {
        if (r3.op === 'anychar' && absorbs(r1)) {
          s.pop();
          return;
        }
        if (r1.op === 'anychar' && absorbs(r3)) {
          s[s.length - 3] = r1;
          s.pop();
          return;
        }
      }
      s.pop();
      s.splice(s.length - 1, 0, r1);
      return;
    }
    this.pushSimple('vbar');
  }

  rightParen(): void {
    this.alternation();
    const s = this.stack;
    const r1 = s[s.length - 1];
    const r2 = s[s.length - 2];
    if (!r1 || r2?.op !== 'lparen') fail('unexpected )', this.whole);
    s.length -= 2;
    this.flags = r2!.flags;
    let re = r1!;
    if (r2!.cap > 0) {
      re = node('capture', r2!.flags, { cap: r2!.cap, subs: [r1!], ...(r2!.name !== undefined ? { name: r2!.name } : {}) });
      re.simple = computeSimple(re);
    }
    this.push(re);
  }

  finish(): Re {
    this.alternation();
    if (this.stack.length !== 1) fail('missing )', this.whole);
    return this.stack[0]!;
  }

  private concatenation(): void {
    if (!this.top || isMarker(this.top.op)) this.push(node('empty', this.flags));
    this.collapse('concat');
  }

  private alternation(): void {
    this.verticalBar();
    this.stack.pop();
    this.collapse('alt');
  }

  /** `DoCollapse`: everything above the nearest marker becomes one node, nested ones of the same op flattened. */
  private collapse(op: 'concat' | 'alt'): void {
    let i = this.stack.length;
    while (i > 0 && !isMarker(this.stack[i - 1]!.op)) i--;
    if (this.stack.length - i === 1) return;
    const subs = this.stack.splice(i).flatMap((re) => (re.op === op ? re.subs : [re]));
    const re = concatOrAlternate(op, subs, this.flags, true);
    re.simple = computeSimple(re);
    this.stack.push(re);
  }

  /** `MaybeConcatString`: two literals on top become one string; `r >= 0` reuses the top for a new literal. */
  private maybeConcatString(r: number, flags: number): boolean {
    const s = this.stack;
    const re1 = s[s.length - 1];
    const re2 = s[s.length - 2];
    if (!re1 || !re2) return false;
    if ((re1.op !== 'lit' && re1.op !== 'str') || (re2.op !== 'lit' && re2.op !== 'str')) return false;
    if ((re1.flags & F.FoldCase) !== (re2.flags & F.FoldCase)) return false;
    if (re2.op === 'lit') {
      re2.op = 'str';
      re2.runes = [re2.rune];
    }
    re2.runes.push(...(re1.op === 'lit' ? [re1.rune] : re1.runes));
    if (r >= 0) {
      Object.assign(re1, { op: 'lit', rune: r, runes: [], flags });
      return true;
    }
    s.pop();
    return false;
  }
}
