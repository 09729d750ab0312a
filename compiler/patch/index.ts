// EnvoyPatchPolicy patches, applied to each finished bootstrap after everything else, in Envoy
// Gateway's order (priority, then age, then namespace and name), as Envoy Gateway patches its xDS
// resources after translating. Each patch applies whole or not at all. A patch that finds no
// resource, or does not apply, is a warning and Envoy Gateway's Programmed=False; what the patches
// produce is validated with the rest of the output, and a finding there is an error at the patch.
import type { ResourceKey } from '../1-load/types';
import type { Condition } from '../2-resolve/types';
import type { Bootstrap, EmittedBootstrap } from '../5-emit';
import * as d from '../diagnostics/codes';
import { didYouMean, type Diagnostics } from '../diagnostics';
import type { Ir, IrJsonPatch, IrPatchPolicy } from '../ir';
import { applyPatch, type Json } from '../jsonpatch';
import { Blamer, type AppliedPatch } from './blame';
import { addTarget, resourcesOf, shortType } from './locate';

export type { Blamer } from './blame';

/** What patching found: each policy's Programmed condition, and who to blame for findings in each bootstrap. */
export interface PatchResult {
  programmed: Map<ResourceKey, Condition>;
  /** By bootstrap name: maps a validation finding in a patched bootstrap to the patch that caused it. */
  blamers: Map<string, Blamer>;
}

function label(key: ResourceKey): string {
  const [kind, ns, name] = key.split('/');
  return `${kind} ${ns}/${name}`;
}

/** Envoy Gateway's condition message: first letter capitalised, a full stop at the end. */
function conditionMessage(messages: string[]): string {
  const m = messages.join('\n');
  return `${m.charAt(0).toUpperCase()}${m.slice(1)}${m.endsWith('.') ? '' : '.'}`;
}

/** `add` with neither path nor jsonPath: the value is a whole new resource (a listener, cluster or secret). */
function addWhole(b: Bootstrap, p: IrJsonPatch): string | undefined {
  const list = addTarget(b, p.type);
  if (!list)
    return `a whole ${shortType(p.type)} cannot be added to a static bootstrap (it lives inside a ${p.type.includes('route') ? 'listener' : 'cluster'}): patch that instead`;
  const value = p.operation.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the value of an add with an empty path must be a whole ${shortType(p.type)}`;
  list.push(structuredClone(value) as Record<string, unknown>);
  return undefined;
}

/** One patch on one bootstrap, in place; `diags` undefined when replaying (see blame.ts). */
function applyOne(b: Bootstrap, p: IrJsonPatch, policy: string, diags: Diagnostics | undefined): { failed?: string; notFound?: string } {
  const o = p.operation;
  const resource = `${shortType(p.type)} ${p.name}`;
  if (o.op === 'add' && !o.path && !o.jsonPath) {
    const problem = addWhole(b, p);
    if (problem) diags?.add(d.patchFailed(p.at.value, policy, `a new ${shortType(p.type)}`, problem));
    return problem ? { failed: problem } : {};
  }
  const all = resourcesOf(b, p.type);
  const found = all.filter((r) => r.name === p.name);
  if (!found.length) {
    diags?.add(d.patchResourceNotFound(p.at.name, policy, resource, didYouMean(p.name, [...new Set(all.map((r) => r.name))])));
    return { notFound: `${p.type}/${p.name}` };
  }
  for (const r of found) {
    const { doc, errors } = applyPatch(r.slot.value as Json, o);
    if (errors.length) {
      const problem = errors.map((e) => e.message).join('; ');
      diags?.add(d.patchFailed(p.at[errors[0]!.field === 'op' ? 'op' : errors[0]!.field], policy, resource, problem));
      return { failed: problem };
    }
    r.slot.set(doc as Record<string, unknown>);
  }
  return {};
}

/** One policy's patches on one bootstrap; its Programmed condition as Envoy Gateway sets it. */
function applyPolicy(b: Bootstrap, pp: IrPatchPolicy, blamer: Blamer | undefined, diags: Diagnostics): Condition {
  const failed: string[] = [];
  const notFound: string[] = [];
  const policy = label(pp.key);
  for (const p of pp.patches) {
    const r = applyOne(b, p, policy, diags);
    if (r.failed) failed.push(r.failed);
    if (r.notFound) notFound.push(r.notFound);
    if (!r.failed && !r.notFound) blamer?.record({ policy, patch: p });
  }
  // A later condition of the same type replaces an earlier one: ResourceNotFound wins over Invalid.
  if (notFound.length)
    return { type: 'Programmed', status: 'False', reason: 'ResourceNotFound', message: `Unable to find xds resources: ${notFound.join(',')}` };
  if (failed.length) return { type: 'Programmed', status: 'False', reason: 'Invalid', message: conditionMessage(failed) };
  return { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Patches have been successfully applied.' };
}

/**
 * Applies every config's EnvoyPatchPolicies to its bootstrap, in place. With `validate`, each
 * patched bootstrap is checked first as envoyc wrote it, so findings the patches bring can be told
 * from envoyc's own.
 */
export function applyPatchPolicies(outputs: EmittedBootstrap[], ir: Ir, validate: boolean, diags: Diagnostics): PatchResult {
  const result: PatchResult = { programmed: new Map(), blamers: new Map() };
  for (const b of outputs) {
    const policies = ir.configs.find((c) => c.name === b.name)?.patchPolicies ?? [];
    if (!policies.length) continue;
    const blamer = validate ? new Blamer(b.bootstrap, (doc, a: AppliedPatch) => applyOne(doc as Bootstrap, a.patch, a.policy, undefined)) : undefined;
    for (const pp of policies) result.programmed.set(pp.key, applyPolicy(b.bootstrap, pp, blamer, diags));
    if (blamer) result.blamers.set(b.name, blamer);
  }
  return result;
}
