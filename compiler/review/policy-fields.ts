/**
 * Which policy field (a dotted path below `spec`, as 3-merge records owners per top-level field)
 * produces an Envoy field. Used to say "this value came from policy P" in `diff` and `explain`.
 * The tables are each policy kind's own (`PolicyKind.envoyFields`); a field no policy controls maps
 * to undefined and is attributed to its route rule instead.
 */
import type { EnvoyFieldTable } from '../3-merge/kind';
import { POLICY_KINDS } from '../3-merge/registry';

function lookup(table: EnvoyFieldTable, path: string): string | undefined {
  const hit = table.find(([p]) => (p.startsWith('*') ? path.includes(p.slice(1)) : path === p || path.startsWith(p)));
  return hit?.[1][0];
}

/**
 * The policy that set a field: the owner of its top-level field (3-merge records owners per
 * top-level field), provided the effective spec really holds the dotted sub-path.
 */
export function ownerOf(applied: { spec: object; owners: Record<string, string> }, btpPath: string): string | undefined {
  const [top, ...rest] = btpPath.split('.');
  const owner = applied.owners[top!];
  if (!owner) return undefined;
  let v: any = (applied.spec as any)[top!];
  for (const k of rest) v = v?.[k];
  return v === undefined ? undefined : owner;
}

/** The policy field (a dotted path below `spec`) behind a changed Envoy field of a route or cluster, if a policy can set it. */
export function policyFieldFor(kind: 'route' | 'cluster', path: string): string | undefined {
  for (const k of POLICY_KINDS) {
    const tables = k.envoyFields;
    if (kind === 'cluster') {
      const hit = lookup(tables.cluster, path);
      if (hit) return hit;
      continue;
    }
    const m = /^typed_per_filter_config\.([^.[]+)/.exec(path);
    const hit = m ? lookup(tables.filters, m[1]!) : lookup(tables.route, path);
    if (hit) return hit;
  }
  return undefined;
}
