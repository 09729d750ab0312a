// The seam every policy kind plugs into. The generic part of 3-merge (targets, scopes, conflicts,
// mergeType, status) is written once; a kind supplies only what is its own, in its own folder
// under kinds/, and one line in registry.ts. README "Adding a policy kind" lists the steps.
import type { Loaded, ResourceKey, Resources } from '../1-load/types';
import type { ServiceDns } from '../2-resolve/ext-service';
import type { Lookup } from '../2-resolve/lookup';
import type { AttachmentGraph } from '../2-resolve/types';
import type { PolicyTargetReference, TargetSelector } from '../api/backendtrafficpolicy';
import type { ConfigMap } from '../api/core';
import type { ObjectMeta } from '../api/meta';
import type { Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import type { NodePath } from '../source';
import type { PolicyScope, ScopeKind } from './scope-graph';
import type { ScopeDef } from './scopes';
import type { EffectivePolicies } from './types';
import type { Application, UnitName } from './units';

/** The targeting fields Envoy Gateway's policies share (`PolicyTargetReferences`, plus `mergeType`). */
export interface PolicyTargeting {
  /** Deprecated single target; when set, `targetRefs` is ignored entirely (Envoy Gateway). */
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  targetSelectors?: TargetSelector[];
  /** Only kinds that merge (`PolicyKind.merge`) read it. */
  /** `StrategicMerge` or `JSONMerge`: the CRDs' CEL rules reject any other value before 3-merge. */
  mergeType?: string;
}

/** A policy object of any kind, as 3-merge sees it. */
export interface PolicyObject<S extends PolicyTargeting = PolicyTargeting> {
  kind: string;
  metadata: ObjectMeta;
  spec: S;
}

/** Spec fields that say where a policy attaches, not what it does: nobody "owns" them. */
export const TARGETING_FIELDS: ReadonlySet<string> = new Set(['targetRef', 'targetRefs', 'targetSelectors', 'mergeType']);

/** A reason Envoy Gateway would refuse to translate a policy (status Accepted=False/Invalid). */
export interface TranslationError {
  message: string;
  /** The field it is about, for the diagnostic's span. */
  path: NodePath;
  /** Set when the error is a regex Envoy refuses: it is reported as `invalid_regex`. */
  regex?: string;
  /** The applications (keys) it concerns, when not all: a listener-level kind's errors can be one listener's. */
  applications?: readonly string[];
  /** The application is left as if the policy were absent, not made invalid (the policy still holds it when the kind says so). */
  untouched?: boolean;
  /** For kinds that report ResolvedRefs: its reason when this error is the one reported (else the kind's default). */
  refReason?: string;
}

/** A kind whose status carries ResolvedRefs beside Accepted (BackendTLSPolicy), and its reasons when it fails. */
export interface ResolvedRefsReasons {
  /** Accepted=False's reason when the policy fails (instead of `Invalid`). */
  accepted: string;
  /** ResolvedRefs=False's reason when the first error names none. */
  refs: string;
}

/** A Warning condition a kind adds at an ancestor after Accepted (Envoy Gateway's reason and words). */
export interface KindWarning {
  reason: string;
  message: string;
}

/** What a kind's checks may read besides the spec. */
export interface TranslationContext {
  /** The namespace a top-level spec field's references resolve in (a merged spec mixes two policies). */
  namespaceOf(field: string): string;
  /** The policy that wrote a top-level spec field (a merged spec mixes two): names derived from the policy follow it. */
  policyOf(field: string): ResourceKey;
  /** ConfigMaps by `<ns>/<name>`. */
  configMaps: ReadonlyMap<string, Loaded<ConfigMap>>;
  /** Services, Secrets, Namespaces, ReferenceGrants, … by name. */
  lookup: Lookup;
  /** Where this spec is about to apply (checks that depend on the listener, e.g. shared ports). */
  applications: readonly Application[];
  /** How Services resolve by DNS (for backendRefs a policy names itself, e.g. an ext_proc server). */
  serviceDns: ServiceDns;
  /** The kind of scope the policy won (a listener-level kind checks shared ports differently for a listener and a Gateway). */
  scope: ScopeKind;
  /** The attachment graph: the listeners and routes that share an Envoy with the applications. */
  graph: AttachmentGraph;
  /** `--merge-gateways`: every Gateway's listeners share one Envoy. */
  mergeGateways: boolean;
  /**
   * What the kinds before this one (Envoy Gateway's order) put in force, as Envoy Gateway's IR
   * holds it when it translates this kind: a SecurityPolicy's geolocation rules read the listener's
   * ClientTrafficPolicy client IP detection.
   */
  earlier: EffectivePolicies['applied'];
}

/** What a kind's own Overridden wording sees of the scope its policy won. */
export interface ScopeView {
  scope: PolicyScope;
  /** Sections of the scope's resource that policies of their own claimed: rule names of a route, listener names of a Gateway. */
  claimedSections: string[];
  /** Scopes below with policies of their own (Envoy Gateway's overrides graph, with descendants), merged ones left out. */
  overriddenBy: PolicyScope[];
  /** Route scopes whose policies merged into this one. */
  mergedInto: PolicyScope[];
}

/** A spec with the policy it belongs to, for merging. */
export interface Keyed<S> {
  key: ResourceKey;
  namespace: string;
  spec: S;
}

/** A merged spec, and what the kind records about it beyond the spec (spread into `AppliedPolicy`). */
export interface Merged<S, Extra extends object> {
  spec: S;
  extra?: Partial<Extra>;
}

/** Where TCP and TLS routes take a kind's fields one by one (Envoy Gateway's field-level fill). */
export interface L4Fill {
  /** Filled from every scope. */
  fields: readonly string[];
  /** Filled only from route and route-rule policies. */
  routeScopeOnly: readonly string[];
}

/**
 * Envoy field → the spec fields (dotted paths below `spec`) that can set it. The pattern is a
 * prefix of the Envoy field's dotted path (list indexes left out), or with a leading `*` a part
 * found anywhere in it; the first matching entry wins.
 */
export type EnvoyFieldTable = readonly (readonly [pattern: string, fields: readonly string[]])[];

/** The Envoy fields a kind produces, for `diff` and `explain` credit (review/policy-fields.ts). */
export interface EnvoyFieldTables {
  /** Route fields; `route.` is the RouteAction. */
  route: EnvoyFieldTable;
  /** HTTP filter names, as keys of a route's `typed_per_filter_config`. */
  filters: EnvoyFieldTable;
  cluster: EnvoyFieldTable;
  /** Spec fields that produce no route or cluster field, and why (a test walks the schema and checks every field is listed somewhere). */
  elsewhere: Readonly<Record<string, string>>;
}

/**
 * One policy kind. `S` is its spec, `Extra` what its merge adds to an applied policy.
 * Everything generic (which target wins, conflicts, mergeType parents, status, truncation) is
 * not here: it is the same for every kind, as Envoy Gateway's shared `policy.go` helpers are.
 */
export interface PolicyKind<S extends PolicyTargeting = PolicyTargeting, Extra extends object = object> {
  /** The Kubernetes kind, e.g. `BackendTrafficPolicy`. */
  kind: string;
  /** Its API group (a cross-namespace selector needs a ReferenceGrant from this group and kind). */
  group: string;
  /** Envoy Gateway's plural in parent-side messages ("other backendTrafficPolicies") and the `--status` list name. */
  plural: string;
  /** The noun of the route-side Overridden message (Envoy Gateway writes `backendTrafficPolicy` for this one kind). */
  routeOverriddenNoun: string;
  /** Its objects, in provider order. */
  objects(resources: Resources): Loaded<PolicyObject<S>>[];
  /** The scopes it may target, most specific first: one pass each, in this order. */
  scopes: readonly ScopeDef[];
  /** What one application is: a route rule on a listener, or a listener. */
  unit: UnitName;
  /** How TCP and TLS routes take it; absent: like HTTP routes, the most specific policy whole. */
  l4?: L4Fill;
  /** What an invalid policy does to what it targets, for the `policy_invalid` diagnostic. */
  invalidEffect: string;
  /**
   * An invalid policy still holds what it targets, spec and all, so a less specific one does not
   * apply there and lowering decides what the failure does (Envoy Gateway: ClientTrafficPolicy claims
   * a section before translating it; a failed EnvoyExtensionPolicy keeps its routes, with its failOpen
   * extensions' survivors). Absent: an invalid policy leaves its applications open to a less specific one.
   */
  holdsWhenInvalid?: boolean;
  /** Reports ResolvedRefs too: True before Accepted when it translates, False after Accepted=False when it does not (Envoy Gateway's order). */
  resolvedRefs?: ResolvedRefsReasons;
  /** Deprecated fields in use: `spec.x` → its replacement (Envoy Gateway's map; status Warning and diagnostics). */
  deprecatedFields(spec: S): Record<string, string>;
  /** Why Envoy Gateway would not translate the spec (empty when it would). */
  translationErrors(spec: S, ctx: TranslationContext): TranslationError[];
  /** Warnings of its own at each ancestor, after Accepted and before deprecations (ClientTrafficPolicy's HTTP/3 one). */
  warnings?(spec: S, ctx: TranslationContext): KindWarning[];
  /** mergeType support: the route policy's spec merged over its parent's. Absent: mergeType is ignored. */
  merge?(parent: Keyed<S>, route: Keyed<S>, type: 'StrategicMerge' | 'JSONMerge'): Merged<S, Extra>;
  /** The kind's own warnings about a policy (fields accepted but not translated, …). */
  report?(policy: Loaded<PolicyObject<S>>, opts: CompileOptions, diags: Diagnostics): void;
  /**
   * Overridden in the kind's own words and at its own moment, replacing Envoy Gateway's shared
   * Overridden/Merged wording (ClientTrafficPolicy: "There are existing ClientTrafficPolicies that
   * are overriding these sections [...]", written before Accepted).
   */
  overridden?: { beforeApply: boolean; message(view: ScopeView): string | undefined };
  /** A conflict message of its own for a scope (Envoy Gateway words ClientTrafficPolicy's and BackendTLSPolicy's differently). */
  conflictMessage?(
    scope: ScopeDef['kind'],
    target: { name: string; namespace: string; sectionName?: string },
    winner: Loaded<PolicyObject>,
  ): string | undefined;
  /** A TargetNotFound message of its own for a section that does not exist (Envoy Gateway words ClientTrafficPolicy's ListenerSet one differently). */
  missingSectionMessage?(scope: ScopeDef['kind'], target: { name: string; namespace: string; sectionName?: string }): string | undefined;
  /** The Envoy fields it produces, for review. */
  envoyFields: EnvoyFieldTables;
}

/** `Kind ns/name`, as messages name a policy. */
export function policyLabel(p: Loaded<Pick<PolicyObject, 'kind' | 'metadata'>>): string {
  return `${p.value.kind} ${p.value.metadata.namespace}/${p.value.metadata.name}`;
}

/** A kind of any spec, as the registry and the generic passes hold it (a kind's own code is typed by its spec). */
export type AnyPolicyKind = PolicyKind<any, any>;
