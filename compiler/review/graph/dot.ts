/** The model as Graphviz DOT (`dot -Tsvg graph.dot`): the same shapes' meaning and colours as the Mermaid picture. */
import { dotLabel, dotString } from './escape';
import type { EdgeKind, GraphModel, NodeKind } from './model';
import { EDGE_LOOK, NODE_LOOK, type Look } from './styles';

const SHAPE: Readonly<Record<NodeKind, { shape: string; rounded?: boolean }>> = {
  gateway: { shape: 'box3d' },
  listener: { shape: 'box', rounded: true },
  route: { shape: 'box' },
  rule: { shape: 'box', rounded: true },
  backend: { shape: 'cylinder' },
  policy: { shape: 'hexagon' },
  target: { shape: 'note' },
};

const DOTTED: ReadonlySet<EdgeKind> = new Set(['rejected', 'mirror', 'policy', 'overrides']);

function attrs(list: [string, string | undefined][]): string {
  const set = list.filter((a): a is [string, string] => a[1] !== undefined);
  return set.length ? ` [${set.map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
}

function nodeStyle(rounded: boolean, look: Look | undefined): string | undefined {
  const parts = [...(rounded ? ['rounded'] : []), ...(look?.fill ? ['filled'] : []), ...(look?.dashed ? ['dashed'] : []), ...(look?.bold ? ['bold'] : [])];
  return parts.length ? dotString(parts.join(',')) : undefined;
}

export function renderDot(model: GraphModel): string {
  const lines = ['digraph envoyc {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of model.nodes) {
    const look = n.mark ? NODE_LOOK[n.mark] : undefined;
    const shape = SHAPE[n.kind];
    const list: [string, string | undefined][] = [
      ['shape', shape.shape],
      ['label', dotLabel(n.lines)],
      ['style', nodeStyle(!!shape.rounded, look)],
      ['color', look ? dotString(look.stroke) : undefined],
      ['fillcolor', look?.fill ? dotString(look.fill) : undefined],
    ];
    lines.push(`  ${dotString(n.id)}${attrs(list)};`);
  }
  for (const e of model.edges) {
    const look = e.mark ? EDGE_LOOK[e.mark] : undefined;
    const style = [...(DOTTED.has(e.kind) || look?.dashed ? ['dashed'] : []), ...(look?.bold ? ['bold'] : [])].join(',');
    const list: [string, string | undefined][] = [
      ['label', e.label !== undefined ? dotString(e.label) : undefined],
      ['style', style ? dotString(style) : undefined],
      ['color', look ? dotString(look.stroke) : undefined],
      ['fontcolor', look ? dotString(look.stroke) : undefined],
    ];
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs(list)};`);
  }
  for (const note of model.notes) lines.push(`  // ${note.replace(/\n/g, ' ')}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
