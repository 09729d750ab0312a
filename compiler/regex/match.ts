/**
 * Full-match by simulating the RE2 program as a set of states (Thompson/Pike): each input byte
 * advances every live state once, so the work is at most bytes × instructions, never exponential.
 * Bytes are Latin-1 runes, as in Envoy's RE2.
 */
import { E, type Prog } from './compile';

const isWord = (c: number | undefined) => c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f);

function emptyFlags(input: Uint8Array, p: number): number {
  let f = 0;
  if (p === 0) f |= E.BeginText | E.BeginLine;
  else if (input[p - 1] === 10) f |= E.BeginLine;
  if (p === input.length) f |= E.EndText | E.EndLine;
  else if (input[p] === 10) f |= E.EndLine;
  f |= isWord(input[p - 1]) !== isWord(input[p]) ? E.WordBoundary : E.NonWordBoundary;
  return f;
}

/** Whether the program, anchored at both ends, matches `input`; `steps` counts state visits. */
export function fullMatch(prog: Prog, input: Uint8Array, stats?: { steps: number }): boolean {
  const { inst } = prog;
  const mark = new Int32Array(inst.length).fill(-1);
  let list: number[] = [];
  let matched = false;
  const add = (to: number[], id0: number, p: number, flags: number) => {
    const stk = [id0];
    while (stk.length) {
      const id = stk.pop()!;
      if (id === 0 || mark[id] === p) continue;
      mark[id] = p;
      if (stats) stats.steps++;
      const ip = inst[id]!;
      if (ip.op === 'alt' || ip.op === 'altmatch') stk.push(ip.out1, ip.out);
      else if (ip.op === 'nop' || ip.op === 'capture') stk.push(ip.out);
      else if (ip.op === 'empty') {
        if ((ip.empty & flags) === ip.empty) stk.push(ip.out);
      } else if (ip.op === 'byte') to.push(id);
      else if (ip.op === 'match' && p === input.length) matched = true;
    }
  };
  add(list, prog.start, 0, emptyFlags(input, 0));
  for (let p = 0; p < input.length && list.length; p++) {
    const next: number[] = [];
    const flags = emptyFlags(input, p + 1);
    const raw = input[p]!;
    for (const id of list) {
      const ip = inst[id]!;
      const c = ip.fold && raw >= 0x41 && raw <= 0x5a ? raw + 32 : raw;
      if (ip.lo <= c && c <= ip.hi) add(next, ip.out, p + 1, flags);
    }
    list = next;
  }
  return matched;
}
