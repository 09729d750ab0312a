import type { Loaded } from '../../../1-load/types';
import type { ClientTrafficPolicySpec, StringMatch } from '../../../api/clienttrafficpolicy';
import { checkRegexAt } from '../../../regex/check';
import * as d from '../../../diagnostics/codes';
import type { Diagnostics } from '../../../diagnostics';
import { spanAt, type NodePath } from '../../../source';
import { policyLabel, type PolicyObject } from '../../kind';

/** Every regex the policy writes (Envoy Gateway passes them to Envoy unread), with its path. */
function* regexes(s: ClientTrafficPolicySpec): Generator<[string, NodePath]> {
  const at = (list: StringMatch[] | undefined, path: NodePath) =>
    (list ?? []).flatMap((m, i): [string, NodePath][] => (m.type === 'RegularExpression' ? [[m.value, [...path, i, 'value']]] : []));
  yield* at(s.http1?.ignoredUpgradeTypes, ['spec', 'http1', 'ignoredUpgradeTypes']);
  yield* at(s.headers?.earlyRequestHeaders?.removeOnMatch, ['spec', 'headers', 'earlyRequestHeaders', 'removeOnMatch']);
  yield* at(s.headers?.lateResponseHeaders?.removeOnMatch, ['spec', 'headers', 'lateResponseHeaders', 'removeOnMatch']);
  const san = s.tls?.clientValidation?.subjectAltNames;
  for (const field of ['dnsNames', 'emailAddresses', 'ipAddresses', 'uris', 'otherNames'] as const)
    yield* at(san?.[field], ['spec', 'tls', 'clientValidation', 'subjectAltNames', field]);
}

/** Regexes Envoy would refuse (an error where written), and what Envoy Gateway v1.9 accepts but does not translate. */
export function reportCtp(p: Loaded<PolicyObject<ClientTrafficPolicySpec>>, diags: Diagnostics): void {
  const s = p.value.spec;
  for (const [pattern, path] of regexes(s)) checkRegexAt(diags, spanAt(p.src, path), pattern, policyLabel(p));
  if (s.tls?.fingerprints?.length)
    diags.add(
      d.policyFieldIneffective(
        spanAt(p.src, ['spec', 'tls', 'fingerprints']),
        policyLabel(p),
        'tls.fingerprints',
        "the TLS inspector computes them, but only an access log format that names them (an EnvoyProxy setting, not among envoyc's inputs) or a filter reads them",
      ),
    );
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
