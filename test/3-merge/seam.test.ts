/**
 * The policy seam: a kind 3-merge has never seen plugs in with one definition and gets targets,
 * precedence, conflicts, mergeType, applications and status from the generic part, with its own
 * words in the messages. Fake kinds shaped like ClientTrafficPolicy (Gateway and listener,
 * applied per listener), SecurityPolicy (routes too, with mergeType) and BackendTLSPolicy (a
 * scope of its own: Services).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { load } from '../../compiler/1-load';
import type { Loaded, ResourceKey } from '../../compiler/1-load/types';
import { resolve } from '../../compiler/2-resolve';
import { merge } from '../../compiler/3-merge';
import type { PolicyKind, PolicyObject, PolicyTargeting } from '../../compiler/3-merge/kind';
import { mergePatch } from '../../compiler/units/merge-patch';
import { GATEWAY, GATEWAY_LISTENER, ROUTE, ROUTE_RULE, type ScopeDef } from '../../compiler/3-merge/scopes';
import { appliedPolicy, applicationKey } from '../../compiler/3-merge/types';
import { Diagnostics } from '../../compiler/diagnostics';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { buildStatus, policyStatuses } from '../../compiler/status';

const TARGETS = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
  - {name: admin, protocol: HTTP, port: 81, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: http}]
  rules:
  - name: api
    backendRefs: [{name: svc, port: 8080}]
  - backendRefs: [{name: svc, port: 8080}]
`;

interface FakeSpec extends PolicyTargeting {
  greeting?: string;
  colour?: { inner?: string; outer?: string };
}

/** Policies as a loader would hand them over: parsed YAML that keeps its nodes (for spans). */
function policies(kind: string, text: string): Loaded<PolicyObject<FakeSpec>>[] {
  return text.split('\n---\n').map((doc, i) => {
    const parsed = parseDocument(doc);
    const value = parsed.toJS() as PolicyObject<FakeSpec>;
    value.kind = kind;
    value.metadata.namespace ??= 'infra';
    return {
      key: `${kind}/${value.metadata.namespace}/${value.metadata.name}` as ResourceKey,
      value,
      src: { file: `in/${i}.yaml`, node: parsed.contents! },
      written: true,
    };
  });
}

function kindOf(name: string, plural: string, objects: Loaded<PolicyObject<FakeSpec>>[], shape: Partial<PolicyKind<FakeSpec>>): PolicyKind<FakeSpec> {
  return {
    kind: name,
    group: 'example.com',
    plural,
    routeOverriddenNoun: plural,
    objects: () => objects,
    scopes: [GATEWAY_LISTENER, GATEWAY],
    unit: 'listener',
    invalidEffect: 'the listeners it targets reject every request',
    deprecatedFields: (spec): Record<string, string> => (spec.targetRef ? { 'spec.targetRef': 'spec.targetRefs' } : {}),
    translationErrors: (spec) => (spec.greeting === 'bad' ? [{ message: 'Greeting: bad is not a greeting', path: ['spec', 'greeting'] }] : []),
    envoyFields: { route: [], filters: [], cluster: [], elsewhere: {} },
    ...shape,
  };
}

function compileWith(kind: PolicyKind<FakeSpec>) {
  const diags = new Diagnostics();
  const graph = resolve(load([{ path: 'in/targets.yaml', text: TARGETS }], diags), DEFAULT_OPTIONS, diags);
  const effective = merge(graph, DEFAULT_OPTIONS, diags, [kind]);
  const status = buildStatus(graph, effective, new Map(), [kind]);
  const conditions = (name: string) =>
    policyStatuses(status, kind)
      .find((s) => s.metadata.name === name)!
      .status.ancestors?.map(
        (a) => `${a.ancestorRef.name}/${a.ancestorRef.sectionName ?? ''}: ${a.conditions.map((c) => `${c.type}=${c.reason}: ${c.message}`).join(' | ')}`,
      );
  return { effective, status, conditions, diags: diags.sorted() };
}

const LISTENER_LEVEL = `
metadata: {name: section}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: http}]
  greeting: hello
---
metadata: {name: whole, creationTimestamp: '2024-01-01T00:00:00Z'}
spec:
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: gw}
  greeting: hi
---
metadata: {name: late, creationTimestamp: '2025-01-01T00:00:00Z'}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}, {group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: nope}]
  greeting: bad`;

