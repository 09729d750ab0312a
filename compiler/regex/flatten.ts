/**
 * The program size Envoy checks: RE2's `Prog::Optimize` then `Prog::Flatten` (`prog.cc`), which
 * rewrite the program into lists (alternations and no-ops disappear, a list reaching another list's
 * root costs one instruction). Only the count is computed here; the matcher runs the unflattened program.
 */
import type { Inst, Prog } from './compile';

function isMatch(inst: Inst[], id: number): boolean {
  for (;;) {
    const ip = inst[id]!;
    if (ip.op === 'capture' || ip.op === 'nop') id = ip.out;
    else return ip.op === 'match';
  }
}

/** `Prog::Optimize`: skip no-ops, and mark the `.*` loop that ends in a match (AltMatch). */
function optimize(p: Prog): void {
  const { inst } = p;
  const skipNops = (j: number) => {
    while (j !== 0 && inst[j]!.op === 'nop') j = inst[j]!.out;
    return j;
  };
  const reach = (visit: (id: number, q: number[]) => void) => {
    const q: number[] = [];
    const seen = new Set<number>();
    const add = (id: number) => id !== 0 && !seen.has(id) && (seen.add(id), q.push(id));
    add(p.start);
    for (let k = 0; k < q.length; k++) {
      visit(q[k]!, q);
      const ip = inst[q[k]!]!;
      add(ip.out);
      if (ip.op === 'alt' || ip.op === 'altmatch') add(ip.out1);
    }
  };
  reach((id) => {
    const ip = inst[id]!;
    ip.out = skipNops(ip.out);
    if (ip.op === 'alt') ip.out1 = skipNops(ip.out1);
  });
  reach((id) => {
    const ip = inst[id]!;
    if (ip.op !== 'alt') return;
    const loopsToMatch = (a: number, b: number) => {
      const j = inst[a]!;
      return j.op === 'byte' && j.out === id && j.lo === 0 && j.hi === 0xff && isMatch(inst, b);
    };
    if (loopsToMatch(ip.out, ip.out1) || loopsToMatch(ip.out1, ip.out)) ip.op = 'altmatch';
  });
}

/** Walks the epsilon closure of `root` (alternations and no-ops), calling `leaf` for everything else. */
function closure(inst: Inst[], root: number, stopAt: (id: number) => boolean, leaf: (id: number) => void, alt?: (id: number) => void): Set<number> {
  const seen = new Set<number>();
  const stk = [root];
  while (stk.length) {
    let id = stk.pop()!;
    for (;;) {
      if (seen.has(id)) break;
      seen.add(id);
      if (id !== root && stopAt(id)) {
        leaf(id);
        break;
      }
      const ip = inst[id]!;
      if (ip.op === 'alt' || ip.op === 'altmatch') {
        alt?.(id);
        stk.push(ip.out1);
        id = ip.out;
      } else if (ip.op === 'nop') id = ip.out;
      else {
        leaf(id);
        break;
      }
    }
  }
  return seen;
}

/** RE2's program size: the number of instructions after `Flatten`. */
export function programSize(p: Prog): number {
  optimize(p);
  const { inst } = p;
  // Roots: the start states, and every target of a byte range, capture or empty-width instruction.
  const roots: number[] = [0];
  const isRoot = new Set<number>([0]);
  const addRoot = (id: number) => !isRoot.has(id) && (isRoot.add(id), roots.push(id));
  addRoot(p.startUnanchored);
  addRoot(p.start);
  const preds = markSuccessors(inst, p.startUnanchored, addRoot);
  // `MarkDominator`, highest index first: a node reached from outside a root's own closure becomes a root.
  const sorted = [...roots].sort((a, b) => a - b);
  for (let k = sorted.length - 1; k > 0; k--) {
    const root = sorted[k]!;
    if (root === p.startUnanchored || root === p.start) continue;
    const reached = closure(
      inst,
      root,
      (id) => isRoot.has(id),
      () => undefined,
    );
    for (const id of reached) {
      if ((preds.get(id) ?? []).some((pred) => !reached.has(pred))) addRoot(id);
    }
  }
  let size = 0;
  for (const root of roots) {
    closure(
      inst,
      root,
      (id) => isRoot.has(id),
      () => size++,
    );
    size += countAltMatch(inst, root, isRoot);
  }
  return size;
}

/** `MarkSuccessors`: every target of a byte range, capture or empty-width instruction is a root; returns the alternations' predecessors. */
function markSuccessors(inst: Inst[], from: number, addRoot: (id: number) => void): Map<number, number[]> {
  const preds = new Map<number, number[]>();
  const seen = new Set<number>();
  const stk = [from];
  while (stk.length) {
    const id = stk.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const ip = inst[id]!;
    if (ip.op === 'alt' || ip.op === 'altmatch') {
      for (const out of [ip.out, ip.out1]) preds.set(out, [...(preds.get(out) ?? []), id]);
      stk.push(ip.out1, ip.out);
    } else if (ip.op === 'byte' || ip.op === 'capture' || ip.op === 'empty') {
      addRoot(ip.out);
      stk.push(ip.out);
    } else if (ip.op === 'nop') stk.push(ip.out);
  }
  return preds;
}

/** An AltMatch in a list is written as an extra instruction. */
function countAltMatch(inst: Inst[], root: number, isRoot: Set<number>): number {
  let n = 0;
  closure(
    inst,
    root,
    (id) => isRoot.has(id),
    () => undefined,
    (id) => {
      if (inst[id]!.op === 'altmatch') n++;
    },
  );
  return n;
}
