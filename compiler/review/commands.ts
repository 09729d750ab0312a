/**
 * The review workflow's CLI surface, kept out of cli.ts: the compile flags `--check`, `--annotate`,
 * `--fail-on`, `--suppress`, `--diagnostics-format`, and the commands `diff`, `explain`, `graph`,
 * `match`, `routes-test`. Each command's logic lives in its own module; this file parses and prints.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CompileResult } from '../index';
import type { OutputFormat } from '../5-emit/serialize';
import { comparePlan, type OutputPlan, type Protected } from '../output';
import { DEFAULT_OPTIONS, type CompileOptions } from '../options';
import { collectList, NO_POLICIES_HELP, NO_POLICIES_IN_HELP, policyOptions, type PolicyFlags } from '../policy-flags';
import { DEFAULT_MAX_INPUT_BYTES, escapeJsonTerminal, escapeTerminal, formatBytes, parseByteSize, readInputs, type SourceFile } from '../source';
import type { Json } from './bootstrap-view';
import { applyDiagnosticPolicy, parseSuppress, renderForPipeline, type DiagnosticsFormat, type FailOn } from './diagnostic-policy';
import { loadSide, ReviewError, type Side } from './inputs';
import type { GraphFormat } from './graph/command';
import { SourceIndex } from './sources';

// Each command's own modules, required when that command runs (Node keeps them after the first
// require): `compile` and `--version` do not pay their start-up.
const annotateLib = () => require('./annotate') as typeof import('./annotate');
const attributionLib = () => require('./attribution') as typeof import('./attribution');
const checkLib = () => require('./check') as typeof import('./check');
const diffLib = () => require('./diff') as typeof import('./diff');
const explainLib = () => require('./explain') as typeof import('./explain');
const graphLib = () => require('./graph/command') as typeof import('./graph/command');
const matchLib = () => require('./match') as typeof import('./match');
const routesTestLib = () => require('./routes-test') as typeof import('./routes-test');
const xdsOutputLib = () => require('../xds/output') as typeof import('../xds/output');

/** The compile flags this module adds. */
export interface ReviewCompileFlags {
  output: string;
  format: OutputFormat;
  emit: 'bootstrap' | 'ir';
  check?: boolean;
  annotate?: boolean;
  failOn: FailOn;
  suppress: string[];
  diagnosticsFormat: DiagnosticsFormat;
  /** `--xds-dir`, `--xds-path`: the live-mode directory instead of `-o`. */
  xdsDir?: string;
  xdsPath?: string;
}

const collect = (v: string, all: string[]) => [...all, v];

export function addCompileReviewOptions(cmd: Command): Command {
  return cmd
    .option('--check', 'compare with the file(s) at -o instead of writing; exit 3 when they differ', false)
    .option('--annotate', "record each route's and cluster's source files and policies in its metadata (filter_metadata.envoyc)", false)
    .addOption(
      new Option('--fail-on <severity>', 'fail (exit 1, write nothing) on diagnostics of this severity or worse')
        .choices(['warning', 'error'])
        .default('error'),
    )
    .option(
      '--suppress <code[=resource]>',
      'hide a warning or note by code, optionally only for a resource (Kind/ns/name, ns/name, name, or a path); repeatable. unsupported_kind also compiles without a kind envoyc does not translate yet',
      collect,
      [],
    )
    .addOption(new Option('--diagnostics-format <format>', 'how diagnostics are printed on stderr').choices(['text', 'json']).default('text'));
}

/** Prints the diagnostics as asked; true when the run must fail (errors, or warnings with --fail-on warning). */
export function reportCompileDiagnostics(files: SourceFile[], result: CompileResult, flags: ReviewCompileFlags): boolean {
  const idx = new SourceIndex(result, files);
  const resourceOf = (d: { span?: { file: string; start: number; end: number } }) => idx.resourceAt(d.span);
  const policy = applyDiagnosticPolicy(result.diagnostics, flags.suppress.map(parseSuppress), flags.failOn, resourceOf);
  const text = renderForPipeline(policy, files, flags.diagnosticsFormat, resourceOf);
  if (text) process.stderr.write(text);
  return result.hasErrors || policy.failed;
}

