/**
 * One `envoyc watch` run: compile the inputs, and write the result only when it is good. A run
 * with errors prints them and writes nothing, so the running Envoy keeps its last good config.
 * Every run prints one line saying what happened. What a run writes is planned and committed by
 * compiler/output exactly as `compile` does (the xDS directory or the bootstrap, the key files of
 * `--secrets-dir`, `--status`, `--ratelimit-config`), all or nothing, moving only the files that changed.
 */
import { join, posix, resolve } from 'node:path';
import { compile, type CompileResult } from '../index';
import type { OutputFormat } from '../5-emit/serialize';
import { compileOptionsFromFlags, type CompileOptionFlags, type CompileOptions } from '../options';
import { commit, planCompileOutputs, withoutUnchanged, type OutputPlan, type PlannedFile, type Protected } from '../output';
import { annotateOutputs, reportCompileDiagnostics, type ReviewCompileFlags } from '../review/commands';
import type { Json } from '../review/bootstrap-view';
import { summarize } from '../review/render-diff';
import { diffBootstraps, type DiffEntry } from '../review/semantic-diff';
import { readInputs, type Inputs } from '../source';
import { describeEntries, planXdsOutput } from '../xds/output';
import { normalizeDir } from '../xds/split';
import { planXdsWrite, type RenderedXdsFile } from '../xds/write';

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
  maxInputSize: number;
}

export class WatchSession {
  private runs = 0;
  private stopped = false;
  private lastGood: Map<string, Json> | undefined;
  /** The Envoy flags the last good run asked for, as the update line names them. */
  private lastFlags = '';
  /** The second step of the last xDS update: drop what only the previous config used. */
  private pendingFinish: { timer: NodeJS.Timeout; files: RenderedXdsFile[]; inputs: Protected } | undefined;
  /** Runs and finishing steps, one after another. */
  private queue: Promise<void> = Promise.resolve();
  private readonly options: CompileOptions;

  /** Throws OptionError for flags that cannot be used, before anything runs. */
  constructor(
    private readonly paths: string[],
    private readonly flags: WatchFlags,
    private readonly cwd: string,
    private readonly say: (line: string) => void,
  ) {
    this.options = compileOptionsFromFlags(flags);
  }

  /** Compiles and, when the result is good, writes it, after any run still going. Never rejects: a failure is printed and the next change retried. */
  update(): Promise<void> {
    this.queue = this.queue.then(() => (this.stopped ? undefined : this.run()));
    return this.queue;
  }

  private async run(): Promise<void> {
    const n = ++this.runs;
    const started = Date.now();
    let inputs: Inputs;
    try {
      inputs = readInputs(this.paths, this.cwd, { maxBytes: this.flags.maxInputSize });
    } catch (err) {
      return this.report(n, `not applied: cannot read the inputs (${(err as Error).message}); waiting for the next change`);
    }
    const result = compile(inputs.files, this.options, inputs.diagnostics);
    if (reportCompileDiagnostics(inputs.files, result, { ...this.flags, output: '', emit: 'bootstrap' })) {
      return this.report(n, 'not applied: the inputs have errors (above); Envoy keeps the last good config');
    }
    if (this.flags.annotate) annotateOutputs(result, inputs.files);
    const xds = this.flags.xdsDir === undefined ? undefined : planXdsOutput(result, { ...this.flags, xdsDir: this.flags.xdsDir, emit: 'bootstrap' });
    if (typeof xds === 'string') return this.report(n, `not applied: ${xds}; Envoy keeps the last good config`);
    let full: OutputPlan;
    let plan: OutputPlan;
    try {
      full = this.plan(result, xds);
      plan = withoutUnchanged(full, this.cwd);
      await commit(plan, { cwd: this.cwd, inputs });
    } catch (err) {
      return this.report(n, `not applied: ${(err as Error).message}; Envoy keeps the last good config`);
    }
    if (xds) this.scheduleFinish(xds, inputs);
    const bootstraps = new Map(result.outputs.map((o) => [o.name, JSON.parse(JSON.stringify(o.bootstrap)) as Json]));
    const written = plan.files.map((f) => this.shown(f));
    // An EnvoyProxy's command-line flags (drain, concurrency, log levels) cannot ride in a bootstrap: said as compile says them.
    const flags = result.outputs
      .flatMap((o) => (o.envoyFlags ? [`${result.outputs.length > 1 ? `${o.name}: ` : ''}${o.envoyFlags.join(' ')}`] : []))
      .join('; ');
    const restart = !plan.files.some((f) => f.role === 'bootstrap')
      ? ''
      : this.lastGood
        ? '; restart Envoy to apply it (it reads its bootstrap only at start)'
        : `; start Envoy with: envoy -c ${this.bootstrapPath(full)}${flags ? ` and these flags: ${flags}` : ''}`;
    const flagsChanged = this.lastGood && flags !== this.lastFlags ? `; Envoy's flags changed, restart it with: ${flags || 'none of them'}` : '';
    const what = this.describe(bootstraps, written);
    this.lastGood = bootstraps;
    this.lastFlags = flags;
    this.report(n, `applied in ${Date.now() - started} ms: ${what}${restart}${flagsChanged}`);
  }

