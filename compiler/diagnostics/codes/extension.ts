import { error, warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// EnvoyExtensionPolicy fields a static bootstrap cannot carry (3-merge, the kind's report).

/** Something Envoy Gateway needs its control plane for; envoyc leaves it out and says what that does. */
export const policyFieldNeedsControlPlane = (at: Span, policy: string, field: string, why: string): Diagnostic =>
  warning('policy_field_ineffective', at, `${policy}: ${field} cannot work in a static bootstrap: ${why}`);

/** A field Envoy Gateway translates and envoyc does not (yet): an error, since the Envoy written would lack it. */
export const policyFieldUnsupported = (at: Span, policy: string, field: string, why: string): Diagnostic =>
  error('policy_field_unsupported', at, `${policy}: ${field} is not translated by envoyc: ${why}`);

/** OIDC without the provider endpoints Envoy Gateway would discover from the issuer: envoyc works offline. */
export const oidcEndpointsMissing = (at: Span, policy: string, issuer: string, fields: string[]): Diagnostic =>
  error(
    'oidc_endpoints_missing',
    at,
    `${policy}: envoyc works offline and cannot discover the OIDC endpoints from ${issuer}/.well-known/openid-configuration: set ${fields.join(' and ')} (from that document; provider.endSessionEndpoint too for logout)`,
  );
