// BackendTrafficPolicy (gateway.envoyproxy.io/v1alpha1): what is its own; attachment, precedence,
// conflicts and status are 3-merge's generic part.
import type { Loaded } from '../../../1-load/types';
import type { BackendTrafficPolicySpec } from '../../../api/backendtrafficpolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import type { PolicyKind, PolicyObject } from '../../kind';
import { ALL_SCOPES } from '../../scopes';
import { BTP_ENVOY_FIELDS } from './fields';
import { mergeBtp } from './merge';
import { reportBtp } from './report';
import { translationErrors } from './translatable';
import type { BtpExtra } from './types';

export type { AppliedBtp, BtpExtra, RuleOrigin } from './types';
export { RATE_LIMIT_UNIT_SECONDS } from './translatable';

export const BACKEND_TRAFFIC_POLICY: PolicyKind<BackendTrafficPolicySpec, BtpExtra> = {
  kind: 'BackendTrafficPolicy',
  group: ENVOY_GATEWAY_GROUP,
  plural: 'backendTrafficPolicies',
  // Envoy Gateway's route-side Overridden message says "backendTrafficPolicy", singular, for this kind only.
  routeOverriddenNoun: 'backendTrafficPolicy',
  objects: (resources) => resources.policies as Loaded<PolicyObject<BackendTrafficPolicySpec>>[],
  // Gateway, ListenerSet, the xRoutes, and their sections (CRD CEL rules).
  scopes: ALL_SCOPES,
  unit: 'ruleOnListener',
  // TCP and TLS routes take these field by field; `connection` only from route and rule policies (an Envoy Gateway quirk kept for parity).
  l4: {
    fields: ['loadBalancer', 'proxyProtocol', 'healthCheck', 'circuitBreaker', 'tcpKeepalive', 'timeout', 'dns', 'telemetry'],
    routeScopeOnly: ['connection'],
  },
  invalidEffect: 'the routes it targets answer 500',
  deprecatedFields: (spec) => ({
    ...(spec.targetRef !== undefined ? { 'spec.targetRef': 'spec.targetRefs' } : {}),
    ...(spec.compression?.length ? { 'spec.compression': 'spec.compressor' } : {}),
  }),
  translationErrors,
  merge: mergeBtp,
  report: reportBtp,
  envoyFields: BTP_ENVOY_FIELDS,
};
