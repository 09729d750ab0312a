// ClientTrafficPolicy (gateway.envoyproxy.io/v1alpha1): what is its own; attachment, precedence,
// conflicts and status are 3-merge's generic part. It applies per Gateway listener: a listener's
// own policy wins over the Gateway's, and a listener it holds stays its even when it fails.
import type { Loaded } from '../../../1-load/types';
import type { ClientTrafficPolicySpec } from '../../../api/clienttrafficpolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import type { PolicyKind, PolicyObject, ScopeView } from '../../kind';
import { GATEWAY, GATEWAY_LISTENER, LISTENER_SET, LISTENER_SET_LISTENER } from '../../scopes';
import { CTP_ENVOY_FIELDS } from './fields';
import { http3Warnings } from './http3';
import { reportCtp } from './report';
import { translationErrors } from './translatable';

export { http10DefaultHost, listenerOf, terminatesTls } from './listeners';
export { readClientTls, type ClientTlsData } from './tls';

/** Envoy Gateway's Overridden words for a Gateway-wide or ListenerSet-wide policy whose listeners have policies of their own. */
function overriddenMessage(view: ScopeView): string | undefined {
  if ((view.scope.kind !== 'Gateway' && view.scope.kind !== 'ListenerSet') || view.claimedSections.length === 0) return undefined;
  return `There are existing ClientTrafficPolicies that are overriding these sections [${view.claimedSections.join(' ')}]`;
}

export const CLIENT_TRAFFIC_POLICY: PolicyKind<ClientTrafficPolicySpec> = {
  kind: 'ClientTrafficPolicy',
  group: ENVOY_GATEWAY_GROUP,
  plural: 'clientTrafficPolicies',
  routeOverriddenNoun: 'clientTrafficPolicy',
  objects: (resources) => resources.clientTrafficPolicies as Loaded<PolicyObject<ClientTrafficPolicySpec>>[],
  // Sections first, then whole ListenerSets, then whole Gateways (Envoy Gateway's three passes; a
  // Gateway's listeners and a ListenerSet's never overlap, so their order within a pass is free).
  scopes: [LISTENER_SET_LISTENER, LISTENER_SET, GATEWAY_LISTENER, GATEWAY],
  unit: 'listener',
  invalidEffect:
    "the routes of the listeners it fails on answer 500 (TCP and TLS listeners lose their routes), and the listener keeps Envoy Gateway's defaults",
  holdsWhenInvalid: true,
  deprecatedFields: (spec) => ({
    ...(spec.enableProxyProtocol !== undefined ? { 'spec.enableProxyProtocol': 'spec.proxyProtocol' } : {}),
    ...(spec.headers?.preserveXRequestID !== undefined ? { 'spec.headers.preserveXRequestID': 'spec.headers.requestID' } : {}),
    ...(spec.targetRef !== undefined ? { 'spec.targetRef': 'spec.targetRefs' } : {}),
    ...(spec.tls?.clientValidation?.optional ? { 'spec.tls.clientValidation.optional': 'spec.tls.clientValidation.mode' } : {}),
  }),
  translationErrors,
  warnings: http3Warnings,
  report: (p, _opts, diags) => reportCtp(p, diags),
  overridden: { beforeApply: true, message: overriddenMessage },
  conflictMessage: (scope, target) =>
    scope === 'GatewayListener' || scope === 'ListenerSetListener'
      ? `Unable to target section of ${target.name}, another ClientTrafficPolicy has already attached to it`
      : undefined,
  missingSectionMessage: (scope, target) =>
    scope === 'ListenerSetListener' ? `ListenerSet ${target.namespace}/${target.name} does not have a listener named "${target.sectionName}"` : undefined,
  envoyFields: CTP_ENVOY_FIELDS,
};
