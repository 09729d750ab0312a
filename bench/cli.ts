/**
 * The whole CLI against the parse-only floors, as a user runs it: `envoyc compile DIR -o FILE` in a
 * fresh Node process (start, read, compile, validate, write), wall clock, CPU and peak RSS of that
 * process; beside it, in the same run, the `yaml` package and js-yaml parsing the same files to plain
 * objects in processes of their own (floor.ts). The three alternate, run by run, and each figure is
 * the median, so load from other work on the machine falls on all three alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from './generate';

/** Policies per route in every size: the 10,000 routes with 1,000 policies. */
const POLICY_SHARE = 0.1;

interface Usage {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

export interface SizeResult {
  routes: number;
  policies: number;
  bytes: number;
  cli: Usage;
  yaml: Usage;
  jsYaml: Usage;
}

const DIST = join(__dirname, '..');

function run(args: string[], env: NodeJS.ProcessEnv = {}): { wallMs: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { wallMs, stdout: r.stdout };
}

/** `envoyc compile DIR -o OUT`, its usage read by the preloaded rusage.js. */
function cliOnce(dir: string, work: string): Usage {
  const usageFile = join(work, 'usage.json');
  const { wallMs } = run(['-r', join(DIST, 'bench', 'rusage.js'), join(DIST, 'cli.js'), 'compile', dir, '-o', join(work, 'envoy.yaml')], {
    BENCH_RUSAGE_OUT: usageFile,
  });
  const u = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
  return { wallMs, ...u };
}

function floorOnce(parser: string, files: string[]): Usage {
  const { wallMs, stdout } = run([join(DIST, 'bench', 'floor.js'), parser, ...files]);
  return { wallMs, ...(JSON.parse(stdout) as { cpuMs: number; maxRssMb: number }) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function medianUsage(us: Usage[]): Usage {
  return { wallMs: median(us.map((u) => u.wallMs)), cpuMs: median(us.map((u) => u.cpuMs)), maxRssMb: median(us.map((u) => u.maxRssMb)) };
}

/** One size: `runs` alternating rounds of CLI, yaml floor, js-yaml floor. */
export function measureSize(routes: number, runs: number, floors = true): SizeResult {
  const policies = Math.round(routes * POLICY_SHARE);
  const work = mkdtempSync(join(tmpdir(), 'envoyc-bench-cli-'));
  try {
    const gen = generate(join(work, 'in'), routes, policies);
    const cli: Usage[] = [];
    const yaml: Usage[] = [];
    const jsYaml: Usage[] = [];
    for (let i = 0; i < runs; i++) {
      cli.push(cliOnce(gen.dir, work));
      if (!floors) continue;
      yaml.push(floorOnce('yaml', gen.files));
      jsYaml.push(floorOnce('js-yaml', gen.files));
    }
    const none = { wallMs: NaN, cpuMs: NaN, maxRssMb: NaN };
    return { routes, policies, bytes: gen.bytes, cli: medianUsage(cli), yaml: floors ? medianUsage(yaml) : none, jsYaml: floors ? medianUsage(jsYaml) : none };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (m: number) => `${m.toFixed(0)} MB`;
const x = (r: number) => `${r.toFixed(2)}x`;

/** How much `of` grew from the previous size, over how much the route count grew: 1 is linear, below 1 a fixed cost (Node's start) still counts. */
function growth(results: SizeResult[], i: number, of: (u: Usage) => number): string {
  if (i === 0) return '-';
  const [a, b] = [results[i - 1]!, results[i]!];
  return x(of(b.cli) / of(a.cli) / (b.routes / a.routes));
}

export function reportSizes(results: SizeResult[], small: SizeResult, runs: number, smallRuns: number): void {
  const rows: string[][] = [
    ['', ...results.map((r) => `${r.routes} routes, ${r.policies} pol.`)],
    ['input', ...results.map((r) => `${(r.bytes / 1e6).toFixed(1)} MB`)],
    ['CLI wall', ...results.map((r) => s(r.cli.wallMs))],
    ['CLI CPU', ...results.map((r) => s(r.cli.cpuMs))],
    ['CLI peak RSS', ...results.map((r) => mb(r.cli.maxRssMb))],
    ['yaml parse-only CPU', ...results.map((r) => s(r.yaml.cpuMs))],
    ['js-yaml parse-only CPU', ...results.map((r) => s(r.jsYaml.cpuMs))],
    ['CLI CPU / yaml (goal <= 1.0x)', ...results.map((r) => x(r.cli.cpuMs / r.yaml.cpuMs))],
    ['CLI CPU / js-yaml (goal <= 5x)', ...results.map((r) => x(r.cli.cpuMs / r.jsYaml.cpuMs))],
    ['CPU growth / route growth (1 = linear)', ...results.map((_, i) => growth(results, i, (u) => u.cpuMs))],
    ['RSS growth / route growth (1 = linear)', ...results.map((_, i) => growth(results, i, (u) => u.maxRssMb))],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   '));
  console.log(
    `\n${small.routes} routes, ${small.policies} policies, whole CLI: ${s(small.cli.wallMs)} wall, ${s(small.cli.cpuMs)} CPU, ${mb(small.cli.maxRssMb)} (goal <= 0.25 s wall)`,
  );
  console.log(
    `medians of ${runs} alternating runs (${smallRuns} for ${small.routes} routes); CLI = \`envoyc compile DIR -o FILE\` in a fresh process, Node's start included;` +
      ` floors = parse only, in processes of their own; load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
}
