import type { ClientTrafficPolicySpec } from '../../../api/clienttrafficpolicy';
import type { KindWarning, TranslationContext } from '../../kind';
import { listenerOf } from './listeners';

/**
 * Envoy does not validate client certificates over QUIC, so Envoy Gateway leaves HTTP/3 off on an
 * HTTPS listener whose policy asks for both (and says so).
 */
export function http3Disabled(spec: ClientTrafficPolicySpec): boolean {
  return spec.http3 !== undefined && spec.tls?.clientValidation !== undefined;
}

/** Envoy Gateway's Warning (UnsupportedHTTP3ClientValidation) naming the HTTPS listeners it left HTTP/3 off on. */
export function http3Warnings(spec: ClientTrafficPolicySpec, ctx: TranslationContext): KindWarning[] {
  if (!http3Disabled(spec)) return [];
  const names = ctx.applications
    .map(listenerOf)
    .filter((l) => l.programmed && l.protocol === 'HTTPS')
    .map((l) => l.name);
  if (names.length === 0) return [];
  const target = names.length === 1 ? `listener "${names[0]}"` : `listeners [${names.sort().join(' ')}]`;
  return [
    {
      reason: 'UnsupportedHTTP3ClientValidation',
      message: `HTTP/3 was disabled for ${target} because Envoy does not support downstream client TLS validation over QUIC`,
    },
  ];
}
