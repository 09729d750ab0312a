import type { Condition } from '../2-resolve/types';
import { ENVOY_GATEWAY_GROUP, GATEWAY_GROUP } from '../api/meta';
import type { PolicyAncestorStatus } from './types';

/** Envoy Gateway's controller name, reported on every ancestor. */
export const CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The Gateway API CRD's limit on `status.ancestors` entries. */
export const MAX_ANCESTORS = 16;

/** Envoy Gateway bounds the list to one over the limit as it grows (its `policyAncestorsSoftCap`), then truncates. */
const SOFT_CAP = MAX_ANCESTORS + 1;

export interface AncestorRef {
  /**
   * A ListenerSet when the policy (or the route it targets) attaches through one; a Gateway
   * otherwise; for a BackendTLSPolicy an external service uses, the policy or EnvoyProxy naming it.
   */
  kind?: 'ListenerSet' | ExternalOwnerKind;
  namespace: string;
  name: string;
  sectionName?: string;
}

/** Envoy Gateway kinds that name external services (their group is Envoy Gateway's). */
export type ExternalOwnerKind = 'SecurityPolicy' | 'EnvoyExtensionPolicy' | 'EnvoyProxy';
const EXTERNAL_OWNER_KINDS: ReadonlySet<string> = new Set<ExternalOwnerKind>(['SecurityPolicy', 'EnvoyExtensionPolicy', 'EnvoyProxy']);

function ancestorId(a: AncestorRef): string {
  return `${a.kind ?? 'Gateway'}/${a.namespace}/${a.name}/${a.sectionName ?? ''}`;
}

/** Envoy Gateway's rank when ancestors must be cut: not accepted first, then overridden, then the rest. */
function rank(e: PolicyAncestorStatus): number {
  if (e.conditions.some((c) => c.type === 'Accepted' && c.status === 'False')) return 0;
  if (e.conditions.some((c) => c.type === 'Overridden' && c.status === 'True')) return 1;
  return 2;
}

/** Envoy Gateway's order for keeping ancestors: rank, then namespace, then name. */
function compareAncestors(a: PolicyAncestorStatus, b: PolicyAncestorStatus): number {
  const by = rank(a) - rank(b);
  if (by !== 0) return by;
  const [x, y] = [a.ancestorRef, b.ancestorRef];
  if (x.namespace !== y.namespace) return x.namespace < y.namespace ? -1 : 1;
  return x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
}

/** Envoy Gateway's joining of two warning messages: a message already contained in the other is not repeated. */
function joinWarnings(existing: string, next: string): string {
  if (existing.includes(next)) return existing;
  if (next.includes(existing)) return next;
  return `${existing}; ${next}`;
}

/**
 * One policy's `status.ancestors`, built the way Envoy Gateway builds it: ancestors in the order
 * they first get a condition, conditions in the order each type is first set; Accepted=True only
 * when no Accepted is there yet, Accepted=False always overwrites; at most 16 ancestors.
 */
export class PolicyStatusBuilder {
  private readonly ancestors = new Map<string, PolicyAncestorStatus>();

  private entry(a: AncestorRef): PolicyAncestorStatus {
    const id = ancestorId(a);
    let e = this.ancestors.get(id);
    if (!e) {
      e = {
        ancestorRef: {
          group: a.kind && EXTERNAL_OWNER_KINDS.has(a.kind) ? ENVOY_GATEWAY_GROUP : GATEWAY_GROUP,
          kind: a.kind ?? 'Gateway',
          namespace: a.namespace,
          name: a.name,
          ...(a.sectionName !== undefined ? { sectionName: a.sectionName } : {}),
        },
        controllerName: CONTROLLER_NAME,
        conditions: [],
      };
      this.ancestors.set(id, e);
    }
    return e;
  }

  private set(a: AncestorRef, c: Condition): void {
    const isNew = !this.ancestors.has(ancestorId(a));
    const e = this.entry(a);
    const i = e.conditions.findIndex((x) => x.type === c.type);
    if (i === -1) e.conditions.push(c);
    else e.conditions[i] = c;
    if (isNew) this.bound();
  }

  /**
   * Envoy Gateway drops the lowest-ranked ancestor as soon as the list passes its soft cap, so an
   * ancestor dropped early and written again later comes back with only its later conditions.
   */
  private bound(): void {
    if (this.ancestors.size <= SOFT_CAP) return;
    let worst: [string, PolicyAncestorStatus] | undefined;
    for (const entry of this.ancestors) if (!worst || compareAncestors(worst[1], entry[1]) < 0) worst = entry;
    this.ancestors.delete(worst![0]);
  }

  private get(a: AncestorRef, type: string): Condition | undefined {
    return this.ancestors.get(ancestorId(a))?.conditions.find((c) => c.type === type);
  }

  accepted(a: AncestorRef): void {
    if (!this.get(a, 'Accepted')) this.set(a, { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Policy has been accepted.' });
  }

  /** Accepted=False: `Conflicted`, `TargetNotFound`, `Invalid`, or a kind's own reason (BackendTLSPolicy's `NoValidCACertificate`). */
  failed(a: AncestorRef, reason: string, message: string): void {
    this.set(a, { type: 'Accepted', status: 'False', reason, message });
  }

  /** ResolvedRefs, for kinds that report it (BackendTLSPolicy). */
  resolvedRefs(a: AncestorRef, resolved: boolean, reason: string, message: string): void {
    this.set(a, { type: 'ResolvedRefs', status: resolved ? 'True' : 'False', reason, message });
  }

  /** A Warning: joined with one already there; its reason kept while every warning has the same one, else `Warnings`. */
  warning(a: AncestorRef, reason: string, message: string): void {
    if (!message) return;
    const prev = this.get(a, 'Warning');
    if (!prev) return this.set(a, { type: 'Warning', status: 'True', reason, message });
    const joined = joinWarnings(prev.message, message);
    this.set(a, { ...prev, reason: prev.reason === reason ? reason : 'Warnings', message: joined });
  }

  merged(a: AncestorRef, message: string): void {
    this.set(a, { type: 'Merged', status: 'True', reason: 'Merged', message });
  }

  overridden(a: AncestorRef, message: string): void {
    this.set(a, { type: 'Overridden', status: 'True', reason: 'Overridden', message });
  }

  /**
   * `null` when no target resolved (Envoy Gateway leaves ancestors unset). Over 16 ancestors, the
   * 16 ranked first are kept and the last of them says `Aggregated` (Envoy Gateway's
   * `TruncatePolicyAncestors`; where its sort leaves ties unordered, envoyc keeps first-written order).
   */
  build(): PolicyAncestorStatus[] | null {
    if (!this.ancestors.size) return null;
    const list = [...this.ancestors.values()];
    if (list.length <= MAX_ANCESTORS) return list;
    const kept = list.sort(compareAncestors).slice(0, MAX_ANCESTORS);
    const last = kept[MAX_ANCESTORS - 1]!;
    const aggregated: Condition = {
      type: 'Aggregated',
      status: 'True',
      reason: 'Aggregated',
      message: `Ancestors have been truncated because the number of policy ancestors exceeds ${MAX_ANCESTORS}.`,
    };
    kept[MAX_ANCESTORS - 1] = { ...last, conditions: [...last.conditions, aggregated] };
    return kept;
  }
}
