import type { EnvoyFieldTables } from '../../kind';

/**
 * A BackendTLSPolicy sets a cluster's upstream TLS: the transport socket chosen for the endpoints
 * of the backends it targets, and the secrets it names.
 */
export const BTLS_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [],
  filters: [],
  cluster: [
    ['transport_socket_matches', ['validation']],
    ['transport_socket', ['validation']],
    ['typed_extension_protocol_options', ['validation']],
  ],
  elsewhere: {
    targetRefs: 'where the policy attaches',
    options: 'Envoy Gateway v1.9 reads no options: accepted, not translated',
  },
};
