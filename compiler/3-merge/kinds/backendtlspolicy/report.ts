import type { Loaded } from '../../../1-load/types';
import type { BackendTLSPolicySpec } from '../../../api/generated/backendtlspolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';
import { namesBackend } from './scopes';

/** Targets of kinds no backendRef can name, and options Envoy Gateway v1.9 does not read. */
export function reportBtls(p: Loaded<PolicyObject<BackendTLSPolicySpec>>, diags: Diagnostics): void {
  const s = p.value.spec;
  s.targetRefs.forEach((t, i) => {
    if (!namesBackend(t))
      diags.add(
        d.policyTargetNotFound(
          spanAt(p.src, ['spec', 'targetRefs', i]),
          policyLabel(p),
          `${t.group ? `${t.group}/` : ''}${t.kind} ${p.value.metadata.namespace}/${t.name}`,
          ' (a BackendTLSPolicy applies to the Services and gateway.envoyproxy.io Backends that routes name)',
        ),
      );
  });
  for (const key of Object.keys(s.options ?? {}).sort())
    diags.add(
      d.policyNotTranslated(spanAt(p.src, ['spec', 'options', key]), policyLabel(p), `options.${key}`, 'Envoy Gateway v1.9 reads no BackendTLSPolicy options'),
    );
}
