// The versions envoyc follows, in one place: the generators, the schema check, `--version` and the README read these.

/** The Envoy release envoyc writes bootstraps for, and whose API schema (`proto/`) checks them. */
export const ENVOY_VERSION = '1.40.0';

/** The Envoy Gateway release whose names, defaults, precedence and status envoyc follows. */
export const ENVOY_GATEWAY_VERSION = 'v1.9.0';

/** The Gateway API release that Envoy Gateway v1.9.0 bundles (standard and experimental channels). */
export const GATEWAY_API_VERSION = 'v1.6.1';

/** What `envoyc --version` prints: envoyc's own version and the releases it follows. */
export function versionText(envoycVersion: string): string {
  return `envoyc ${envoycVersion}, following Envoy Gateway ${ENVOY_GATEWAY_VERSION} and Gateway API ${GATEWAY_API_VERSION}, for Envoy ${ENVOY_VERSION}`;
}
