import type { Loaded } from '../../../1-load/types';
import type { SecurityPolicySpec } from '../../../api/generated/securitypolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';
import { untranslatedRuleParts } from './authorization';
import { missingEndpoints } from './oidc';

/** What a policy asks that envoyc cannot write: said at the field, never dropped in silence. */
export function reportSp(p: Loaded<PolicyObject<SecurityPolicySpec>>, _opts: unknown, diags: Diagnostics): void {
  const label = policyLabel(p);
  const spec = p.value.spec;
  for (const part of spec.authorization ? untranslatedRuleParts(spec.authorization) : [])
    diags.add(
      d.policyFieldUnsupported(
        spanAt(p.src, ['spec', 'authorization', 'rules', part.index, ...part.path]),
        label,
        `authorization.rules[${part.index}].${part.path.join('.')}`,
        'a rule the Envoy written would lack could let requests through, so nothing is written; remove it to compile without it',
      ),
    );
  if (spec.oidc) {
    const missing = missingEndpoints(spec.oidc);
    if (missing.length) diags.add(d.oidcEndpointsMissing(spanAt(p.src, ['spec', 'oidc', 'provider']), label, spec.oidc.provider.issuer, missing));
  }
}
