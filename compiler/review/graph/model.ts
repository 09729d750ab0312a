/**
 * The picture `envoyc graph` draws, as plain data: Gateways → listeners → routes → rules →
 * backends, and every policy at the scope it names. Built from the compiler's own outputs
 * (build.ts); each renderer (mermaid.ts, dot.ts) only lays it out.
 */

/** What a policy became at one scope (and, for its node, the best of its scopes). */
export type PolicyState = 'applied' | 'merged' | 'overridden' | 'conflicted' | 'notAccepted';

/** What a node's style says: a policy's state, a rule's error answer, a listener or route that does not serve, or a diff mark. */
export type Mark = PolicyState | 'answers500' | 'answers503' | 'notProgrammed' | 'notAttached' | 'missing' | 'added' | 'removed' | 'changed' | 'context';

export type NodeKind = 'gateway' | 'listener' | 'route' | 'rule' | 'backend' | 'policy' | 'target';

export interface GraphNode {
  /** Readable and unique, from identity: `Gateway/default/eg`, `Listener/default/eg/http`, `HTTPRoute/default/web/rule/0`, `Service/default/web:8080`. Renderers escape it. */
  id: string;
  kind: NodeKind;
  /** Label lines; the first names the object. */
  lines: string[];
  mark?: Mark;
  /** What the node stands for in full (stable JSON), so `diff` sees a change the label does not show. Never drawn. */
  digest: string;
}

/** Structure (`listener` … `mirror`), a policy at its scope (`policy`), or one policy displacing another (`overrides`). */
export type EdgeKind = 'listener' | 'attach' | 'rejected' | 'rule' | 'backend' | 'mirror' | 'policy' | 'overrides';

/** Marks an edge can carry: a policy's state there, a failed backend or parentRef, or a diff mark. */
export type EdgeMark = PolicyState | 'failed' | 'added' | 'removed';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
  mark?: EdgeMark;
}

export interface GraphModel {
  /** In a stable order: Gateways with their listeners, routes with their rules, backends, policies, missing targets. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Said under the picture (what a cut left out). */
  notes: string[];
}

/** Edges that make the Gateway → listener → route → rule → backend tree (policy edges are not among them). */
export const STRUCTURE: ReadonlySet<EdgeKind> = new Set(['listener', 'attach', 'rejected', 'rule', 'backend', 'mirror']);

/** Longest label line drawn; longer ones end in `…` (a picture, not a listing: `explain` has the rest). */
export const MAX_LINE = 72;

export function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/** `a, b, c +2 more`: at most `max` items of a list in a label. */
export function listed(items: string[], max = 3): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} +${items.length - max} more` : items.join(', ');
}

/** Appends to the list under `key` (in place: building lists by copying would be quadratic on large graphs). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
