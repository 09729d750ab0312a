/**
 * Which policy field produces an Envoy field, so `diff` and `explain` can say "this value came
 * from policy P". The tables are each policy kind's own data (`PolicyKind.envoyFields`, next to
 * the kind in 3-merge/kinds/); a test walks each kind's schema and fails on a field they miss.
 * A field no policy controls is attributed to its route rule instead.
 */
import type { AnyPolicyKind, EnvoyFieldTable } from '../3-merge/kind';
import { POLICY_KINDS } from '../3-merge/registry';

/** The spec fields of one kind (dotted paths below `spec`) that can set an Envoy field, most specific first. */
export interface FieldCredit {
  kind: string;
  fields: readonly string[];
}

const FILTERS_PREFIX = 'typed_per_filter_config.';

/** An Envoy path without list positions or list keys: `a[0].b[name].c` → `a.b.c`. */
function plain(path: string): string {
  return path.replace(/\[[^\]]*\]/g, '');
}

function lookup(table: EnvoyFieldTable, path: string): readonly string[] | undefined {
  const hit = table.find(([p]) => (p.startsWith('*') ? path.includes(p.slice(1)) : path === p || path.startsWith(p)));
  return hit?.[1];
}

/** A filter's entry: the filter's name is a key of `typed_per_filter_config` and holds dots itself (and `/<instance>` for a filter per policy or extension). */
function lookupFilter(table: EnvoyFieldTable, rest: string): readonly string[] | undefined {
  return table.find(([name]) => rest === name || rest.startsWith(`${name}.`) || rest.startsWith(`${name}/`))?.[1];
}

/** The policy fields (of every kind that has one) behind an Envoy field of a route or cluster. */
export function policyFieldsFor(kind: 'route' | 'cluster', path: string, kinds: readonly AnyPolicyKind[] = POLICY_KINDS): FieldCredit[] {
  const p = plain(path);
  const out: FieldCredit[] = [];
  for (const k of kinds) {
    const t = k.envoyFields;
    const fields =
      kind === 'cluster' ? lookup(t.cluster, p) : p.startsWith(FILTERS_PREFIX) ? lookupFilter(t.filters, p.slice(FILTERS_PREFIX.length)) : lookup(t.route, p);
    if (fields) out.push({ kind: k.kind, fields });
  }
  return out;
}

/**
 * The policy that set a field: the owner of its top-level field (3-merge records owners per
 * top-level field), provided the effective spec really holds the dotted sub-path.
 */
export function ownerOf(applied: { spec: object; owners: Record<string, string> }, specPath: string): string | undefined {
  const [top, ...rest] = specPath.split('.');
  const owner = applied.owners[top!];
  if (!owner) return undefined;
  let v: any = (applied.spec as any)[top!];
  for (const k of rest) v = v?.[k];
  return v === undefined ? undefined : owner;
}

/** The first policy in force (of the kind each credit names) that set one of the credited fields, and that field. */
export function creditOf(
  apps: readonly { kind: string; applied: { spec: object; owners: Record<string, string> } }[],
  credits: readonly FieldCredit[],
): { owner: string; field: string } | undefined {
  for (const c of credits)
    for (const a of apps) {
      if (a.kind !== c.kind) continue;
      for (const field of c.fields) {
        const owner = ownerOf(a.applied, field);
        if (owner) return { owner, field };
      }
    }
  return undefined;
}
