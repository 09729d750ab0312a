// BTP targeting fields (btp-fields.md §3.1, attachment.md §1.1-1.2) and the spec-level CEL rules (§5).
import { GATEWAY_GROUP } from '../../../api/meta';
import { def, enm, list, obj, str } from '../../schema/dsl';
import type { CheckCtx } from '../../schema/walk';
import { group, kind, labelSelector, labels, objectName } from '../common';

const TARGET_KINDS = ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'];
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'UDPRoute', 'TCPRoute', 'TLSRoute'];
const ADMISSION_KINDS = ['Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute'];

const targetRefSchema = obj(
  {
    group,
    kind,
    name: objectName,
    sectionName: str({
      minLength: 1,
      maxLength: 253,
      pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      expect: 'a listener or rule name (lower-case RFC 1123 subdomain)',
    }),
  },
  {
    required: ['group', 'kind', 'name'],
    // Seed documents leave `group` out; the API requires it. Read it as the only group allowed.
    fixup: (ref: { group?: string }, c: CheckCtx) => {
      if (ref.group !== undefined) return;
      ref.group = GATEWAY_GROUP;
      c.note([], `has no group, which is required; read as group: ${GATEWAY_GROUP}`);
    },
  },
);

export const targetingFields = {
  targetRef: targetRefSchema,
  targetRefs: list(targetRefSchema),
  targetSelectors: list(
    obj(
      {
        group: def(group, GATEWAY_GROUP),
        kind,
        matchLabels: labels,
        matchExpressions: labelSelector.fields.matchExpressions!,
        namespaces: obj(
          { from: def(enm(['Same', 'All', 'Selector']), 'Same'), selector: labelSelector },
          { cel: [(n, c) => n.from === 'Selector' && n.selector === undefined && c.fail([], 'selector must be specified when from is Selector')] },
        ),
      },
      { required: ['kind'], cel: [(s, c) => s.group !== GATEWAY_GROUP && c.fail(['group'], 'group must be gateway.networking.k8s.io')] },
    ),
  ),
  mergeType: enm(['StrategicMerge', 'JSONMerge', 'Replace']),
};

type Ref = { group: string; kind: string };

function checkRef(ref: Ref, at: (string | number)[], label: string, c: CheckCtx): void {
  if (ref.group !== GATEWAY_GROUP) c.fail([...at, 'group'], `this policy can only have a ${label}.group of gateway.networking.k8s.io`);
  if (!TARGET_KINDS.includes(ref.kind))
    c.fail([...at, 'kind'], `this policy can only have a ${label}.kind of Gateway/ListenerSet/HTTPRoute/GRPCRoute/TCPRoute/UDPRoute/TLSRoute`);
}

/** Spec CEL rules 1-9 (rule 10 lives with connection.preconnect). Messages are Envoy Gateway's. */
export function checkSpec(s: any, c: CheckCtx): void {
  const refs: Ref[] = s.targetRefs ?? [];
  const selectors: Ref[] = s.targetSelectors ?? [];
  if (selectors.length === 0 && (s.targetRef !== undefined) === refs.length > 0) c.fail([], 'either targetRef or targetRefs must be used');
  if (s.targetRef) checkRef(s.targetRef, ['targetRef'], 'targetRef', c);
  refs.forEach((r, i) => checkRef(r, ['targetRefs', i], 'targetRefs[*]', c));
  const kinds = [s.targetRef, ...refs, ...selectors].filter(Boolean).map((r: Ref) => r.kind);
  if (s.mergeType === 'Replace') c.fail(['mergeType'], 'Replace is not a valid MergeType for BackendTrafficPolicySpec');
  if (s.mergeType !== undefined && !kinds.every((k) => ROUTE_KINDS.includes(k))) c.fail(['mergeType'], 'mergeType can only be used with xRoute targets');
  if (s.compression !== undefined && s.compressor !== undefined) c.fail([], 'either compression or compressor can be set, not both');
  if (s.requestBuffer !== undefined && s.httpUpgrade?.length > 0) c.fail(['requestBuffer'], 'requestBuffer cannot be used together with httpUpgrade');
  if (s.admissionControl !== undefined && !kinds.every((k) => ADMISSION_KINDS.includes(k)))
    c.fail(['admissionControl'], 'admissionControl can only be used with HTTPRoute, GRPCRoute, Gateway, or ListenerSet targets');
  const lb = s.loadBalancer?.type;
  if (s.connection?.preconnect?.predictivePercent !== undefined && lb !== 'RoundRobin' && lb !== 'Random')
    c.fail(['connection', 'preconnect', 'predictivePercent'], 'predictivePercent in preconnect policy only works with RoundRobin or Random load balancers');
}
