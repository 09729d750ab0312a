import { error, note, warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';
import { ENVOY_GATEWAY_VERSION as EG } from '../../versions';

// 2-resolve: Gateways and listeners

export const gatewayClassNotManaged = (at: Span, className: string, known: string): Diagnostic =>
  warning('gateway_class_not_managed', at, `gatewayClassName ${className} names no GatewayClass in the inputs${known}; the Gateway is ignored`);

export const listenerInvalid = (at: Span, listener: string, message: string): Diagnostic =>
  warning('listener_invalid', at, `listener ${listener} is not programmed: ${message}`);

export const listenerConflict = (at: Span, listener: string, message: string): Diagnostic =>
  warning('listener_conflict', at, `listener ${listener} is not programmed: ${message}`);

/** `programmed`: the listener still serves its other, valid certificates. */
export const certificateRefInvalid = (at: Span, listener: string, message: string, programmed: boolean): Diagnostic =>
  warning(
    'certificate_ref_invalid',
    at,
    programmed ? `listener ${listener} leaves out a certificate: ${message}` : `listener ${listener} is not programmed: ${message}`,
  );

export const listenerTlsOverlapping = (at: Span, listener: string, san: string, other: string, otherSan: string): Diagnostic =>
  warning(
    'listener_tls_overlapping',
    at,
    `listener ${listener} offers HTTP/1.1 only: its certificate SAN ${san} overlaps ${otherSan} of listener ${other} on the same port (Envoy Gateway's guard against HTTP/2 connection coalescing)`,
  );

// 2-resolve: values Envoy refuses

export const valueUnsupportedByEnvoy = (at: Span | undefined, object: string, field: string, problem: string): Diagnostic =>
  error('value_unsupported_by_envoy', at, `${object}: ${field}: ${problem}`);

export const backendFieldNotTranslated = (at: Span, backend: string, field: string, why: string): Diagnostic =>
  warning('backend_field_not_translated', at, `Backend ${backend}: ${field} is accepted but not translated: ${why}`);

export const gatewayBackendTlsInvalid = (at: Span, gateway: string, message: string): Diagnostic =>
  warning(
    'gateway_backend_tls_invalid',
    at,
    `Gateway ${gateway}: spec.tls.backend cannot be used (${message}); its backends get no client certificate, as in Envoy Gateway`,
  );

export const frontendValidationInvalid = (at: Span, gateway: string, message: string): Diagnostic =>
  warning(
    'frontend_validation_invalid',
    at,
    `Gateway ${gateway}: spec.tls.frontend cannot be used (${message}); the HTTPS listeners it covers are not programmed`,
  );

// 2-resolve: route attachment

export const routeWithoutParents = (at: Span, route: string): Diagnostic =>
  warning('route_without_parents', at, `${route} has no parentRefs, so it attaches to nothing`);

export const parentNotFound = (at: Span, route: string, parent: string, hint: string): Diagnostic =>
  warning('parent_ref_not_found', at, `${route}: parentRef ${parent} does not match any Gateway${hint}`);

/** A Gateway address of a type Envoy Gateway does not serve: the Gateway is not accepted (`UnsupportedAddress`). */
export const gatewayAddressUnsupported = (at: Span, gateway: string, message: string): Diagnostic =>
  error('gateway_address_unsupported', at, `Gateway ${gateway} is not accepted (UnsupportedAddress): ${message}`);

/** An IPAddress or Hostname address: in Envoy Gateway the proxy's Kubernetes Service address, nothing in Envoy's config. */
export const gatewayAddressIgnored = (at: Span, gateway: string, address: string): Diagnostic =>
  note(
    'gateway_address_ignored',
    at,
    `Gateway ${gateway}: address ${address} is ignored: Envoy Gateway gives it to the proxy's Kubernetes Service, and its listeners bind every interface as envoyc's do`,
  );

/** A ListenerSet its Gateway's `allowedListeners` does not let attach: none of its listeners reach Envoy. */
export const listenerSetNotAllowed = (at: Span, listenerSet: string, message: string): Diagnostic =>
  warning('listener_set_not_allowed', at, `ListenerSet ${listenerSet} is not accepted (NotAllowed): ${message}; its listeners are not programmed`);

/** A route parentRef to a ListenerSet that adds no listeners to a managed Gateway (Envoy Gateway skips it). */
export const listenerSetParentNotFound = (at: Span, route: string, listenerSet: string): Diagnostic =>
  warning(
    'parent_ref_not_found',
    at,
    `${route}: parentRef ListenerSet ${listenerSet} names no ListenerSet whose listeners a managed Gateway accepted; the parentRef is ignored`,
  );

export const routeNotAttached = (at: Span, route: string, reason: string, message: string): Diagnostic =>
  warning('route_not_attached', at, `${route} is not attached (${reason}): ${message}`);

export const tcpRouteRuleCount = (at: Span, route: string): Diagnostic => warning('tcp_route_rule_count', at, `${route}: One and only one rule is supported`);

/** `route` and `winner` are `Kind ns/name`: a TCPRoute or UDPRoute after the oldest of its kind on a listener. */
export const tcpRouteShadowed = (at: Span, route: string, listener: string, winner: string): Diagnostic =>
  warning(
    'tcp_route_shadowed',
    at,
    `${route} is accepted but not programmed: listener ${listener} already serves ${winner} (only the oldest ${winner.slice(0, winner.indexOf(' '))} per listener is)`,
  );

// 2-resolve: backendRefs

/**
 * `share`: this backendRef's weight and the rule's total, when other backendRefs still take traffic.
 * `status` `closed`: a TCP, TLS or UDP route, whose listener then has no upstream for it.
 */
export const backendRefInvalid = (
  at: Span,
  route: string,
  reason: string,
  message: string,
  status: number | 'closed',
  share?: { weight: number; total: number },
  hint?: string,
): Diagnostic =>
  warning(
    'backend_ref_invalid',
    at,
    `${route}: ${message} (${reason}); ${
      status === 'closed'
        ? 'its traffic goes nowhere (an empty cluster)'
        : `${share ? `its share of the rule's traffic (weight ${share.weight} of ${share.total}) answers` : 'the rule answers'} ${status}`
    }${hint ? ` (${hint})` : ''}`,
  );

/** A TLS passthrough route whose backend speaks TLS: Envoy wraps the client's TLS in its own, as Envoy Gateway writes it. */
export const upstreamTlsInPassthrough = (at: Span, route: string, listener: string): Diagnostic =>
  warning(
    'upstream_tls_in_passthrough',
    at,
    `${route}: listener ${listener} passes the client's TLS through, and the backend's upstream TLS (a BackendTLSPolicy or the Backend's tls) wraps it in another TLS connection, as Envoy Gateway writes it; the backend then sees TLS inside TLS. Remove the upstream TLS for this backend, or terminate TLS on the listener`,
  );

/** An external service's upstream TLS that cannot be built (the Gateway's client settings): nothing is written. */
export const externalServiceTlsInvalid = (at: Span, owner: string, message: string): Diagnostic =>
  error(
    'external_service_tls_invalid',
    at,
    `${owner}: the upstream TLS of an external service it names cannot be built: ${message}; nothing is written (Envoy Gateway fails the policy)`,
  );

export const routeFilterInvalid = (at: Span, route: string, rule: number, message: string, reason = 'UnsupportedValue'): Diagnostic =>
  warning('route_filter_invalid', at, `${route} rule ${rule}: ${message} (${reason}); the rule answers 500`);

/** An `ExtensionRef` filter naming an HTTPRouteFilter that is not in the inputs (Envoy Gateway: ResolvedRefs False). */
export const routeFilterNotFound = (at: Span, route: string, rule: number, message: string): Diagnostic =>
  warning('route_filter_not_found', at, `${route} rule ${rule}: ${message} (ResolvedRefs: UnsupportedValue); the rule answers 500`);

/** A field Envoy Gateway v1.9 does not read on this kind: left out, as there. */
export const fieldIgnored = (at: Span, route: string, field: string, why: string): Diagnostic =>
  note('field_ignored', at, `${route}: ${field} ignored, as Envoy Gateway ${EG} ignores it: ${why}`);

// 2-resolve: --merge-gateways

export const mergedGatewaysConflict = (at: Span, message: string): Diagnostic => error('merged_gateways_conflict', at, `--merge-gateways: ${message}`);
