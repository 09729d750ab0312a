/** Renders a `DiffReport` as text lines (one per change, greppable) or a Markdown table for a pull request. */
import type { DiffEntry, DiffReport, FieldChange } from './semantic-diff';

export type DiffFormat = 'text' | 'markdown';

const MARK: Record<DiffEntry['op'], string> = { added: '+', removed: '-', changed: '~', moved: '↕' };
const MAX_VALUE = 100;

/** A value as the diff prints it: plain for simple scalars, compact JSON otherwise, `(unset)` when absent. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (typeof v === 'string' && /^[\w.:/*@%+-]+$/.test(v)) return v;
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function subject(e: DiffEntry): string {
  return e.kind === 'bootstrap' ? 'bootstrap' : `${e.kind === 'vhost' ? 'virtual host' : e.kind === 'chain' ? 'filter chain' : e.kind} ${e.name}`;
}

function changeText(c: FieldChange): string {
  const what =
    c.before === undefined
      ? `${c.path} added: ${formatValue(c.after)}`
      : c.after === undefined
        ? `${c.path} removed (was ${formatValue(c.before)})`
        : `${c.path} ${formatValue(c.before)} → ${formatValue(c.after)}`;
  return c.source ? `${what} (${c.source})` : what;
}

export function summarize(report: DiffReport): string {
  const n = (op: DiffEntry['op']) => report.entries.filter((e) => e.op === op).length;
  if (!report.entries.length) return 'no differences';
  const lost = report.entries.filter((e) => e.lostProtection).length;
  return [
    ...(lost ? [`${lost} route${lost > 1 ? 's' : ''} LOST authentication or authorization`] : []),
    ...(['changed', 'added', 'removed', 'moved'] as const).filter((op) => n(op)).map((op) => `${n(op)} ${op}`),
  ].join(', ');
}

/** One line per route that lost protection: the change a reviewer must not miss, so it comes first. */
function lostLines(report: DiffReport): string[] {
  return report.entries
    .filter((e) => e.lostProtection)
    .map((e) => `route ${e.name}${e.within ? ` (${e.within})` : ''} LOST ${e.lostProtection!.join(', ')}: it is now served without this check`);
}

function renderText(report: DiffReport): string {
  const lines: string[] = lostLines(report).map((l) => `!!! ${l}`);
  for (const e of report.entries) {
    const head = `${MARK[e.op]} ${subject(e)}${e.within ? ` (${e.within})` : ''}`;
    if (e.op === 'changed') for (const c of e.changes) lines.push(`${head}: ${changeText(c)}`);
    else lines.push(`${head}: ${e.op}${e.note ? ` (${e.note})` : ''}`);
  }
  lines.push(summarize(report));
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(s: string): string {
  return s === '' ? '' : `\`${s.replace(/`/g, "'")}\``;
}

function renderMarkdown(report: DiffReport): string {
  const lines = [`#### envoyc diff: ${summarize(report)}`, ''];
  const lost = lostLines(report);
  if (lost.length) lines.push('> [!CAUTION]', ...lost.map((l) => `> **${cell(l)}**`), '');
  if (!report.entries.length) return lines.join('\n') + '\n';
  lines.push('| | object | field | before | after | source |', '|---|---|---|---|---|---|');
  for (const e of report.entries) {
    const obj = cell(`${e.kind === 'bootstrap' ? 'bootstrap' : `${e.kind} ${code(e.name)}`}`);
    if (e.op !== 'changed') {
      lines.push(`| ${MARK[e.op]} | ${obj} | *${e.op}* | | | ${cell(e.note ?? '')} |`);
      continue;
    }
    for (const c of e.changes) {
      const v = (x: unknown) => (x === undefined ? '*(unset)*' : code(formatValue(x)));
      lines.push(`| ${MARK[e.op]} | ${obj} | ${code(c.path)} | ${cell(v(c.before))} | ${cell(v(c.after))} | ${cell(c.source ?? '')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

export function renderDiff(report: DiffReport, format: DiffFormat): string {
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}
