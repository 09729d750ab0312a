/**
 * `compile --check`: compare what the inputs compile to with the files on disk, write nothing.
 * Drift is exit 3 with the stale file, a short semantic summary, and the command that regenerates it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Attributor } from './attribution';
import type { Json } from './bootstrap-view';
import { diffLines } from './line-diff';
import { formatValue, summarize } from './render-diff';
import { diffBootstraps } from './semantic-diff';

/** One file `compile` would write. */
export interface ExpectedOutput {
  /** Path as given (relative to the working directory). */
  file: string;
  /** Absolute path to read. */
  fullPath: string;
  text: string;
}

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

function summaryOf(disk: string, expected: string, attributor?: Attributor): string[] {
  let old: Json | undefined;
  try {
    old = parse(disk) as Json;
  } catch {
    old = undefined;
  }
  const lines = diffLines(disk.split('\n'), expected.split('\n'));
  const out = [`${lines.filter((l) => l.side === '-').length} line(s) removed, ${lines.filter((l) => l.side === '+').length} added`];
  if (!old || typeof old !== 'object') return [...out, 'the file on disk is not an Envoy bootstrap'];
  const report = diffBootstraps(old, parse(expected) as Json, attributor ? { after: attributor } : {});
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

/** Compares each expected output with the disk; returns the message to print and the exit code (0 or 3). */
export function runCheck(expected: ExpectedOutput[], args: string[], attributor?: Attributor): { exitCode: number; message: string } {
  const stale: string[] = [];
  for (const o of expected) {
    if (!existsSync(o.fullPath)) {
      stale.push(`envoyc: ${o.file} does not exist: it was never generated`);
      continue;
    }
    const disk = readFileSync(o.fullPath, 'utf8');
    if (disk === o.text) continue;
    stale.push(
      [`envoyc: ${o.file} is stale: it differs from what the inputs compile to`, ...summaryOf(disk, o.text, attributor).map((l) => `  ${l}`)].join('\n'),
    );
  }
  if (!stale.length) return { exitCode: 0, message: `envoyc: ${expected.map((o) => o.file).join(', ')} up to date\n` };
  return { exitCode: 3, message: `${stale.join('\n')}\nregenerate with:\n  ${regenerateCommand(args)}\n` };
}
