import type { Loaded } from '../../../1-load/types';
import type { ClientTrafficPolicySpec } from '../../../api/clienttrafficpolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';

/** Warnings for what a policy asks that Envoy Gateway v1.9 accepts but does not translate. */
export function reportCtp(p: Loaded<PolicyObject<ClientTrafficPolicySpec>>, diags: Diagnostics): void {
  const s = p.value.spec;
  if (s.connection?.socketBufferLimit !== undefined)
    diags.add(
      d.policyNotTranslated(
        spanAt(p.src, ['spec', 'connection', 'socketBufferLimit']),
        policyLabel(p),
        'connection.socketBufferLimit',
        'Envoy Gateway v1.9 does not implement it',
      ),
    );
}