test('a listener-level kind: the listener policy wins its listener, the Gateway policy fills the rest, a later one conflicts', () => {
  const objects = policies('FakeClientPolicy', LISTENER_LEVEL);
  const kind = kindOf('FakeClientPolicy', 'fakeClientPolicies', objects, {});
  const { effective, conditions, diags } = compileWith(kind);
  assert.equal(appliedPolicy(effective, kind, 'infra/gw/http')?.spec.greeting, 'hello');
  assert.equal(appliedPolicy(effective, kind, 'infra/gw/admin')?.spec.greeting, 'hi');
  assert.equal(appliedPolicy(effective, kind, 'infra/gw/admin')?.policies, ['FakeClientPolicy/infra/whole']);
  assert.equal(conditions('section'), ['gw/http: Accepted=Accepted: Policy has been accepted.']);
  assert.equal(conditions('whole'), [
    'gw/: Accepted=Accepted: Policy has been accepted. | Warning=DeprecatedField: spec.targetRef is deprecated, use spec.targetRefs instead | ' +
      'Overridden=Overridden: This policy is being overridden by other fakeClientPolicies for these gateway listeners: [infra/gw/http]',
  ]);
  // The listener pass runs first, so that ancestor is first.
  assert.equal(conditions('late'), [
    'gw/nope: Accepted=TargetNotFound: No section name nope found for Gateway infra/gw',
    'gw/: Accepted=Conflicted: Unable to target Gateway gw, another FakeClientPolicy has already attached to it',
  ]);
  assert.equal(
    diags.map((d) => `${d.span?.file} ${d.code}`),
    ['in/1.yaml deprecated_field', 'in/2.yaml policy_conflicted', 'in/2.yaml policy_section_not_found'],
  );
});

test('each target of each policy is recorded with its scope, what came of it and the applications it reaches', () => {
  const objects = policies('FakeClientPolicy', LISTENER_LEVEL);
  const { effective } = compileWith(kindOf('FakeClientPolicy', 'fakeClientPolicies', objects, {}));
  const scope = (s: { kind: string; namespace: string; name: string; section?: string }) =>
    `${s.kind} ${s.namespace}/${s.name}${s.section ? `/${s.section}` : ''}`;
  assert.equal(
    effective.attachments.map((a) => `${a.policy} ${scope(a.scope)}: ${a.outcome}${a.winner ? ` (${a.winner})` : ''} [${a.applications.join(' ')}]`),
    [
      'FakeClientPolicy/infra/section GatewayListener infra/gw/http: claimed [infra/gw/http]',
      'FakeClientPolicy/infra/late GatewayListener infra/gw/nope: sectionNotFound []',
      'FakeClientPolicy/infra/whole Gateway infra/gw: claimed [infra/gw/http infra/gw/admin]',
      'FakeClientPolicy/infra/late Gateway infra/gw: conflicted (FakeClientPolicy/infra/whole) [infra/gw/http infra/gw/admin]',
    ],
  );
});

test("a kind's own conflict words replace the shared ones for the scopes it names", () => {
  const objects = policies(
    'FakeClientPolicy',
    `${LISTENER_LEVEL}\n---\nmetadata: {name: twin}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: http}]`,
  );
  const kind = kindOf('FakeClientPolicy', 'fakeClientPolicies', objects, {
    conflictMessage: (scope, t) =>
      scope === 'GatewayListener' ? `Unable to target section of ${t.name}, another FakeClientPolicy has already attached to it` : undefined,
  });
  const { conditions } = compileWith(kind);
  assert.equal(conditions('twin'), ['gw/http: Accepted=Conflicted: Unable to target section of gw, another FakeClientPolicy has already attached to it']);
});

test("a kind's own Overridden words, written before Accepted; checks that see the listeners they apply to", () => {
  const objects = policies('FakeClientPolicy', LISTENER_LEVEL.replace('greeting: hi', 'greeting: shout'));
  const kind = kindOf('FakeClientPolicy', 'fakeClientPolicies', objects, {
    overridden: {
      beforeApply: true,
      message: (v) =>
        v.claimedSections.length ? `There are existing FakeClientPolicies that are overriding these sections [${v.claimedSections.join(' ')}]` : undefined,
    },
    translationErrors: (spec, ctx) =>
      spec.greeting === 'shout' && ctx.applications.some((a) => a.listenerName === 'admin')
        ? [{ message: 'Greeting: no shouting on admin', path: ['spec', 'greeting'] }]
        : [],
  });
  const { conditions } = compileWith(kind);
  assert.equal(conditions('whole'), [
    'gw/: Overridden=Overridden: There are existing FakeClientPolicies that are overriding these sections [http] | ' +
      'Accepted=Invalid: Greeting: no shouting on admin. | Warning=DeprecatedField: spec.targetRef is deprecated, use spec.targetRefs instead',
  ]);
});

const ROUTE_LEVEL = `
metadata: {name: gw-wide}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  colour: {inner: red, outer: blue}
---
metadata: {name: on-route}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  mergeType: StrategicMerge
  colour: {inner: green}
---
metadata: {name: on-rule}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web, sectionName: api}]
  greeting: bad`;

