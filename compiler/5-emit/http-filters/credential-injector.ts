import type { IrCredentialInjector } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

/**
 * `envoy.extensions.filters.http.credential_injector.v3.CredentialInjector` with Envoy's generic
 * credential, read from the static secret of that name (no `sds_config`: the bootstrap holds it).
 */
export function buildCredentialInjectorFilter(f: Omit<IrCredentialInjector, 'filterName'>): Any {
  return typed('envoy.extensions.filters.http.credential_injector.v3.CredentialInjector', {
    ...(f.overwrite ? { overwrite: true } : {}),
    credential: {
      name: 'envoy.http.injected_credentials.generic',
      typed_config: typed('envoy.extensions.http.injected_credentials.generic.v3.Generic', {
        credential: { name: f.secretName },
        ...(f.header !== undefined ? { header: f.header } : {}),
      }),
    },
  });
}
