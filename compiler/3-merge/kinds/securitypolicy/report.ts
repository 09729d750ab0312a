import type { Loaded } from '../../../1-load/types';
import type { SecurityPolicySpec } from '../../../api/generated/securitypolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';
import { missingEndpoints } from './oidc';

/** What a policy asks that envoyc cannot write: said at the field, never dropped in silence. */
export function reportSp(p: Loaded<PolicyObject<SecurityPolicySpec>>, _opts: unknown, diags: Diagnostics): void {
  const label = policyLabel(p);
  const spec = p.value.spec;
  if (spec.oidc) {
    const missing = missingEndpoints(spec.oidc);
    if (missing.length) diags.add(d.oidcEndpointsMissing(spanAt(p.src, ['spec', 'oidc', 'provider']), label, spec.oidc.provider.issuer, missing));
  }
}
