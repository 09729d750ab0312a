/**
 * `npm run bench`: the whole CLI at 1,000, 10,000 and 30,000 routes (100,000 only with BENCH_100K=1:
 * minutes and gigabytes per run) against the two parse-only floors, and 100 routes end to end
 * (cli.ts, issue 15's goals). `npm run bench -- phases`: envoyc in process on the same synthetic
 * inputs (see generate.ts), per phase, against the time the `yaml` package alone needs to parse them.
 *
 * Each case runs in a fresh Node process, so its peak RSS is its own. Each measurement is the
 * best of BENCH_RUNS runs (default 3). Prints numbers only: nothing here asserts a time.
 *
 * Also `envoyc graph` (issue 17's budget: a 1,000-route input graphs in under a second): the
 * picture model and both renderings in process, and the whole command as a user runs it (a fresh
 * `node dist/cli.js graph DIR`, wall clock, process start included).
 *
 *   npm run bench                          the CLI table
 *   node dist/bench/run.js cli 1000 50000  the CLI table for these route counts (policies: 10%)
 *   node dist/bench/run.js phases          the phase table alone
 *   node dist/bench/run.js 20000 2000      one custom phase case (routes, policies)
 *
 * BENCH_RUNS sets the runs per figure (default 3; 9 for the 100-route case).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { load } from '../compiler/1-load';
import { resolve } from '../compiler/2-resolve';
import { merge } from '../compiler/3-merge';
import { lower } from '../compiler/4-lower';
import { emit } from '../compiler/5-emit';
import { serialize } from '../compiler/5-emit/serialize';
import { validate } from '../compiler/6-validate';
import { Diagnostics } from '../compiler/diagnostics';
import { DEFAULT_OPTIONS } from '../compiler/options';
import { buildGraph } from '../compiler/review/graph/build';
import { renderDot } from '../compiler/review/graph/dot';
import { renderMermaid } from '../compiler/review/graph/mermaid';
import type { SourceFile } from '../compiler/source';
import { measureSize, reportSizes } from './cli';
import { generate } from './generate';

const CASES: [routes: number, policies: number][] = [
  [1_000, 0],
  [10_000, 1_000],
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The CLI table's sizes; 100,000 routes only when asked for. */
const SIZES = [1_000, 10_000, 30_000, ...(process.env.BENCH_100K ? [100_000] : [])];
/** A compose stack: the size a `watch` loop or a pre-commit hook compiles. */
const SMALL = 100;
const SMALL_RUNS = Math.max(RUNS, 9);

/** Phase name -> milliseconds. */
type Timings = Record<string, number>;

interface CaseResult {
  routes: number;
  policies: number;
  bytes: number;
  documents: number;
  yamlMs: number;
  phases: Timings;
  /** The first run's validate phase: it includes loading the part of Envoy's schema it needs. */
  coldValidateMs: number;
  errors: number;
  outputBytes: number;
  maxRssMb: number;
  graph: GraphTimings;
  /** `envoyc graph DIR` as a fresh process, wall clock. */
  graphCliMs: number;
}

/** `envoyc graph` in process: the picture model from the compile result, and each rendering. */
interface GraphTimings {
  modelMs: number;
  mermaidMs: number;
  dotMs: number;
  nodes: number;
  edges: number;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

/** The baseline: the yaml package alone, as a loader with no checks would use it. */
function yamlParse(files: SourceFile[]): number {
  let docs = 0;
  for (const f of files) for (const d of parseAllDocuments(f.text)) (d.toJS(), docs++);
  return docs;
}

/** One compilation, phase by phase, as compile() and the CLI run it. */
function compileTimed(files: SourceFile[]): { phases: Timings; errors: number; outputBytes: number; graph: GraphTimings } {
  const opts = DEFAULT_OPTIONS;
  const phases: Timings = {};
  const diags = new Diagnostics(opts.strict);
  const [resources, tLoad] = time(() => load(files, diags));
  const [graph, tResolve] = time(() => resolve(resources, opts, diags));
  const [policies, tMerge] = time(() => merge(graph, opts, diags));
  const [ir, tLower] = time(() => lower(graph, policies, opts, diags));
  const [outputs, tEmit] = time(() => emit(ir));
  const [, tValidate] = time(() => outputs.forEach((o) => validate(o.bootstrap, diags)));
  const [texts, tWrite] = time(() => outputs.map((o) => serialize(o.bootstrap, 'yaml')));
  Object.assign(phases, { load: tLoad, resolve: tResolve, merge: tMerge, lower: tLower, emit: tEmit, validate: tValidate, serialize: tWrite });
  const errors = diags.sorted().filter((d) => d.severity === 'error').length;
  const [model, modelMs] = time(() => buildGraph({ graph, policies, ir }));
  const [, mermaidMs] = time(() => renderMermaid(model));
  const [, dotMs] = time(() => renderDot(model));
  const graphTimes = { modelMs, mermaidMs, dotMs, nodes: model.nodes.length, edges: model.edges.length };
  return { phases, errors, outputBytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0), graph: graphTimes };
}

/** `envoyc graph DIR` as a user runs it: a fresh Node process, best of RUNS. */
function graphCli(dir: string): number {
  const cli = join(__dirname, '..', 'cli.js');
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const [, ms] = time(() => execFileSync(process.execPath, [cli, 'graph', dir], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 }));
    best = Math.min(best, ms);
  }
  return best;
}

