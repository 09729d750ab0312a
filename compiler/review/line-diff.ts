/**
 * Line-level view of an output change: which lines changed (Myers' diff) and which named Envoy
 * objects (route, virtual host, cluster, listener) enclose them. `--check` prints it as a summary;
 * the diff-friendliness test asserts that a one-field edit touches only the objects it should.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** A changed line: its 1-based number in the old text (`-`) or the new one (`+`). */
export interface LineChange {
  side: '-' | '+';
  line: number;
  text: string;
}

/** Myers' O(ND) diff of two line lists; returns the deleted and inserted lines. */
export function diffLines(a: string[], b: string[]): LineChange[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) (x++, y++);
      v[max + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  const out: LineChange[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const px = vd[max + prevK]!;
    const py = px - prevK;
    while (x > px && y > py) (x--, y--);
    if (x === px) out.push({ side: '+', line: py + 1, text: b[py]! });
    else out.push({ side: '-', line: px + 1, text: a[px]! });
    x = px;
    y = py;
  }
  return out.reverse();
}

/** A named object of an emitted YAML bootstrap and the lines it spans. */
export interface NamedRange {
  kind: 'listener' | 'vhost' | 'route' | 'cluster' | 'chain';
  name: string;
  from: number;
  to: number;
}

const KIND_OF_LIST: Record<string, NamedRange['kind']> = {
  listeners: 'listener',
  clusters: 'cluster',
  virtual_hosts: 'vhost',
  routes: 'route',
  filter_chains: 'chain',
};

/** Every named listener, filter chain, virtual host, route and cluster of a YAML bootstrap, with line ranges. */
export function namedRanges(yamlText: string): NamedRange[] {
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc });
  const out: NamedRange[] = [];
  const visit = (node: Node | null | undefined) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = pair.value as Node | null;
        const kind = KIND_OF_LIST[key];
        if (kind && isSeq(value)) {
          for (const item of value.items as Node[]) {
            const name = isMap(item) ? item.get('name') : undefined;
            if (typeof name === 'string' && item.range)
              out.push({ kind, name, from: lc.linePos(item.range[0]).line, to: lc.linePos(Math.max(item.range[0], item.range[1] - 1)).line });
          }
        }
        visit(value);
      }
    } else if (isSeq(node)) for (const item of node.items as Node[]) visit(item);
  };
  visit(doc.contents as Node);
  return out;
}

/** The innermost named object holding each changed line (`bootstrap` when none does), as `kind name`, sorted. */
export function touchedObjects(before: string, after: string): string[] {
  const changes = diffLines(before.split('\n'), after.split('\n'));
  const ranges = { '-': namedRanges(before), '+': namedRanges(after) };
  const touched = new Set<string>();
  for (const c of changes) {
    const hits = ranges[c.side].filter((r) => r.from <= c.line && c.line <= r.to).sort((x, y) => x.to - x.from - (y.to - y.from));
    touched.add(hits[0] ? `${hits[0].kind} ${hits[0].name}` : 'bootstrap');
  }
  return [...touched].sort();
}
