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

/** The customized bootstrap, or undefined when a JSON patch does not apply (reported). */
function customize(bootstrap: object, o: IrBootstrapOverride, diags: Diagnostics): object | undefined {
  if (o.type === 'Merge') return protoMerge(bootstrap as Record<string, unknown>, o.value, BOOTSTRAP_TYPE);
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
