import type { Loaded, Resources } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { spanAt } from '../source';
import { policyLabel, type AnyPolicyKind, type PolicyObject } from './kind';

/** The flag that makes envoyc compile a policy as if it were absent, if any (`--no-policies`, `--no-policies-in`). */
export function ignoredBy(kind: Pick<AnyPolicyKind, 'kind'>, p: Loaded<{ metadata: { namespace: string } }>, opts: CompileOptions): string | undefined {
  if (opts.noPolicies === true) return '--no-policies';
  if (Array.isArray(opts.noPolicies) && opts.noPolicies.includes(kind.kind)) return `--no-policies ${kind.kind}`;
  const ns = p.value.metadata.namespace;
  return opts.noPoliciesIn.includes(ns) ? `--no-policies-in ${ns}` : undefined;
}

/** Names each ignored policy in a warning, at what got it ignored (its kind or its namespace). */
export function reportIgnored(p: Loaded<Pick<PolicyObject, 'kind' | 'metadata'>>, flag: string, diags: Diagnostics): void {
  const at = spanAt(p.src, flag.startsWith('--no-policies-in') ? ['metadata', 'namespace'] : ['kind']);
  diags.add(d.policiesIgnored(at, policyLabel(p), flag));
}

/**
 * A `--no-policies-in` namespace that nothing in the inputs is in: most likely a typo, and then
 * the tenant's policies it meant to keep out are applied.
 */
export function reportUnknownNamespaces(resources: Resources, opts: CompileOptions, diags: Diagnostics): void {
  const known = new Set(resources.namespaces.map((n) => n.value.metadata.name));
  for (const ns of opts.noPoliciesIn) if (!known.has(ns)) diags.add(d.ignoredNamespaceUnknown(ns, [...known]));
}
