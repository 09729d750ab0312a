import { load } from './1-load';
import type { Resources } from './1-load/types';
import { resolve, type AttachmentGraph } from './2-resolve';
import { merge, type EffectivePolicies } from './3-merge';
import { lower } from './4-lower';
import { applyPatchPolicies } from './patch';
import { applyProxyBootstraps } from './patch/bootstrap';
import { emit, emitRateLimitConfigs, type EmittedBootstrap } from './5-emit';
import { validate } from './6-validate';
import { Diagnostics, type Diagnostic } from './diagnostics';
import type { Ir } from './ir';
import { optionWarnings, type CompileOptions } from './options';
import type { SourceFile } from './source';
import { buildStatus, type StatusReport } from './status';

export interface CompileResult {
  ir: Ir;
  /** What attaches to what (2-resolve), for tools that draw it (`envoyc graph`). */
  graph: AttachmentGraph;
  /** Where each policy of each kind applied, and its status (read `applied` through `appliedPolicy`). */
  policies: EffectivePolicies;
  /** Envoy Gateway's status for every Gateway, route and policy (`--status`), built when first read. */
  readonly status: StatusReport;
  /** One bootstrap per Envoy; empty when there were errors. */
  outputs: EmittedBootstrap[];
  /** The rate limit service's descriptor config, one document per domain (`--ratelimit-config`); empty without global rate limits. */
  rateLimitConfigs: object[];
  diagnostics: Diagnostic[];
  hasErrors: boolean;
  /** The loaded objects with their YAML, for tools that point back at the inputs (`explain`, `match`). */
  resources: Resources;
}

/**
 * The whole pipeline: files → resources → attachment graph → IR → bootstraps, checked.
 * `read` holds what reading the files found (skipped entries, invalid UTF-8).
 */
export function compile(files: SourceFile[], opts: CompileOptions, read: readonly Diagnostic[] = []): CompileResult {
  const diags = new Diagnostics(opts.strict);
  // Problems found before parsing, and risky options, are reported with the rest; an error among them fails the run.
  for (const diag of [...read, ...optionWarnings(opts)]) diags.add(diag);
  // Schema errors drop only the broken object, so later phases still report what they can.
  const resources = load(files, diags, opts.suppress);
  const graph = resolve(resources, opts, diags);
  // A GatewayClass's EnvoyProxy can merge its Gateways, as --merge-gateways does.
  const run = graph.mergeGateways ? { ...opts, mergeGateways: true } : opts;
  const policies = merge(graph, run, diags);
  const ir = lower(graph, policies, run, diags);
  // Nothing is emitted from inputs with errors: a half-right config is worse than none.
  const outputs = diags.hasErrors ? [] : emit(ir);
  // The EnvoyProxy's bootstrap Merge or JSONPatch shapes the bootstrap Envoy Gateway renders, before any xDS patch.
  const customized = applyProxyBootstraps(outputs, ir, opts.validate, diags);
  // EnvoyPatchPolicy patches go last, on the finished bootstrap, as Envoy Gateway patches its xDS after translating.
  const patched = applyPatchPolicies(outputs, ir, opts.validate, diags);
  // Our own output is checked against Envoy's schema; a finding there is a bug in envoyc, or a patch's doing.
  if (opts.validate) for (const o of outputs) validate(o.bootstrap, diags, (f) => patched.blamers.get(o.name)?.blame(f) ?? customized.get(o.name)?.(f));
  const rateLimitConfigs = diags.hasErrors ? [] : emitRateLimitConfigs(ir);
  // Status is built on first read (--status, explain): a compile that writes only the bootstrap does not pay for it.
  let status: StatusReport | undefined;
  return {
    ir,
    graph,
    policies,
    get status() {
      return (status ??= buildStatus(graph, policies, patched.programmed));
    },
    outputs: diags.hasErrors ? [] : outputs,
    rateLimitConfigs,
    diagnostics: diags.sorted(),
    hasErrors: diags.hasErrors,
    resources,
  };
}