test('a route-level kind with mergeType: rule over route over Gateway, merged per listener, invalid rules marked', () => {
  const objects = policies('FakeSecurityPolicy', ROUTE_LEVEL);
  const kind = kindOf('FakeSecurityPolicy', 'fakeSecurityPolicies', objects, {
    scopes: [ROUTE_RULE, ROUTE, GATEWAY_LISTENER, GATEWAY],
    unit: 'ruleOnListener',
    merge: (parent, route, type) => ({ spec: mergePatch(parent.spec, route.spec, type, new Map()) as FakeSpec }),
  });
  const { effective, conditions, diags } = compileWith(kind);
  const at = (rule: number) => appliedPolicy(effective, kind, applicationKey('HTTPRoute/infra/web' as ResourceKey, rule, 'infra/gw/http'));
  assert.equal(at(1)?.spec.colour, { inner: 'green', outer: 'blue' });
  assert.equal(at(1)?.owners, { colour: 'FakeSecurityPolicy/infra/on-route' });
  assert.is(at(0)?.invalid, true);
  assert.equal(
    effective.attachments.map((a) => `${a.policy.split('/')[2]} ${a.scope.kind}: ${a.outcome}`),
    ['on-rule RouteRule: invalid', 'on-route Route: claimed', 'gw-wide Gateway: claimed'],
  );
  assert.equal(conditions('on-rule'), ['gw/http: Accepted=Invalid: Greeting: bad is not a greeting.']);
  assert.equal(conditions('on-route'), [
    'gw/http: Merged=Merged: Merged with policy infra/gw-wide | Accepted=Accepted: Policy has been accepted. | ' +
      'Overridden=Overridden: This policy is being overridden by other fakeSecurityPolicies for these route rules: [api]',
  ]);
  assert.equal(conditions('gw-wide'), [
    'gw/: Accepted=Accepted: Policy has been accepted. | Merged=Merged: This policy is being merged by other fakeSecurityPolicies for these routes: [infra/web]',
  ]);
  assert.ok(diags.some((d) => d.code === 'policy_invalid' && d.message.includes('so the listeners it targets reject every request')));
});

/** A scope of a kind's own, outside the Gateway/route hierarchy: a Service, as BackendTLSPolicy targets. */
const SERVICE: ScopeDef = {
  kind: 'Service',
  takes: (t) => t.kind === 'Service',
  selectors: false,
  candidates: () => [],
  resolve: (state, units, t) => {
    const uses = [...state.routes.values()].flatMap((route) => {
      const rules = route.rules.filter((r) =>
        r.backends.some((b) => b.resource?.kind === 'Service' && b.resource.namespace === t.namespace && b.resource.name === t.name),
      );
      return rules.length ? [{ route, rules }] : [];
    });
    if (!uses.length) return { known: [] };
    return {
      scope: { kind: 'Service', namespace: t.namespace, name: t.name },
      ancestors: uses.flatMap(({ route }) =>
        route.parents.map((p) => ({ namespace: 'infra', name: p.gateway.split('/')[2]!, ...(p.ref.sectionName ? { sectionName: p.ref.sectionName } : {}) })),
      ),
      conflict: `Unable to target Service ${t.name}`,
      applications: uses.flatMap(({ route, rules }) => units.ofRoute(route, rules)),
    };
  },
};

test('a kind with a scope of its own (Services) and its own conflict words naming the winner', () => {
  const objects = policies(
    'FakeTlsPolicy',
    [
      'metadata: {name: first}\nspec:\n  targetRefs: [{group: "", kind: Service, name: svc}]\n  greeting: sni',
      'metadata: {name: second}\nspec:\n  targetRefs: [{group: "", kind: Service, name: svc}]\n  greeting: other',
    ].join('\n---\n'),
  );
  const kind = kindOf('FakeTlsPolicy', 'fakeTlsPolicies', objects, {
    scopes: [SERVICE],
    unit: 'ruleOnListener',
    conflictMessage: (_scope, _t, winner) => `Policy conflicts with FakeTlsPolicy ${winner.value.metadata.namespace}/${winner.value.metadata.name}.`,
  });
  const { effective, conditions } = compileWith(kind);
  for (const rule of [0, 1])
    assert.is(appliedPolicy(effective, kind, applicationKey('HTTPRoute/infra/web' as ResourceKey, rule, 'infra/gw/http'))?.spec.greeting, 'sni');
  assert.equal(conditions('first'), ['gw/http: Accepted=Accepted: Policy has been accepted.']);
  assert.equal(conditions('second'), ['gw/http: Accepted=Conflicted: Policy conflicts with FakeTlsPolicy infra/first.']);
});

test('the status report names each kind by its plural, only when the inputs hold that kind', () => {
  const kind = kindOf('FakeClientPolicy', 'fakeClientPolicies', [], {});
  assert.not.ok('fakeClientPolicies' in compileWith(kind).status);
  const held = kindOf('FakeClientPolicy', 'fakeClientPolicies', policies('FakeClientPolicy', LISTENER_LEVEL), {});
  assert.equal(
    policyStatuses(compileWith(held).status, held).map((s) => s.metadata.name),
    ['section', 'whole', 'late'],
  );
});

test.run();
