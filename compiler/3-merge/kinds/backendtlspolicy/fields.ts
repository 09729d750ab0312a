import type { EnvoyFieldTables } from '../../kind';

/**
 * A BackendTLSPolicy sets a cluster's upstream TLS: the transport socket chosen for the endpoints
 * of the backends it targets, and the secrets it names. It applies per backendRef, so `explain`
 * (which credits per route rule) shows the cluster's TLS without naming the policy.
 */
export const BTLS_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [],
  filters: [],
  // Only upstream TLS writes these; the ALPN auto config and auto SNI it implies share the cluster's
  // protocol options with BackendTrafficPolicy's settings, credited there.
  cluster: [['transport_socket_matches', ['validation']]],
  elsewhere: {
    targetRefs: 'where the policy attaches',
    options: 'Envoy Gateway v1.9 reads no options: accepted, not translated',
  },
};
