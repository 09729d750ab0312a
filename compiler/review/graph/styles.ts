/** The look both renderers share: colours per mark, so a state reads the same in Mermaid and in DOT. */
import type { EdgeMark, Mark } from './model';

export interface Look {
  fill?: string;
  stroke: string;
  dashed?: boolean;
  /** A thicker outline: the diff's added and changed nodes. */
  bold?: boolean;
}

const GREEN = '#2e7d32';
const TEAL = '#00838f';
const GREY = '#757575';
const ORANGE = '#ef6c00';
const RED = '#c62828';

export const NODE_LOOK: Readonly<Record<Mark, Look>> = {
  applied: { fill: '#e8f5e9', stroke: GREEN },
  merged: { fill: '#e0f7fa', stroke: TEAL },
  overridden: { fill: '#f5f5f5', stroke: GREY, dashed: true },
  conflicted: { fill: '#fff3e0', stroke: ORANGE },
  notAccepted: { fill: '#ffebee', stroke: RED },
  answers500: { fill: '#ffebee', stroke: RED },
  answers503: { fill: '#fff8e1', stroke: ORANGE },
  notProgrammed: { fill: '#f5f5f5', stroke: GREY, dashed: true },
  notAttached: { fill: '#f5f5f5', stroke: GREY, dashed: true },
  missing: { fill: '#ffffff', stroke: RED, dashed: true },
  added: { fill: '#e8f5e9', stroke: GREEN, bold: true },
  removed: { fill: '#ffebee', stroke: RED, dashed: true, bold: true },
  changed: { fill: '#fff3e0', stroke: ORANGE, bold: true },
  context: { fill: '#ffffff', stroke: '#9e9e9e' },
};

export const EDGE_LOOK: Readonly<Record<EdgeMark, Look>> = {
  applied: { stroke: GREEN },
  merged: { stroke: TEAL },
  overridden: { stroke: GREY, dashed: true },
  conflicted: { stroke: ORANGE },
  notAccepted: { stroke: RED },
  failed: { stroke: RED },
  added: { stroke: GREEN, bold: true },
  removed: { stroke: RED, dashed: true },
};
