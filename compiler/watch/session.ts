/**
 * One `envoyc watch` run: compile the inputs, and write the result only when it is good. A run
 * with errors prints them and writes nothing, so the running Envoy keeps its last good config.
 * Every run prints one line saying what happened.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { compile, type CompileResult } from '../index';
import { serialize, type OutputFormat } from '../5-emit/serialize';
import { compileOptionsFromFlags, type CompileOptionFlags } from '../options';
import { bootstrapText } from '../output';
import { annotateOutputs, reportCompileDiagnostics, type ReviewCompileFlags } from '../review/commands';
import type { Json } from '../review/bootstrap-view';
import { summarize } from '../review/render-diff';
import { diffBootstraps, type DiffEntry } from '../review/semantic-diff';
import { readSources, type SourceFile } from '../source';
import { describeEntries, planXdsOutput } from '../xds/output';
import { normalizeDir } from '../xds/split';
import { breakXdsUpdate, makeXdsUpdate, writeFileAtomic, type RenderedXdsFile } from '../xds/write';

/** How long Envoy gets to switch to the new clusters, routes and listeners before the old ones are removed. */
export const SETTLE_MS = 1_000;

/** How many changed objects an update line names. */
const NAMED_CHANGES = 3;

export interface WatchFlags extends CompileOptionFlags, Omit<ReviewCompileFlags, 'output' | 'emit' | 'check'> {
  /** `-o FILE|DIR/`: the static bootstrap (Envoy reads it only at start). */
  output?: string;
  xdsDir?: string;
  xdsPath?: string;
  format: OutputFormat;
  status?: string;
  ratelimitConfig?: string;
}

/** A result ready to write: the files and the bootstraps they hold, by Envoy name. */
interface Plan {
  write(): string[];
  bootstraps: Map<string, Json>;
  /** Written files Envoy reads only at start. */
  restartNeeded(written: string[]): boolean;
  /** The bootstrap Envoy starts from. */
  bootstrapPath: string;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectoryTarget(out: string): boolean {
  if (out.endsWith('/')) return true;
  try {
    return statSync(out).isDirectory();
  } catch {
    return false;
  }
}

export class WatchSession {
  private runs = 0;
  private lastGood: Map<string, Json> | undefined;
  private pendingBreak: { timer: NodeJS.Timeout; files: RenderedXdsFile[] } | undefined;

  constructor(
    private readonly paths: string[],
    private readonly flags: WatchFlags,
    private readonly cwd: string,
    private readonly say: (line: string) => void,
  ) {}

  /** Compiles and, when the result is good, writes it. Never throws: a failure is printed and the next change retried. */
  update(): void {
    const n = ++this.runs;
    const started = Date.now();
    let files: SourceFile[];
    try {
      files = readSources(this.paths, this.cwd, () => '');
    } catch (err) {
      return this.report(n, `not applied: cannot read the inputs (${(err as Error).message}); waiting for the next change`);
    }
    const result = compile(files, compileOptionsFromFlags(this.flags));
    if (reportCompileDiagnostics(files, result, { ...this.flags, output: '', emit: 'bootstrap' })) {
      return this.report(n, 'not applied: the inputs have errors (above); Envoy keeps the last good config');
    }
    if (this.flags.annotate) annotateOutputs(result, files);
    const plan = this.plan(result);
    if (typeof plan === 'string') return this.report(n, `not applied: ${plan}; Envoy keeps the last good config`);
    let written: string[];
    try {
      this.writeSideFiles(result);
      written = plan.write();
    } catch (err) {
      return this.report(n, `not applied: ${(err as Error).message}`);
    }
    const what = this.describe(plan.bootstraps, written);
    const restart = !plan.restartNeeded(written)
      ? ''
      : this.lastGood
        ? '; restart Envoy to apply it (it reads its bootstrap only at start)'
        : `; start Envoy with: envoy -c ${plan.bootstrapPath}`;
    this.lastGood = plan.bootstraps;
    this.report(n, `applied in ${Date.now() - started} ms: ${what}${restart}`);
  }

  private report(n: number, text: string): void {
    this.say(`envoyc watch: ${new Date().toTimeString().slice(0, 8)} #${n} ${text}`);
  }

