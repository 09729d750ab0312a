/**
 * `--gateway`, `--route`, `--policy`: the part of the picture about one object. Each flag keeps a
 * set of nodes; with several flags, what all of them keep. Edges stay where both ends stay.
 */
import { didYouMean } from '../../diagnostics';
import { ReviewError } from '../inputs';
import { pushTo, STRUCTURE, type GraphEdge, type GraphModel, type GraphNode } from './model';

export interface GraphFilter {
  /** `NS/NAME`. */
  gateway?: string;
  /** `NS/NAME` or `KIND/NS/NAME`. */
  route?: string;
  /** `NS/NAME` or `KIND/NS/NAME`. */
  policy?: string;
}

interface Index {
  nodes: Map<string, GraphNode>;
  down: Map<string, string[]>;
  up: Map<string, string[]>;
  policyEdges: GraphEdge[];
}

function index(model: GraphModel): Index {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const e of model.edges) {
    if (!STRUCTURE.has(e.kind)) continue;
    pushTo(down, e.from, e.to);
    pushTo(up, e.to, e.from);
  }
  return { nodes: new Map(model.nodes.map((n) => [n.id, n])), down, up, policyEdges: model.edges.filter((e) => !STRUCTURE.has(e.kind)) };
}

/** `seeds` and everything reachable from them along `next`. */
function closure(seeds: Iterable<string>, next: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  const stack = [...seeds];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return out;
}

/** Nodes of a kind whose id is `Kind/ns/name`, matched by `ns/name` or the whole id. */
function find(idx: Index, kinds: string[], wanted: string, what: string): string[] {
  const candidates = [...idx.nodes.values()].filter((n) => kinds.includes(n.kind));
  const found = candidates.filter((n) => n.id === wanted || n.id.slice(n.id.indexOf('/') + 1) === wanted).map((n) => n.id);
  if (found.length) return found;
  const hint = didYouMean(
    wanted,
    candidates.map((n) => n.id.slice(n.id.indexOf('/') + 1)),
  );
  throw new ReviewError(`no ${what} ${wanted} in the inputs${hint}`, 1);
}

/** The structure through `seeds` (what they sit under and what hangs below them), plus every policy drawn on it. */
function around(idx: Index, seeds: string[]): Set<string> {
  const keep = new Set([...closure(seeds, idx.down), ...closure(seeds, idx.up)]);
  for (const e of idx.policyEdges) if (e.kind === 'policy' && keep.has(e.to)) keep.add(e.from);
  return keep;
}

/** One policy: where it is drawn, the structure through there, and the policies that override it or that it overrides. */
function aroundPolicy(idx: Index, ids: string[]): Set<string> {
  const targets = idx.policyEdges.filter((e) => e.kind === 'policy' && ids.includes(e.from)).map((e) => e.to);
  const keep = new Set([...ids, ...closure(targets, idx.down), ...closure(targets, idx.up)]);
  for (const e of idx.policyEdges) if (e.kind === 'overrides' && (ids.includes(e.from) || ids.includes(e.to))) keep.add(e.from).add(e.to);
  return keep;
}

export function narrowGraph(model: GraphModel, filter: GraphFilter): GraphModel {
  const idx = index(model);
  const sets: Set<string>[] = [];
  if (filter.gateway !== undefined) sets.push(around(idx, find(idx, ['gateway'], filter.gateway, 'Gateway')));
  if (filter.route !== undefined) sets.push(around(idx, find(idx, ['route'], filter.route, 'route')));
  if (filter.policy !== undefined) sets.push(aroundPolicy(idx, find(idx, ['policy'], filter.policy, 'policy')));
  if (!sets.length) return model;
  const keep = (id: string) => sets.every((s) => s.has(id));
  const nodes = model.nodes.filter((n) => keep(n.id));
  if (!nodes.length) throw new ReviewError(`nothing in the inputs is in all of ${Object.keys(filter).join(', ')} at once`, 1);
  return { nodes, edges: model.edges.filter((e) => keep(e.from) && keep(e.to)), notes: model.notes };
}
