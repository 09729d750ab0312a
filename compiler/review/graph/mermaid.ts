/**
 * The model as a Mermaid flowchart (renders in GitHub and GitLab markdown): one shape per kind of
 * object, a class per mark, `linkStyle` per edge mark. Nodes and edges in model order, so the
 * same model gives the same bytes.
 */
import { mermaidId, mermaidText } from './escape';
import { pushTo, type EdgeKind, type EdgeMark, type GraphModel, type Mark, type NodeKind } from './model';
import { EDGE_LOOK, NODE_LOOK, type Look } from './styles';

/** Open and close of each kind's shape. */
const SHAPE: Readonly<Record<NodeKind, [string, string]>> = {
  gateway: ['[[', ']]'],
  listener: ['([', '])'],
  route: ['[', ']'],
  rule: ['(', ')'],
  backend: ['[(', ')]'],
  policy: ['{{', '}}'],
  target: ['>', ']'],
};

/** Structure is solid; what attaches (policies, overrides) and refusals are dotted. */
const ARROW: Readonly<Record<EdgeKind, string>> = {
  listener: '-->',
  attach: '-->',
  rejected: '-.->',
  rule: '-->',
  backend: '-->',
  mirror: '-.->',
  policy: '-.->',
  overrides: '-.->',
};

function css(l: Look, edge: boolean): string {
  return [
    ...(l.fill && !edge ? [`fill:${l.fill}`] : []),
    `stroke:${l.stroke}`,
    ...(l.bold ? ['stroke-width:3px'] : edge ? [] : ['stroke-width:1px']),
    ...(l.dashed ? ['stroke-dasharray:5 3'] : []),
    ...(edge ? ['color:' + l.stroke] : []),
  ].join(',');
}

/** Groups ids by mark, marks in the order of their first use. */
function byMark<M extends string>(items: { mark?: M | undefined; key: string }[]): Map<M, string[]> {
  const out = new Map<M, string[]>();
  for (const { mark, key } of items) if (mark) pushTo(out, mark, key);
  return out;
}

export function renderMermaid(model: GraphModel): string {
  const ids = new Map(model.nodes.map((n) => [n.id, mermaidId(n.id)]));
  const idOf = (id: string) => ids.get(id) ?? mermaidId(id);
  const lines = ['flowchart LR', ...model.notes.map((n) => `  %% ${n.replace(/\n/g, ' ')}`)];
  for (const n of model.nodes) {
    const [open, close] = SHAPE[n.kind];
    lines.push(`  ${idOf(n.id)}${open}${mermaidText(n.lines)}${close}`);
  }
  for (const e of model.edges) {
    const label = e.label ? `|${mermaidText([e.label])}|` : '';
    lines.push(`  ${idOf(e.from)} ${ARROW[e.kind]}${label} ${idOf(e.to)}`);
  }
  const nodeMarks = byMark<Mark>(model.nodes.map((n) => ({ mark: n.mark, key: idOf(n.id) })));
  for (const [mark, ids] of nodeMarks) lines.push(`  classDef ${mark} ${css(NODE_LOOK[mark], false)}`, `  class ${ids.join(',')} ${mark}`);
  const edgeMarks = byMark<EdgeMark>(model.edges.map((e, i) => ({ mark: e.mark, key: String(i) })));
  for (const [mark, indexes] of edgeMarks) lines.push(`  linkStyle ${indexes.join(',')} ${css(EDGE_LOOK[mark], true)}`);
  return lines.join('\n') + '\n';
}
