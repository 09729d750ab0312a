/** `compile --xds-dir DIR`: the files it writes, and `--check` on the directory. */
import { resolve } from 'node:path';
import type { CompileResult } from '../index';
import type { OutputFormat } from '../5-emit/serialize';
import type { Json } from '../review/bootstrap-view';
import { regenerateCommand } from '../review/check';
import { formatValue, summarize } from '../review/render-diff';
import { diffBootstraps, type DiffEntry } from '../review/semantic-diff';
import { joinXds } from './join';
import { findXdsDirectory, readXdsDirectory } from './read';
import { splitBootstrap } from './split';
import { renderXdsFiles, staleXdsFiles, type RenderedXdsFile } from './write';

export interface XdsOutputFlags {
  /** Where the files are written (`--xds-dir`). */
  xdsDir: string;
  /** The directory as Envoy sees it (`--xds-path`); default `xdsDir` as given. */
  xdsPath?: string;
  format: OutputFormat;
  emit: 'bootstrap' | 'ir';
}

/** The files of the one Envoy the inputs compile to, or the usage problem that stops it. */
export function planXdsOutput(result: CompileResult, flags: XdsOutputFlags): RenderedXdsFile[] | string {
  if (flags.emit === 'ir') return '--xds-dir writes an Envoy config; write the IR with --emit ir -o FILE';
  if (result.outputs.length !== 1) {
    return (
      `an xDS directory serves one Envoy, and the inputs hold ${result.outputs.length} Gateways (${result.outputs.map((o) => o.name).join(', ')}): ` +
      'pick one with --gateway NS/NAME, or put them in one Envoy with --merge-gateways'
    );
  }
  const files = splitBootstrap(result.outputs[0]!.bootstrap, { dir: flags.xdsPath ?? flags.xdsDir, format: flags.format });
  return renderXdsFiles(files, flags.format);
}

/** One line per difference, for a summary. */
export function describeEntries(entries: DiffEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    const subject = e.kind === 'bootstrap' ? 'bootstrap' : `${e.kind === 'vhost' ? 'virtual host' : e.kind === 'chain' ? 'filter chain' : e.kind} ${e.name}`;
    if (e.op !== 'changed') out.push(`${e.op} ${subject}`);
    else for (const c of e.changes) out.push(`${subject}: ${c.path} ${formatValue(c.before)} → ${formatValue(c.after)}`);
  }
  return out;
}

/** How many differences a summary lists before "… and N more". */
const SUMMARY_LINES = 10;

/** The directory on disk as one bootstrap, or undefined when it is not a readable xDS directory. */
function diskView(dir: string): Json | undefined {
  const at = findXdsDirectory(dir);
  const joined = at && readXdsDirectory(at);
  return joined && !joined.problems.length ? joined.bootstrap : undefined;
}

/** `compile --xds-dir DIR --check`: exit 0 when DIR holds exactly what the inputs compile to, else 3 with what differs. */
export function checkXdsOutput(files: RenderedXdsFile[], flags: XdsOutputFlags, args: string[], cwd: string): { exitCode: number; message: string } {
  const dir = resolve(cwd, flags.xdsDir);
  const stale = staleXdsFiles(dir, files);
  const lines = [
    ...stale.missing.map((f) => `${f} does not exist: it was never generated`),
    ...stale.changed.map((f) => `${f} differs from what the inputs compile to`),
    ...stale.extra.map((f) => `${f} is no longer generated`),
  ];
  if (!lines.length) return { exitCode: 0, message: `envoyc: ${flags.xdsDir} up to date\n` };
  const before = diskView(dir);
  const bootstrap = files.find((f) => f.kind === 'bootstrap')!;
  const after = joinXds(bootstrap.name, (name) => {
    const f = files.find((x) => x.name === name);
    return f ? { value: f.value } : 'missing';
  });
  const report = before ? diffBootstraps(before, after.bootstrap) : undefined;
  const items = report ? describeEntries(report.entries) : ['the directory on disk is not a readable xDS directory'];
  const summary = [
    ...(report ? [summarize(report)] : []),
    ...items.slice(0, SUMMARY_LINES),
    ...(items.length > SUMMARY_LINES ? [`… and ${items.length - SUMMARY_LINES} more (envoyc diff shows all)`] : []),
  ];
  const message = [`envoyc: ${flags.xdsDir} is stale:`, ...lines.map((l) => `  ${l}`), ...summary.map((l) => `  ${l}`)].join('\n');
  return { exitCode: 3, message: `${message}\nregenerate with:\n  ${regenerateCommand(args)}\n` };
}
