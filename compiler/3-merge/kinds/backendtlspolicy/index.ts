// BackendTLSPolicy (gateway.networking.k8s.io, v1 and v1alpha3): what is its own; attachment,
// conflicts and status are 3-merge's generic part. It applies per backendRef: a policy on a
// Service port (or a Backend port) wins over one on the whole object, and a second policy on the
// same target is Conflicted, as Envoy Gateway's getBackendTLSPolicy and
// ProcessBackendTLSPolicyStatus decide. 4-lower merges it with the Backend's own `tls`.
import type { Loaded } from '../../../1-load/types';
import type { BackendTLSPolicySpec } from '../../../api/generated/backendtlspolicy';
import { GATEWAY_GROUP } from '../../../api/meta';
import type { PolicyKind, PolicyObject, PolicyTargeting } from '../../kind';
import { BTLS_ENVOY_FIELDS } from './fields';
import { reportBtls } from './report';
import { BACKEND_OBJECT, BACKEND_SECTION } from './scopes';
import { translationErrors } from './translatable';

export { backendRefKey } from './scopes';
export { readPolicyTls, SYSTEM_TRUST_STORE_SECRET, type PolicyTlsData } from './translatable';

/** The spec as the seam sees it (its targetRefs are local refs with a sectionName). */
export type BtlsSpec = BackendTLSPolicySpec & PolicyTargeting;

export const BACKEND_TLS_POLICY: PolicyKind<BtlsSpec> = {
  kind: 'BackendTLSPolicy',
  group: GATEWAY_GROUP,
  plural: 'backendTLSPolicies',
  routeOverriddenNoun: 'backendTLSPolicy',
  objects: (resources) => resources.backendTlsPolicies as Loaded<PolicyObject<BtlsSpec>>[],
  // Ports first, then whole objects (Envoy Gateway prefers a policy naming the section).
  scopes: [BACKEND_SECTION, BACKEND_OBJECT],
  unit: 'backendRef',
  invalidEffect: 'the backendRefs it targets are invalid (their share of traffic answers 500) and their routes report InvalidBackendTLS',
  // The first policy to reach a backendRef is the one Envoy Gateway uses, translated or not.
  holdsWhenInvalid: true,
  resolvedRefs: { accepted: 'NoValidCACertificate', refs: 'InvalidCACertificateRef' },
  deprecatedFields: () => ({}),
  translationErrors,
  report: (p, _opts, diags) => reportBtls(p, diags),
  conflictMessage: (_scope, _target, winner) => `Policy conflicts with BackendTLSPolicy ${winner.value.metadata.namespace}/${winner.value.metadata.name}.`,
  envoyFields: BTLS_ENVOY_FIELDS,
};
