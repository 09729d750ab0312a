/**
 * "Where did this come from" for `diff`: a changed route or cluster field → the policy (and
 * file:line) that set it, else the route rule. Two sources: a compilation we ran (IR origins and
 * 3-merge owners), or only a bootstrap (Envoy Gateway's `filter_metadata["envoy-gateway"]`).
 */
import { egMetadata, type Json } from './bootstrap-view';
import { creditOf, policyFieldsFor } from './policy-fields';
import { keyLabel, type SourceIndex } from './sources';

export type ObjectKind = 'bootstrap' | 'listener' | 'chain' | 'vhost' | 'route' | 'cluster';

export interface Attributor {
  /** Why a field of a route or cluster has its value. */
  field(kind: ObjectKind, name: string, vhost: string | undefined, path: string, obj: Json): string | undefined;
  /** Which input an object as a whole comes from. */
  object(kind: ObjectKind, name: string, obj: Json): string | undefined;
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(', ');
}

/** Attribution from a compilation: exact owners and file:line. */
/** The HTTPRoute rule field behind a route field, to point at the right line. */
function ruleFieldFor(path: string): string | undefined {
  if (path.startsWith('route.retry_policy')) return 'retry';
  if (path.startsWith('route.timeout') || path.startsWith('route.idle_timeout')) return 'timeouts';
  if (path.startsWith('route.weighted_clusters') || path.startsWith('route.cluster')) return 'backendRefs';
  if (/^(request|response)_headers_to_|^route\.(prefix_rewrite|regex_rewrite|host_rewrite|request_mirror)|^redirect/.test(path)) return 'filters';
  return undefined;
}

export function compiledAttributor(idx: SourceIndex): Attributor {
  const ruleText = (name: string, path?: string): string | undefined => {
    const r = idx.ruleOf(name);
    if (!r) return undefined;
    const field = path === undefined ? undefined : ruleFieldFor(path);
    const fieldAt = field ? idx.fieldAt(r.key, ['spec', 'rules', r.rule, field]) : undefined;
    return join(`${keyLabel(r.key)} rule ${r.rule}${r.match !== undefined && !field ? ` match ${r.match}` : ''}`, fieldAt ?? r.matchAt ?? r.ruleAt);
  };
  const listenerText = (name: string): string | undefined => {
    for (const c of idx.result.ir.configs) {
      const l = c.listeners.find((x) => x.name === name);
      const o = l?.origin[0];
      if (o) return join(keyLabel(o.key), idx.at(o.span));
    }
    return undefined;
  };
  return {
    field(kind, name, vhost, path) {
      if (kind !== 'route' && kind !== 'cluster') return kind === 'listener' ? listenerText(name) : undefined;
      const credit = creditOf(idx.applicationsOf(name, vhost), policyFieldsFor(kind, path));
      if (credit) return join(keyLabel(credit.owner), idx.fieldAt(credit.owner, ['spec', ...credit.field.split('.')]));
      return ruleText(name, path);
    },
    object(kind, name) {
      if (kind === 'route' || kind === 'cluster') return ruleText(name);
      if (kind === 'listener') return listenerText(name);
      return undefined;
    },
  };
}

function refs(list: Json[]): string {
  return list.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ');
}

/** Attribution from a bootstrap alone: the resources and policies Envoy Gateway's metadata names. */
export function metadataAttributor(): Attributor {
  return {
    field(kind, _name, _vhost, path, obj) {
      if (kind !== 'route' && kind !== 'cluster') return undefined;
      const m = egMetadata(obj);
      const credits = policyFieldsFor(kind, path);
      // Metadata names the policies in force, not which field each set: say so rather than guess.
      const inForce =
        credits.length && m.policies.length ? `policies in force: ${refs(m.policies.map((p) => ({ kind: 'BackendTrafficPolicy', ...p })))}` : undefined;
      return [m.resources.length ? refs(m.resources) : undefined, inForce].filter(Boolean).join('; ') || undefined;
    },
    object(_kind, _name, obj) {
      const m = egMetadata(obj);
      return m.resources.length ? refs(m.resources) : undefined;
    },
  };
}
