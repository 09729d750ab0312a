import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler';
import { serialize } from '../../compiler/5-emit/serialize';
import { renderDiagnostics } from '../../compiler/diagnostics';
import { DEFAULT_OPTIONS, type CompileOptions } from '../../compiler/options';
import { POLICY_KINDS } from '../../compiler/3-merge/registry';
import { bootstrapText, rateLimitText } from '../../compiler/output';
import { redact } from '../../compiler/secrets';
import { readSources } from '../../compiler/source';
import { buildGraph } from '../../compiler/review/graph/build';
import { renderDot } from '../../compiler/review/graph/dot';
import { renderMermaid } from '../../compiler/review/graph/mermaid';

/** The repository root (this file runs from dist/test/support). */
export const ROOT = join(__dirname, '..', '..', '..');
export const GOLDEN_DIR = join(ROOT, 'golden');

/** `case.json`: optional per-case settings. */
export interface CaseConfig {
  /** CompileOptions overrides; `admin` as "HOST:PORT". */
  options?: Partial<Omit<CompileOptions, 'admin'>> & { admin?: string };
  skip?: boolean;
  only?: boolean;
  /** Also write `status.yaml` (always written when the inputs hold a BackendTrafficPolicy). */
  status?: boolean;
  /** Also write `envoyc graph` of the inputs: `out/graph.mmd` (Mermaid) and `out/graph.dot`. Only cases about the picture ask for it. */
  graph?: boolean;
}

/** Every case directory (one holding `in/`) under golden/, recursively, as paths relative to golden/. */
export function caseNames(filter = ''): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const dir = join(GOLDEN_DIR, rel);
    if (existsSync(join(dir, 'in'))) {
      if (rel.includes(filter)) out.push(rel);
      return;
    }
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(rel ? `${rel}/${e.name}` : e.name);
  };
  if (existsSync(GOLDEN_DIR)) walk('');
  return out.sort();
}

export function readCaseConfig(name: string): CaseConfig {
  const file = join(GOLDEN_DIR, name, 'case.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseConfig) : {};
}

/** CompileOptions from a case's `case.json`. */
export function caseOptions(config: CaseConfig): CompileOptions {
  const { admin, ...rest } = config.options ?? {};
  const opts: CompileOptions = { ...DEFAULT_OPTIONS, ...rest };
  if (admin) {
    const [address, port] = admin.split(':');
    opts.admin = { address: address!, port: Number(port) };
  }
  return opts;
}

/**
 * Compiles a case's `in/` (paths shown relative to the case, e.g. `in/routes.yaml`) and returns
 * the files its `out/` should hold: `diagnostics.txt` always (empty = clean), `ir.json` always
 * (lowering's output, so a lowering change and an emitting change are told apart), `status.yaml` when
 * the inputs hold a policy of any kind 3-merge translates or `case.json` asks for it, `graph.mmd` and `graph.dot` when `case.json`
 * asks for the picture, and the bootstrap (`bootstrap.yaml`, or `<ns>.<name>.yaml` each when there are
 * several Gateways) when clean.
 */
export function runCase(name: string): Map<string, string> {
  const dir = join(GOLDEN_DIR, name);
  const files = readSources(['in'], dir, () => '');
  const config = readCaseConfig(name);
  const result = compile(files, caseOptions(config));
  const out = new Map<string, string>();
  out.set('diagnostics.txt', renderDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f]))));
  // The IR as `--emit ir` writes it: private keys redacted.
  out.set('ir.json', serialize(redact(result.ir), 'json'));
  const policyKinds = POLICY_KINDS.map((k) => new RegExp(`kind:\\s*${k.kind}`));
  if (config.status || files.some((f) => policyKinds.some((re) => re.test(f.text)))) out.set('status.yaml', serialize(result.status, 'yaml'));
  if (result.rateLimitConfigs.length) out.set('ratelimit.yaml', rateLimitText(result.rateLimitConfigs));
  if (config.graph) {
    const model = buildGraph(result);
    out.set('graph.mmd', renderMermaid(model));
    out.set('graph.dot', renderDot(model));
  }
  if (result.outputs.length === 1) out.set('bootstrap.yaml', bootstrapText(result.outputs[0]!, 'yaml'));
  else for (const o of result.outputs) out.set(`${o.fileStem}.yaml`, bootstrapText(o, 'yaml'));
  return out;
}

/** The files a case's `out/` holds now. */
export function listOut(name: string): string[] {
  const dir = join(GOLDEN_DIR, name, 'out');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => statSync(join(dir, f)).isFile())
        .sort()
    : [];
}

export function readOut(name: string, file: string): string {
  return readFileSync(join(GOLDEN_DIR, name, 'out', file), 'utf8');
}

/** Rewrites `out/` to exactly these files (stale ones deleted), as `UPDATE_GOLDEN=1` does. */
export function writeOutputs(name: string, outputs: Map<string, string>): void {
  const dir = join(GOLDEN_DIR, name, 'out');
  for (const f of listOut(name)) if (!outputs.has(f)) rmSync(join(dir, f));
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of outputs) writeFileSync(join(dir, f), text);
}
