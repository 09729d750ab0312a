// An EnvoyProxy's `bootstrap` Merge or JSONPatch, applied to the finished bootstrap as Envoy Gateway
// applies it to its own: Merge is protobuf's merge, JSONPatch its operations in order (one that
// does not apply is an error: Envoy Gateway refuses the EnvoyProxy). What comes out is validated
// with the rest of the output; a finding envoyc's own bootstrap did not have is the EnvoyProxy's.
import type { EmittedBootstrap } from '../5-emit';
import { BOOTSTRAP_TYPE, formatPath } from '../../proto';
import { validateBootstrap, type Finding } from '../6-validate';
import * as d from '../diagnostics/codes';
import type { Diagnostic, Diagnostics } from '../diagnostics';
import type { Ir, IrBootstrapOverride } from '../ir';
import { applyPatch, type Json } from '../jsonpatch';
import { protoMerge } from './proto-merge';

/** Blames a validation finding of one bootstrap on its EnvoyProxy's customization, or returns undefined. */
export type BootstrapBlame = (f: Finding) => Diagnostic | undefined;

const signature = (f: Finding) => `${f.code}|${formatPath(f.path)}|${f.message}`;

const proxyName = (o: IrBootstrapOverride) => o.proxy.split('/').slice(1).join('/');

/** Envoy Gateway's xDS plumbing in a bootstrap written for it: the static bootstrap holds the config itself. */
const XDS_CLUSTER = 'xds_cluster';

type Resources = { listeners?: { name?: string }[]; clusters?: { name?: string }[]; secrets?: { name?: string }[] };

/**
 * Replace: the user's bootstrap in place of envoyc's, around the Gateway's own listeners, clusters
 * and secrets (a static bootstrap carries them; Envoy Gateway's xDS server sends them); an `admin`
 * or `node` it does not set stays envoyc's (`--admin-address`, the Gateway's node). What only
 * fed Envoy Gateway's xDS is left out (`dynamic_resources`, `xds_cluster`, runtime layers fetched
 * over ADS); the user's other static resources stay, after envoyc's, unless envoyc has one of the
 * same name (the Gateway's wins). Returns what was left out, for the note.
 */
function replaceBootstrap(bootstrap: Record<string, unknown>, value: Record<string, unknown>): { out: object; dropped: string[] } {
  const { dynamic_resources: dynamic, ...rest } = value;
  const dropped: string[] = dynamic !== undefined ? ['dynamic_resources'] : [];
  const own = (bootstrap.static_resources ?? {}) as Resources;
  const theirs = (rest.static_resources ?? {}) as Resources;
  const merged: Record<string, unknown> = { ...theirs };
  for (const key of ['listeners', 'clusters', 'secrets'] as const) {
    const names = new Set((own[key] ?? []).map((r) => r.name));
    const kept = (theirs[key] ?? []).filter((r) => {
      if (key === 'clusters' && r.name === XDS_CLUSTER) dropped.push(`static_resources.clusters[${XDS_CLUSTER}]`);
      else if (names.has(r.name)) dropped.push(`static_resources.${key}[${r.name}] (envoyc's of that name is kept)`);
      else return true;
      return false;
    });
    if (own[key]?.length || kept.length) merged[key] = [...(own[key] ?? []), ...kept];
  }
  const runtime = rest.layered_runtime as { layers?: { name?: string; rtds_layer?: unknown }[] } | undefined;
  const layers = runtime?.layers?.filter((l) => {
    if (l.rtds_layer === undefined) return true;
    dropped.push(`layered_runtime.layers[${l.name}] (runtime over xDS)`);
    return false;
  });
  const kept = { ...(bootstrap.admin !== undefined ? { admin: bootstrap.admin } : {}), ...(bootstrap.node !== undefined ? { node: bootstrap.node } : {}) };
  const out = { ...kept, ...rest, static_resources: merged, ...(runtime ? { layered_runtime: { ...runtime, ...(layers ? { layers } : {}) } } : {}) };
  return { out, dropped };
}

/** The customized bootstrap, or undefined when a JSON patch does not apply (reported). */
function customize(bootstrap: object, o: IrBootstrapOverride, diags: Diagnostics): object | undefined {
  if (o.type === 'Merge') return protoMerge(bootstrap as Record<string, unknown>, o.value, BOOTSTRAP_TYPE);
  if (o.type === 'Replace') {
    const { out, dropped } = replaceBootstrap(bootstrap as Record<string, unknown>, o.value);
    if (dropped.length) diags.add(d.bootstrapXdsDropped(o.at, proxyName(o), dropped));
    return out;
  }
  let doc = bootstrap as Json;
  for (const p of o.patches) {
    const r = applyPatch(doc, p.operation);
    if (r.errors.length) {
      diags.add(d.bootstrapPatchFailed(p.at, proxyName(o), r.errors.map((e) => e.message).join('; ')));
      return undefined;
    }
    doc = r.doc;
  }
  return doc as object;
}

/**
 * Applies each config's EnvoyProxy bootstrap customization to its bootstrap, in place. With
 * `validate`, returns per bootstrap a blame for findings the customization brought in.
 */
export function applyProxyBootstraps(outputs: EmittedBootstrap[], ir: Ir, validate: boolean, diags: Diagnostics): Map<string, BootstrapBlame> {
  const blames = new Map<string, BootstrapBlame>();
  for (const out of outputs) {
    const o = ir.configs.find((c) => c.name === out.name)?.bootstrap;
    if (!o) continue;
    const baseline = new Set(validate ? validateBootstrap(out.bootstrap, 'strict').map(signature) : []);
    const customized = customize(out.bootstrap, o, diags);
    if (!customized) continue;
    out.bootstrap = customized as EmittedBootstrap['bootstrap'];
    blames.set(out.name, (f) =>
      baseline.has(signature(f))
        ? undefined
        : d.patchResultInvalid(f.severity, o.at, `EnvoyProxy ${proxyName(o)} bootstrap`, `${formatPath(f.path)}: ${f.message}`),
    );
  }
  return blames;
}