/** `--annotate`: replaces each output's bootstrap with its annotated copy. */
export function annotateOutputs(result: CompileResult, files: SourceFile[]): void {
  const idx = new SourceIndex(result, files);
  result.outputs = result.outputs.map((o) => ({ ...o, bootstrap: annotateLib().annotate(o.bootstrap as Json, idx) as typeof o.bootstrap }));
}

/** `--check` with `--xds-dir`: the directory compared file by file. Returns the exit code (0, or 3 on drift). */
export function checkXdsDirectory(result: CompileResult, flags: ReviewCompileFlags & { xdsDir: string }, args: string[], cwd: string): number {
  const { checkXdsOutput, planXdsOutput } = xdsOutputLib();
  const plan = planXdsOutput(result, flags);
  if (typeof plan === 'string') throw new ReviewError(plan);
  const r = checkXdsOutput(plan, flags, args, cwd);
  process.stderr.write(escapeTerminal(r.message));
  return r.exitCode;
}

/** `--check`: the plan of what `compile` would write, compared with the disk. Returns the exit code (0, or 3 on drift). */
export function checkOutputs(plan: OutputPlan, result: CompileResult, files: SourceFile[], inputs: Protected, args: string[], cwd: string): number {
  if (plan.files.some((f) => f.path === '-')) throw new ReviewError('--check compares with the output file: pass -o FILE or -o DIR/');
  const r = checkLib().runCheck(comparePlan(plan, cwd, inputs), args, attributionLib().compiledAttributor(new SourceIndex(result, files)));
  process.stderr.write(escapeTerminal(r.message));
  return r.exitCode;
}

/** `--max-input-size SIZE`, for every command that reads inputs. */
export function maxInputSizeOption(): Option {
  return new Option('--max-input-size <size>', 'largest input file read, in bytes or with a unit (512MiB, 1GiB)')
    .argParser((v: string) => {
      const n = parseByteSize(v);
      if (n === undefined) throw new InvalidArgumentError('expected a size such as 268435456, 512MiB or 1GiB');
      return n;
    })
    .default(DEFAULT_MAX_INPUT_BYTES, formatBytes(DEFAULT_MAX_INPUT_BYTES).replace(' ', ''));
}

interface InputFlags extends PolicyFlags {
  gateway?: string;
  serviceDns?: string;
  mergeGateways: boolean;
  maxInputSize: number;
}

function addInputOptions(cmd: Command): Command {
  return cmd
    .addOption(maxInputSizeOption())
    .option('--gateway <ns/name>', 'only this Gateway')
    .option('--service-dns <template>', 'DNS name for a Service with no EndpointSlice, or missing from inputs that hold other Services')
    .option('--merge-gateways', 'all Gateways in one Envoy', false)
    .option('--no-policies [kinds]', NO_POLICIES_HELP)
    .option('--no-policies-in <namespaces>', NO_POLICIES_IN_HELP, collectList, []);
}

function optionsOf(f: InputFlags): CompileOptions {
  return {
    ...DEFAULT_OPTIONS,
    ...(f.serviceDns !== undefined ? { serviceDns: f.serviceDns } : {}),
    mergeGateways: f.mergeGateways,
    ...policyOptions(f),
    ...(f.gateway ? { gateway: f.gateway } : {}),
  };
}

/** The one bootstrap a command works on; several need --gateway. */
function oneBootstrap(side: Side): Json {
  if (side.bootstraps.size === 1) return [...side.bootstraps.values()][0]!;
  if (!side.bootstraps.size) throw new ReviewError('the inputs produce no Envoy bootstrap', 1);
  throw new ReviewError(`the inputs hold ${side.bootstraps.size} Gateways (${[...side.bootstraps.keys()].join(', ')}): pick one with --gateway NS/NAME`);
}

