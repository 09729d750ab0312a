// Why Envoy Gateway would not translate a BackendTLSPolicy: its CA bundle, read as 2-resolve reads
// it (status NoValidCACertificate); 4-lower takes the data.
import { readPolicyTls } from '../../../2-resolve/backend-tls-policy';
import type { BackendTLSPolicySpec } from '../../../api/generated/backendtlspolicy';
import type { TranslationContext, TranslationError } from '../../kind';

export { readPolicyTls, SYSTEM_TRUST_STORE_SECRET, type PolicyTlsData } from '../../../2-resolve/backend-tls-policy';

/** Why Envoy Gateway would not translate the policy: its CA bundle (NoValidCACertificate). */
export function translationErrors(spec: BackendTLSPolicySpec, ctx: TranslationContext): TranslationError[] {
  const key = ctx.policyOf('validation');
  const name = key.split('/')[2]!;
  const read = readPolicyTls(spec, name, ctx.namespaceOf('validation'), { lookup: ctx.lookup, configMaps: ctx.configMaps });
  return 'error' in read ? [read.error] : [];
}
