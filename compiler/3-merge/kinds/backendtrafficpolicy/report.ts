import type { Loaded } from '../../../1-load/types';
import type { BackendTrafficPolicySpec } from '../../../api/backendtrafficpolicy';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import type { CompileOptions } from '../../../options';
import { spanAt } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';

/** Warnings for what a policy asks that envoyc (like Envoy Gateway) accepts but does not translate, or cannot make work. */
export function reportBtp(p: Loaded<PolicyObject<BackendTrafficPolicySpec>>, opts: CompileOptions, diags: Diagnostics): void {
  const s = p.value.spec;
  const label = policyLabel(p);
  const at = (path: (string | number)[]) => spanAt(p.src, path);
  if (s.loadBalancer?.type === 'DynamicModule')
    diags.add(
      d.policyNotTranslated(
        at(['spec', 'loadBalancer', 'type']),
        label,
        'loadBalancer.type DynamicModule',
        'Envoy Gateway v1.9 has no translation for it; the cluster keeps least request',
      ),
    );
  // Written to the bootstrap, but nothing in it makes them work: say so rather than let them do nothing quietly.
  if (s.loadBalancer?.zoneAware?.preferLocal) {
    diags.add(
      d.policyFieldIneffective(
        at(['spec', 'loadBalancer', 'zoneAware', 'preferLocal']),
        label,
        'loadBalancer.zoneAware.preferLocal',
        'Envoy routes zone-aware only with a local cluster (cluster_manager.local_cluster_name and node.locality), which envoyc does not write; weightedZones weights do apply',
      ),
    );
  }
  if (s.connection?.socketBufferLimit !== undefined)
    diags.add(
      d.policyNotTranslated(at(['spec', 'connection', 'socketBufferLimit']), label, 'connection.socketBufferLimit', 'Envoy Gateway v1.9 does not implement it'),
    );
  (s.rateLimit?.local?.rules ?? []).forEach((r, i) => {
    if (r.cost?.request)
      diags.add(
        d.policyNotTranslated(
          at(['spec', 'rateLimit', 'local', 'rules', i, 'cost']),
          label,
          'rateLimit.local.rules[].cost',
          'Envoy Gateway v1.9 does not translate costs of local rate limits',
        ),
      );
  });
  if (s.rateLimit?.global && s.rateLimit.type !== 'Local' && !opts.rateLimitService)
    diags.add(d.rateLimitServiceMissing(at(['spec', 'rateLimit', 'global']), label));
}