/** Runs in the child process: generate, then measure. */
function runCase(routes: number, policies: number): CaseResult {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-bench-'));
  try {
    const gen = generate(dir, routes, policies);
    const files: SourceFile[] = gen.files.map((f) => ({ path: f.slice(dir.length + 1), text: readFileSync(f, 'utf8') }));
    let yamlMs = Infinity;
    let documents = 0;
    let best: ReturnType<typeof compileTimed> | undefined;
    let maxRssMb = 0;
    let coldValidateMs = 0;
    for (let i = 0; i < RUNS; i++) {
      const run = compileTimed(files);
      if (i === 0) coldValidateMs = run.phases.validate!;
      // Peak RSS of one compilation, as the budget means it: read before anything else has run
      // in this process (later runs and the baseline parse leave garbage that inflates it).
      if (i === 0) maxRssMb = process.resourceUsage().maxRSS / 1024;
      if (!best || total(run.phases) < total(best.phases)) best = run;
      const [docs, ms] = time(() => yamlParse(files));
      documents = docs;
      yamlMs = Math.min(yamlMs, ms);
    }
    return { routes, policies, bytes: gen.bytes, documents, yamlMs, ...best!, coldValidateMs, maxRssMb, graphCliMs: graphCli(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const total = (t: Timings) => Object.values(t).reduce((a, b) => a + b, 0);

/** What `envoyc graph` computes: the compile without the schema check and without writing the bootstrap, then the picture in Mermaid. */
function graphInProcess(r: CaseResult): number {
  const { validate: _v, serialize: _s, ...compiled } = r.phases;
  return total(compiled) + r.graph.modelMs + r.graph.mermaidMs;
}

function report(results: CaseResult[]): void {
  const phaseNames = Object.keys(results[0]!.phases);
  const rows: string[][] = [
    ['', ...results.map((r) => `${r.routes} routes, ${r.policies} policies`)],
    ['input', ...results.map((r) => `${(r.bytes / 1e6).toFixed(1)} MB, ${r.documents} docs`)],
    ['yaml parse (baseline)', ...results.map((r) => ms(r.yamlMs))],
    ...phaseNames.map((p) => [`  ${p}`, ...results.map((r) => ms(r.phases[p]!))]),
    ['  validate, first run (schema load)', ...results.map((r) => ms(r.coldValidateMs))],
    ['envoyc total', ...results.map((r) => ms(total(r.phases)))],
    ['total / yaml parse', ...results.map((r) => `${(total(r.phases) / r.yamlMs).toFixed(2)}x`)],
    ['peak RSS (one compile)', ...results.map((r) => `${r.maxRssMb.toFixed(0)} MB`)],
    ['output', ...results.map((r) => `${(r.outputBytes / 1e6).toFixed(1)} MB, ${r.errors} errors`)],
    ['graph: picture model', ...results.map((r) => ms(r.graph.modelMs))],
    ['graph: Mermaid', ...results.map((r) => ms(r.graph.mermaidMs))],
    ['graph: DOT', ...results.map((r) => ms(r.graph.dotMs))],
    ['graph: nodes, edges', ...results.map((r) => `${r.graph.nodes}, ${r.graph.edges}`)],
    ['envoyc graph in process', ...results.map((r) => ms(graphInProcess(r)))],
    ['envoyc graph DIR (CLI, wall)', ...results.map((r) => ms(r.graphCliMs))],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   '));
  console.log(`\nbest of ${RUNS} runs each; total = load..validate + serialize (file reading excluded, as for the baseline); budget: ≤ 1.5x, < 1024 MB`);
  console.log(
    'envoyc graph: in process = load..emit + picture model + Mermaid; DIR = the whole command in a fresh process (start, read, compile, draw, print); budget for 1,000 routes: < 1 s',
  );
}

function ms(n: number): string {
  return `${n.toFixed(0)} ms`;
}

function cliTable(sizes: number[]): void {
  const results = sizes.map((routes) => {
    process.stderr.write(`bench: whole CLI, ${routes} routes...\n`);
    return measureSize(routes, RUNS);
  });
  process.stderr.write(`bench: whole CLI, ${SMALL} routes...\n`);
  reportSizes(results, measureSize(SMALL, SMALL_RUNS, false), RUNS, SMALL_RUNS);
}

function phaseTable(cases: [number, number][]): void {
  const results: CaseResult[] = [];
  for (const [routes, policies] of cases) {
    process.stderr.write(`bench: in process, ${routes} routes, ${policies} policies...\n`);
    const out = execFileSync(process.execPath, [__filename, '--case', String(routes), String(policies)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    results.push(JSON.parse(out.trim().split('\n').pop()!) as CaseResult);
  }
  report(results);
}

function main(): void {
  const [a, b, ...rest] = process.argv.slice(2);
  if (a === '--case') {
    // Child: one case, result as JSON on the last line.
    console.log(JSON.stringify(runCase(Number(b), Number(rest[0] ?? 0))));
    return;
  }
  if (a === 'cli') return cliTable(b ? [b, ...rest].map(Number) : SIZES);
  if (a === 'phases') return phaseTable(CASES);
  if (a) return phaseTable([[Number(a), Number(b ?? 0)]]);
  cliTable(SIZES);
}

main();
