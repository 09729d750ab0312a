import { error, note, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// 2-resolve and 4-lower: EnvoyProxy, attached through a GatewayClass's or Gateway's parametersRef.

/** A parametersRef Envoy Gateway refuses (wrong group or kind, no such EnvoyProxy): its GatewayClass or Gateway is not accepted. */
export const parametersRefInvalid = (at: Span, owner: string, message: string): Diagnostic =>
  error('parameters_ref_invalid', at, `${owner}: Invalid parametersRef: ${message}`);

/** An EnvoyProxy Envoy Gateway refuses (its own validation, a CEL match that does not parse, a sink's backendRef): its Gateways are not accepted. */
export const envoyProxyInvalid = (at: Span, proxy: string, message: string): Diagnostic =>
  error('envoy_proxy_invalid', at, `EnvoyProxy ${proxy}: ${message}; the Gateways it shapes are not accepted`);

/** A setting with nothing to do in a static bootstrap (Kubernetes objects: Deployment, Service, HPA, …): read and ignored. */
export const envoyProxyFieldIgnored = (at: Span, proxy: string, field: string, why: string): Diagnostic =>
  note('envoy_proxy_field_ignored', at, `EnvoyProxy ${proxy}: ${field} is ignored: ${why}`);

/** A bootstrap JSON patch that does not apply to the bootstrap envoyc wrote: nothing is written. */
/** A Replace bootstrap's Envoy Gateway xDS plumbing, left out: a static bootstrap holds the config itself. */
export const bootstrapXdsDropped = (at: Span, proxy: string, parts: string[]): Diagnostic =>
  note(
    'bootstrap_xds_dropped',
    at,
    `EnvoyProxy ${proxy}: the Replace bootstrap's ${parts.join(', ')} left out: they fetch Envoy Gateway's translated config over xDS, which this static bootstrap holds itself`,
  );

export const bootstrapPatchFailed = (at: Span, proxy: string, problem: string): Diagnostic =>
  error('bootstrap_patch_failed', at, `EnvoyProxy ${proxy}: the bootstrap patch does not apply to the bootstrap envoyc writes: ${problem}`);
