import type { Condition } from '../2-resolve/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { PolicyAncestorStatus } from './types';

/** Envoy Gateway's controller name, reported on every ancestor. */
export const CONTROLLER_NAME = 'gateway.envoyproxy.io/gatewayclass-controller';

export interface AncestorRef {
  namespace: string;
  name: string;
  sectionName?: string;
}

function ancestorId(a: AncestorRef): string {
  return `${a.namespace}/${a.name}/${a.sectionName ?? ''}`;
}

/**
 * One policy's `status.ancestors`, built the way Envoy Gateway builds it: ancestors in the order
 * they first get a condition, conditions in the order each type is first set; Accepted=True only
 * when no Accepted is there yet, Accepted=False always overwrites.
 */
export class PolicyStatusBuilder {
  private readonly ancestors = new Map<string, PolicyAncestorStatus>();

  private entry(a: AncestorRef): PolicyAncestorStatus {
    const id = ancestorId(a);
    let e = this.ancestors.get(id);
    if (!e) {
      e = {
        ancestorRef: {
          group: GATEWAY_GROUP,
          kind: 'Gateway',
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
    const e = this.entry(a);
    const i = e.conditions.findIndex((x) => x.type === c.type);
    if (i === -1) e.conditions.push(c);
    else e.conditions[i] = c;
  }

  private get(a: AncestorRef, type: string): Condition | undefined {
    return this.ancestors.get(ancestorId(a))?.conditions.find((c) => c.type === type);
  }

  accepted(a: AncestorRef): void {
    if (!this.get(a, 'Accepted')) this.set(a, { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Policy has been accepted.' });
  }

  failed(a: AncestorRef, reason: 'Conflicted' | 'TargetNotFound' | 'Invalid', message: string): void {
    this.set(a, { type: 'Accepted', status: 'False', reason, message });
  }

  warning(a: AncestorRef, message: string): void {
    const prev = this.get(a, 'Warning');
    if (prev && prev.message.includes(message)) return;
    this.set(
      a,
      prev ? { ...prev, reason: 'Warnings', message: `${prev.message}; ${message}` } : { type: 'Warning', status: 'True', reason: 'DeprecatedField', message },
    );
  }

  merged(a: AncestorRef, message: string): void {
    this.set(a, { type: 'Merged', status: 'True', reason: 'Merged', message });
  }

  overridden(a: AncestorRef, message: string): void {
    this.set(a, { type: 'Overridden', status: 'True', reason: 'Overridden', message });
  }

  /** Every ancestor reached so far, for policies that apply to a scope as a whole. */
  all(): AncestorRef[] {
    return [...this.ancestors.values()].map((e) => ({
      namespace: e.ancestorRef.namespace,
      name: e.ancestorRef.name,
      ...(e.ancestorRef.sectionName !== undefined ? { sectionName: e.ancestorRef.sectionName } : {}),
    }));
  }

  /** `null` when no target resolved (Envoy Gateway leaves ancestors unset). */
  build(): PolicyAncestorStatus[] | null {
    return this.ancestors.size ? [...this.ancestors.values()] : null;
  }
}

/** Envoy Gateway's parent-side scope list: `these gateway listeners: [a b] and these routes: [c]`. */
export function scopeList(listeners: Iterable<string>, routes: Iterable<string>): string {
  const groups: string[] = [];
  const ls = [...new Set(listeners)].sort();
  const rs = [...new Set(routes)].sort();
  if (ls.length) groups.push(`these gateway listeners: [${ls.join(' ')}]`);
  if (rs.length) groups.push(`these routes: [${rs.join(' ')}]`);
  return groups.join(' and ');
}
