/**
 * The picture for `envoyc diff --format markdown`: the part of the attachment graph that changed,
 * each node marked added, removed or changed, with the unchanged nodes next to them for context.
 * A large change is cut to a node budget (Mermaid in GitHub stops at 50,000 characters) with a
 * note of what was left out.
 */
import { buildGraph, type GraphInput } from './build';
import { renderMermaid } from './mermaid';
import { pushTo, type GraphEdge, type GraphModel, type GraphNode, type Mark } from './model';

/** Nodes drawn at most: enough for a pull request's neighbourhood, far under GitHub's Mermaid limits. */
export const DIFF_NODE_BUDGET = 60;

const edgeKey = (e: GraphEdge) => `${e.from}\0${e.to}\0${e.kind}`;

/**
 * The node whose inputs say an edge: a route's parentRefs its attachments, a rule its backendRefs,
 * a policy its targets. A changed edge marks that node changed; `overrides` follow from the rest.
 */
function owner(e: GraphEdge): string | undefined {
  if (e.kind === 'overrides') return undefined;
  return e.kind === 'attach' || e.kind === 'rejected' ? e.to : e.from;
}

/** Each node's own edges, as one comparable string. */
function ownEdges(model: GraphModel): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const e of model.edges) {
    const id = owner(e);
    if (id !== undefined) pushTo(out, id, `${edgeKey(e)}\0${e.label ?? ''}\0${e.mark ?? ''}`);
  }
  return new Map([...out].map(([id, list]) => [id, list.sort().join('\n')]));
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return a.lines.join('\n') === b.lines.join('\n') && a.mark === b.mark && a.digest === b.digest;
}

/** Both graphs in one: after's nodes and edges, plus what only before had, each with its diff mark. */
function unite(before: GraphModel, after: GraphModel): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Set(after.nodes.map((n) => n.id));
  const [ownBefore, ownAfter] = [ownEdges(before), ownEdges(after)];
  const mark = (n: GraphNode): Mark => {
    const b = old.get(n.id);
    if (!b) return 'added';
    return sameNode(b, n) && ownBefore.get(n.id) === ownAfter.get(n.id) ? 'context' : 'changed';
  };
  const nodes: GraphNode[] = [
    ...after.nodes.map((n) => ({ ...n, mark: mark(n) })),
    ...before.nodes.filter((n) => !now.has(n.id)).map((n) => ({ ...n, mark: 'removed' as const })),
  ];
  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newKeys = new Set(after.edges.map(edgeKey));
  const edges: GraphEdge[] = [
    ...after.edges.map((e): GraphEdge => {
      const b = oldEdges.get(edgeKey(e));
      if (!b) return { ...e, mark: 'added' };
      return b.label === e.label ? e : { ...e, label: `${e.label ?? ''} (was ${b.label ?? 'no label'})`.trim() };
    }),
    ...before.edges.filter((e) => !newKeys.has(edgeKey(e))).map((e): GraphEdge => ({ ...e, mark: 'removed' })),
  ];
  return { nodes, edges };
}

const WORD: Partial<Record<Mark, string>> = { added: '(added)', removed: '(removed)', changed: '(changed)' };

function listIds(ids: string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
}

/** The changed neighbourhood as a model to render, or undefined when the graph did not change. */
export function diffGraphs(before: GraphModel, after: GraphModel, budget = DIFF_NODE_BUDGET): GraphModel | undefined {
  const all = unite(before, after);
  const changed = all.nodes.filter((n) => n.mark !== 'context').map((n) => n.id);
  if (!changed.length) return undefined;
  const isChanged = new Set(changed);
  const near = new Set<string>();
  for (const e of all.edges) {
    if (isChanged.has(e.from) && !isChanged.has(e.to)) near.add(e.to);
    if (isChanged.has(e.to) && !isChanged.has(e.from)) near.add(e.from);
  }
  const neighbours = all.nodes.filter((n) => near.has(n.id)).map((n) => n.id);
  const drawnChanged = changed.slice(0, budget);
  const drawnNear = neighbours.slice(0, Math.max(0, budget - drawnChanged.length));
  const drawn = new Set([...drawnChanged, ...drawnNear]);
  const notes = [
    `${drawn.size} of ${all.nodes.length} nodes drawn: ${changed.length} changed and ${neighbours.length} next to them; ${all.nodes.length - changed.length - neighbours.length} unchanged nodes further away left out.`,
  ];
  const leftChanged = changed.slice(drawnChanged.length);
  if (leftChanged.length)
    notes.push(`Left out to stay readable: ${leftChanged.length} more changed nodes (${listIds(leftChanged)}); the table above lists every change.`);
  else if (drawnNear.length < neighbours.length) notes.push(`Left out to stay readable: ${neighbours.length - drawnNear.length} unchanged neighbours.`);
  const nodes = all.nodes.filter((n) => drawn.has(n.id)).map((n) => (WORD[n.mark!] ? { ...n, lines: [...n.lines, WORD[n.mark!]!] } : n));
  return { nodes, edges: all.edges.filter((e) => drawn.has(e.from) && drawn.has(e.to)), notes };
}

/**
 * The Markdown section under `diff --format markdown`'s table: the changed neighbourhood as a
 * Mermaid block and the notes. Empty when the graph did not change; a sentence when a side is an
 * Envoy bootstrap (there is no attachment graph to draw from) and the configs differ.
 */
export function diffPictureMarkdown(before: GraphInput | undefined, after: GraphInput | undefined, different: boolean): string {
  if (!before || !after) return different ? '_No picture of the attachment graph: one side is an Envoy config, not Gateway API inputs._\n' : '';
  const picture = diffGraphs(buildGraph(before), buildGraph(after));
  if (!picture) return '';
  const notes = picture.notes.map((n) => `_${n}_`).join('\n\n');
  return ['#### Attachment graph: what changed', '', '```mermaid', renderMermaid({ ...picture, notes: [] }).trimEnd(), '```', '', notes, ''].join('\n');
}