  private report(n: number, text: string): void {
    this.say(`envoyc watch: ${new Date().toTimeString().slice(0, 8)} #${n} ${text}`);
  }

  /** Everything the run writes, as `compile` plans it; the xDS directory keeps the clusters the running config uses. */
  private plan(result: CompileResult, xds: RenderedXdsFile[] | undefined): OutputPlan {
    const f = this.flags;
    return planCompileOutputs(
      result,
      {
        output: f.output ?? '',
        format: f.format,
        emit: 'bootstrap',
        ...(f.status !== undefined ? { status: f.status } : {}),
        ...(f.ratelimitConfig !== undefined ? { ratelimitConfig: f.ratelimitConfig } : {}),
        ...(f.secretsDir !== undefined ? { secretsDir: f.secretsDir } : {}),
        ...(xds ? { xds: planXdsWrite(f.xdsDir!, xds, this.cwd, true) } : {}),
      },
      this.cwd,
    );
  }

  /** A written file as the update line names it: an xDS file by its name in the directory, anything else as given. */
  private shown(f: PlannedFile): string {
    const dir = this.flags.xdsDir;
    return dir !== undefined && resolve(this.cwd, f.path) === resolve(this.cwd, dir, posix.basename(f.path)) ? posix.basename(f.path) : f.path;
  }

  /** The bootstrap Envoy starts from, as Envoy names it. */
  private bootstrapPath(plan: OutputPlan): string {
    const bootstraps = plan.files.filter((f) => f.role === 'bootstrap');
    if (this.flags.xdsDir !== undefined) return posix.join(normalizeDir(this.flags.xdsPath ?? this.flags.xdsDir), posix.basename(bootstraps[0]!.path));
    return bootstraps.length === 1 ? bootstraps[0]!.path : join(this.flags.output!, `*.${this.flags.format}`);
  }

  /** Removes what the previous config used once Envoy has had time to move off it; a newer update restarts the wait. */
  private scheduleFinish(files: RenderedXdsFile[], inputs: Protected): void {
    clearTimeout(this.pendingFinish?.timer);
    const timer = setTimeout(() => void this.finish(), SETTLE_MS);
    this.pendingFinish = { timer, files, inputs };
  }

  private finish(): Promise<void> {
    this.queue = this.queue.then(async () => {
      const pending = this.pendingFinish;
      this.pendingFinish = undefined;
      if (!pending) return;
      clearTimeout(pending.timer);
      try {
        const plan = planXdsWrite(this.flags.xdsDir!, pending.files, this.cwd, false);
        await commit(withoutUnchanged(plan, this.cwd), { cwd: this.cwd, inputs: pending.inputs });
      } catch (err) {
        this.say(`envoyc watch: could not remove the old files: ${(err as Error).message}`);
      }
    });
    return this.queue;
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

  /** Ends the session: no further runs; a pending removal of old files is done now. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.finish();
  }
}
