import type { EnvoyFieldTables } from '../../kind';

/** Which EnvoyExtensionPolicy field produces an Envoy field, for `diff` and `explain` (see the BackendTrafficPolicy table). */
export const EEP_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [],
  filters: [
    ['envoy.filters.http.lua', ['lua']],
    ['envoy.filters.http.ext_proc', ['extProc']],
    ['envoy.filters.http.wasm', ['wasm']],
  ],
  cluster: [],
  elsewhere: {
    targetRef: 'where the policy attaches',
    targetRefs: 'where the policy attaches',
    targetSelectors: 'where the policy attaches',
    mergeType: 'how the policy merges with its parent',
    dynamicModule: 'not translated by envoyc (policy_field_unsupported)',
    'extProc.backendRefs': "the ext_proc server's cluster (envoyextensionpolicy/<ns>/<name>/extproc/<i>)",
    'extProc.backendRef': "the ext_proc server's cluster",
    'extProc.backendSettings': "the ext_proc server's cluster settings and the gRPC retry policy",
  },
};