  private plan(result: CompileResult): Plan | string {
    const bootstraps = new Map(result.outputs.map((o) => [o.name, JSON.parse(JSON.stringify(o.bootstrap)) as Json]));
    if (this.flags.xdsDir !== undefined) {
      const files = planXdsOutput(result, { ...this.flags, xdsDir: this.flags.xdsDir, emit: 'bootstrap' });
      if (typeof files === 'string') return files;
      const dir = resolve(this.cwd, this.flags.xdsDir);
      const bootstrap = files.find((f) => f.kind === 'bootstrap')!;
      return {
        bootstraps,
        bootstrapPath: posix.join(normalizeDir(this.flags.xdsPath ?? this.flags.xdsDir), bootstrap.name),
        write: () => {
          const made = makeXdsUpdate(dir, files);
          this.scheduleBreak(dir, files);
          return made.written;
        },
        restartNeeded: (written) => written.includes(bootstrap.name),
      };
    }
    const out = this.flags.output!;
    const toDirectory = isDirectoryTarget(resolve(this.cwd, out));
    if (!toDirectory && result.outputs.length > 1) {
      return `the inputs hold ${result.outputs.length} Gateways (${result.outputs.map((o) => o.name).join(', ')}): write them to -o DIR/, or pick one with --gateway NS/NAME`;
    }
    const texts = result.outputs.map((o) => ({
      file: toDirectory ? join(out, `${o.fileStem}.${this.flags.format}`) : out,
      text: bootstrapText(o, this.flags.format),
    }));
    return {
      bootstraps,
      bootstrapPath: texts.length === 1 ? texts[0]!.file : join(out, `*.${this.flags.format}`),
      write: () => {
        const changed = texts.filter((t) => readIfExists(resolve(this.cwd, t.file)) !== t.text);
        for (const t of changed) writeFileAtomic(resolve(this.cwd, t.file), t.text);
        return changed.map((t) => t.file);
      },
      restartNeeded: (written) => written.length > 0,
    };
  }

  private writeSideFiles(result: CompileResult): void {
    if (this.flags.status !== undefined) writeFileAtomic(resolve(this.cwd, this.flags.status), serialize(result.status, 'yaml'));
    if (this.flags.ratelimitConfig !== undefined) {
      writeFileAtomic(resolve(this.cwd, this.flags.ratelimitConfig), result.rateLimitConfigs.map((c) => serialize(c, 'yaml')).join('---\n'));
    }
  }

  /** Removes what the previous config used, once Envoy has had time to move off it; a newer update restarts the wait. */
  private scheduleBreak(dir: string, files: RenderedXdsFile[]): void {
    clearTimeout(this.pendingBreak?.timer);
    const timer = setTimeout(() => this.finishBreak(dir), SETTLE_MS);
    this.pendingBreak = { timer, files };
  }

  private finishBreak(dir: string): void {
    const pending = this.pendingBreak;
    this.pendingBreak = undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    try {
      breakXdsUpdate(dir, pending.files);
    } catch (err) {
      this.say(`envoyc watch: could not remove the old files: ${(err as Error).message}`);
    }
  }

  /** What an update changed, for its line. */
  private describe(now: Map<string, Json>, written: string[]): string {
    if (!this.lastGood) return written.length ? `wrote ${written.join(', ')}` : 'the output was already up to date';
    const entries: DiffEntry[] = [];
    for (const [name, b] of now) {
      const before = this.lastGood.get(name);
      if (before) entries.push(...diffBootstraps(before, b).entries);
      else entries.push({ kind: 'bootstrap', name, op: 'added', changes: [] });
    }
    if (!entries.length) return 'no change to the Envoy config';
    const named = [...new Set(describeEntries(entries).map((l) => l.replace(/:.*$/, '')))];
    const more = named.length > NAMED_CHANGES ? `, … ${named.length - NAMED_CHANGES} more` : '';
    return `${summarize({ entries })} (${named.slice(0, NAMED_CHANGES).join('; ')}${more}); wrote ${written.join(', ') || 'nothing'}`;
  }

  /** Ends the session's own work: a pending removal of old files is done now. */
  stop(): void {
    if (this.pendingBreak && this.flags.xdsDir !== undefined) this.finishBreak(resolve(this.cwd, this.flags.xdsDir));
  }
}
