// EnvoyExtensionPolicy (gateway.envoyproxy.io/v1alpha1): Lua, ext_proc and Wasm filters on the
// routes it targets. What is its own lives here; attachment, precedence, mergeType, conflicts and
// status are 3-merge's generic part, as Envoy Gateway's shared helpers are.
import type { Loaded } from '../../../1-load/types';
import type { EnvoyExtensionPolicySpec } from '../../../api/generated/envoyextensionpolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import type { PolicyKind, PolicyObject, TranslationContext } from '../../kind';
import { mergePatch } from '../../../units/merge-patch';
import { ALL_SCOPES } from '../../scopes';
import type { GatewayNode } from '../../../2-resolve/types';
import { buildExtensions, type Owners } from './extensions';
import type { LuaValidation } from './lua';
import { EEP_ENVOY_FIELDS } from './fields';
import { reportEep } from './report';

export { buildExtensions, type BuiltExtensions, type Owners } from './extensions';
export type { WasmFetch } from './wasm';

/** Envoy Gateway's Lua validation level when the Gateway's EnvoyProxy sets none. */
export const LUA_VALIDATION: LuaValidation = 'Strict';

/** The Lua validation level of a Gateway's Envoy: its EnvoyProxy's `luaValidation`, else Envoy Gateway's default. */
export function luaValidationOf(gateway: GatewayNode | undefined): LuaValidation {
  return gateway?.envoyProxy?.proxy.value.spec.luaValidation ?? LUA_VALIDATION;
}

/** The policy that wrote each extension list, from a translation context. */
export function ownersOf(ctx: Pick<TranslationContext, 'policyOf'>): Owners {
  const of = (field: string) => {
    const [, namespace, name] = ctx.policyOf(field).split('/');
    return { namespace: namespace!, name: name! };
  };
  return { lua: of('lua'), extProc: of('extProc'), wasm: of('wasm') };
}

export const ENVOY_EXTENSION_POLICY: PolicyKind<EnvoyExtensionPolicySpec> = {
  kind: 'EnvoyExtensionPolicy',
  group: ENVOY_GATEWAY_GROUP,
  plural: 'envoyExtensionPolicies',
  routeOverriddenNoun: 'envoyExtensionPolicies',
  objects: (resources) => resources.envoyExtensionPolicies as Loaded<PolicyObject<EnvoyExtensionPolicySpec>>[],
  scopes: ALL_SCOPES,
  unit: 'ruleOnListener',
  holdsWhenInvalid: true,
  invalidEffect: 'the routes it targets answer 500 (a failed failOpen ext-proc or Wasm extension is left out instead)',
  deprecatedFields: (spec): Record<string, string> => (spec.targetRef !== undefined ? { 'spec.targetRef': 'spec.targetRefs' } : {}),
  // Checked as the first Gateway it applies to checks it (Envoy Gateway translates per Gateway).
  translationErrors: (spec, ctx) => buildExtensions(spec, ownersOf(ctx), luaValidationOf(ctx.applications[0]?.gateway), ctx).errors,
  // Envoy Gateway's utils.Merge; its extension lists have no merge key, so a route's list replaces the parent's.
  merge: (parent, route, type) => ({ spec: mergePatch(parent.spec, route.spec, type, new Map()) as EnvoyExtensionPolicySpec }),
  report: reportEep,
  envoyFields: EEP_ENVOY_FIELDS,
};