function indexOf(side: Side): SourceIndex | undefined {
  return side.compiled?.index;
}

/** Runs a command body, mapping ReviewError to its message and exit code. */
function run(body: () => number): void {
  try {
    process.exitCode = body();
  } catch (err) {
    if (!(err instanceof ReviewError)) throw err;
    process.stderr.write(`envoyc: ${escapeTerminal(err.message)}\n`);
    process.exitCode = err.exitCode;
  }
}

/** Wraps a compile step so a ReviewError (e.g. `--check` without -o) exits as it says. */
export function runReview(body: () => number): number {
  try {
    return body();
  } catch (err) {
    if (!(err instanceof ReviewError)) throw err;
    process.stderr.write(`envoyc: ${escapeTerminal(err.message)}\n`);
    return err.exitCode;
  }
}

export function registerReviewCommands(program: Command): void {
  addInputOptions(
    program
      .command('diff')
      .description('Semantic diff of two Envoy configs by listener, virtual host, route and cluster (exit 0 same, 1 different)')
      .argument('[paths...]', 'OLD NEW: bootstrap files or input directories; with --git, one input PATH')
      .option('--git <rev1..rev2>', 'compare PATH at two git revisions')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text')),
  ).action((paths: string[], f: InputFlags & { git?: string; format: 'text' | 'markdown' }) =>
    run(() => {
      const r = diffLib().runDiff({
        paths,
        ...(f.git !== undefined ? { git: f.git } : {}),
        format: f.format,
        cwd: process.cwd(),
        opts: optionsOf(f),
        read: { maxBytes: f.maxInputSize },
      });
      process.stdout.write(escapeTerminal(r.text));
      return r.exitCode;
    }),
  );
  addInputOptions(
    program
      .command('explain')
      .description('Effective settings of each route and cluster, where each value came from, and which policies won or lost and why')
      .argument('[paths...]', 'input files or directories, or one bootstrap file')
      .option('--route <name>', 'only this route (and the clusters it sends to)')
      .option('--cluster <name>', 'only this cluster')
      .option('--policy <ns/name>', 'only the routes and clusters this policy (NS/NAME, or KIND/NS/NAME) is in force on')
      .option('--json', 'machine-readable output', false),
  ).action((paths: string[], f: InputFlags & { route?: string; cluster?: string; policy?: string; json: boolean }) =>
    run(() => {
      const side = loadSide(paths, process.cwd(), optionsOf(f), { maxBytes: f.maxInputSize });
      const list = explainLib().explain(oneBootstrap(side), indexOf(side), {
        ...(f.route ? { route: f.route } : {}),
        ...(f.cluster ? { cluster: f.cluster } : {}),
        ...(f.policy ? { policy: f.policy } : {}),
      });
      if (!list.length)
        throw new ReviewError(
          `nothing matches ${f.route ? `route ${f.route}` : f.cluster ? `cluster ${f.cluster}` : f.policy ? `policy ${f.policy}` : 'the inputs'}`,
          1,
        );
      process.stdout.write(f.json ? escapeJsonTerminal(JSON.stringify(list, null, 2)) + '\n' : escapeTerminal(explainLib().renderExplanations(list)));
      return 0;
    }),
  );
  addInputOptions(
    program
      .command('graph')
      .description(
        'Draw what attaches to what: Gateways, listeners, routes, rules, backends, and each policy where it attaches (applied, merged, overridden, conflicted, not accepted)',
      )
      .argument('[paths...]', 'input files or directories')
      .addOption(
        new Option('--format <format>', 'Mermaid (renders in GitHub and GitLab markdown) or Graphviz DOT').choices(['mermaid', 'dot']).default('mermaid'),
      )
      .option('--route <ns/name>', 'only this route (NS/NAME or KIND/NS/NAME), what it attaches to and sends to, and its policies')
      .option('--policy <ns/name>', 'only this policy (NS/NAME or KIND/NS/NAME), where it attaches, and the policies it overrides or yields to'),
  ).action((paths: string[], f: InputFlags & { format: GraphFormat; route?: string; policy?: string }) =>
    run(() => {
      const filter = { ...(f.gateway ? { gateway: f.gateway } : {}), ...(f.route ? { route: f.route } : {}), ...(f.policy ? { policy: f.policy } : {}) };
      process.stdout.write(
        graphLib().runGraph({ paths, cwd: process.cwd(), opts: optionsOf(f), format: f.format, filter, read: { maxBytes: f.maxInputSize } }),
      );
      return 0;
    }),
  );
  addInputOptions(
    program
      .command('match')
      .description('Which listener, virtual host, route, rule and cluster a request takes in the emitted config (exit 0 matched, 1 no route)')
      .argument('[paths...]', 'input files or directories, or one bootstrap file')
      .requiredOption('--host <host>', 'Host header (a port in it is ignored, as the route config says)')
      .requiredOption('--path <path>', 'request path, may include ?query')
      .option('--method <method>', 'HTTP method', 'GET')
      .option('-H, --header <name:value>', 'request header; repeatable', collect, [])
      .option('--query <k=v>', 'query parameter; repeatable', collect, [])
      .option('--port <n>', 'listener port (needed when there are several)', (v) => Number(v))
      .option('--sni <name>', 'TLS server name (default: the host)')
      .option('--json', 'machine-readable output', false),
  ).action(
    (
      paths: string[],
      f: InputFlags & { host: string; path: string; method: string; header: string[]; query: string[]; port?: number; sni?: string; json: boolean },
    ) =>
      run(() => {
        const side = loadSide(paths, process.cwd(), optionsOf(f), { maxBytes: f.maxInputSize });
        let headers: [string, string][];
        try {
          headers = f.header.map(matchLib().parseHeader);
        } catch (err) {
          throw new ReviewError((err as Error).message);
        }
        const req = {
          host: f.host,
          path: f.path,
          method: f.method,
          headers,
          query: f.query.map(matchLib().parseQuery),
          ...(f.port !== undefined ? { port: f.port } : {}),
          ...(f.sni ? { sni: f.sni } : {}),
        };
        const report = matchLib().matchReport(oneBootstrap(side), req, indexOf(side));
        process.stdout.write(f.json ? escapeJsonTerminal(JSON.stringify(report, null, 2)) + '\n' : escapeTerminal(matchLib().renderMatch(report)));
        return report.matched ? 0 : 1;
      }),
  );
  addInputOptions(
    program
      .command('routes-test')
      .description('Check a YAML list of requests against the routes they should take (exit 1 on any mismatch); lists rules no request reached')
      .argument('<file>', 'the request list')
      .argument('[paths...]', 'input files or directories, or one bootstrap file'),
  ).action((file: string, paths: string[], f: InputFlags) =>
    run(() => {
      const list = readInputs([file], process.cwd(), { maxBytes: f.maxInputSize });
      if (list.files.length !== 1 || list.diagnostics.length) throw new ReviewError(`${file}: expected one UTF-8 file of requests`);
      let cases;
      try {
        cases = routesTestLib().parseRoutesTest(file, list.files[0]!.text);
      } catch (err) {
        throw new ReviewError((err as Error).message);
      }
      const side = loadSide(paths, process.cwd(), optionsOf(f), { maxBytes: f.maxInputSize });
      const r = routesTestLib().runRoutesTest(oneBootstrap(side), cases, indexOf(side));
      process.stdout.write(escapeTerminal(routesTestLib().renderRoutesTest(r)));
      return r.failures.length ? 1 : 0;
    }),
  );
}
