// Every policy kind envoyc translates, in Envoy Gateway's `Translate()` order. Adding a kind is a
// folder under kinds/ and one line here (README "Adding a policy kind").
import type { AnyPolicyKind } from './kind';
import { BACKEND_TLS_POLICY } from './kinds/backendtlspolicy';
import { BACKEND_TRAFFIC_POLICY } from './kinds/backendtrafficpolicy';
import { CLIENT_TRAFFIC_POLICY } from './kinds/clienttrafficpolicy';
import { ENVOY_EXTENSION_POLICY } from './kinds/envoyextensionpolicy';
import { SECURITY_POLICY } from './kinds/securitypolicy';

/** In Envoy Gateway's Translate() order (BackendTLSPolicy's status is written last, after the routes that use it). */
export const POLICY_KINDS: readonly AnyPolicyKind[] = [
  CLIENT_TRAFFIC_POLICY,
  BACKEND_TRAFFIC_POLICY,
  SECURITY_POLICY,
  ENVOY_EXTENSION_POLICY,
  BACKEND_TLS_POLICY,
];

/** The registered kind of this name, if any. */
export function findPolicyKind(name: string, kinds: readonly AnyPolicyKind[] = POLICY_KINDS): AnyPolicyKind | undefined {
  return kinds.find((k) => k.kind === name);
}
