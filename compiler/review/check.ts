/**
 * `compile --check`: compare what the inputs compile to with the files on disk, write nothing.
 * Drift is exit 3 with the stale file, a short semantic summary, and the command that regenerates it.
 */
import { parse } from 'yaml';
import { textOf, type Comparison } from '../output';
import { redact } from '../secrets';
import type { Attributor } from './attribution';
import type { Json } from './bootstrap-view';
import { diffLines } from './line-diff';
import { formatValue, summarize } from './render-diff';
import { diffBootstraps } from './semantic-diff';

/** How many differences the summary lists before "… and N more". */
const SUMMARY_LINES = 10;

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The compile command line without `--check`: what regenerates the files. */
export function regenerateCommand(args: string[]): string {
  return ['envoyc', ...args.filter((a) => a !== '--check')].map(shellQuote).join(' ');
}

function parsed(text: string): Json | undefined {
  try {
    const doc = parse(text) as Json;
    return doc && typeof doc === 'object' ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** What changed: line counts, and for a bootstrap its semantic changes (secrets redacted on both sides). */
function summaryOf(role: string | undefined, disk: string | undefined, expected: string, attributor?: Attributor): string[] {
  if (role === 'secret') return ['secret material: not shown'];
  if (disk === undefined) return ['the file on disk is far larger than what the inputs compile to'];
  const lines = diffLines(disk.split('\n'), expected.split('\n'));
  const out = [`${lines.filter((l) => l.side === '-').length} line(s) removed, ${lines.filter((l) => l.side === '+').length} added`];
  if (role !== 'bootstrap') return out;
  const old = parsed(disk);
  if (!old) return [...out, 'the file on disk is not an Envoy bootstrap'];
  const report = diffBootstraps(redact(old), redact(parse(expected) as Json), attributor ? { after: attributor } : {});
  out[0] = `${summarize(report)}; ${out[0]}`;
  const items: string[] = [];
  for (const e of report.entries) {
    const subject = e.kind === 'bootstrap' ? 'bootstrap' : `${e.kind === 'vhost' ? 'virtual host' : e.kind} ${e.name}`;
    if (e.op !== 'changed') items.push(`${e.op} ${subject}`);
    else for (const c of e.changes) items.push(`${subject}: ${c.path} ${formatValue(c.before)} → ${formatValue(c.after)}`);
  }
  return [
    ...out,
    ...items.slice(0, SUMMARY_LINES),
    ...(items.length > SUMMARY_LINES ? [`… and ${items.length - SUMMARY_LINES} more (envoyc diff shows all)`] : []),
  ];
}

/** The message and exit code (0, or 3 on drift) for `--check`'s comparisons. */
export function runCheck(comparisons: Comparison[], args: string[], attributor?: Attributor): { exitCode: number; message: string } {
  const stale: string[] = [];
  const checked: string[] = [];
  for (const c of comparisons) {
    if (c.state === 'stale') {
      stale.push(`envoyc: ${c.path} is stale: envoyc generated it, and no Gateway produces it any more (compile removes it)`);
      continue;
    }
    if (c.file.role === 'manifest') continue;
    checked.push(c.file.path);
    if (c.state === 'same') continue;
    if (c.state === 'missing') {
      stale.push(`envoyc: ${c.file.path} does not exist: it was never generated`);
      continue;
    }
    const expected = textOf(c.file.content) ?? '';
    stale.push(
      [
        `envoyc: ${c.file.path} is stale: it differs from what the inputs compile to`,
        ...summaryOf(c.file.role, c.disk, expected, attributor).map((l) => `  ${l}`),
      ].join('\n'),
    );
  }
  if (!stale.length) return { exitCode: 0, message: `envoyc: ${checked.join(', ')} up to date\n` };
  return { exitCode: 3, message: `${stale.join('\n')}\nregenerate with:\n  ${regenerateCommand(args)}\n` };
}
