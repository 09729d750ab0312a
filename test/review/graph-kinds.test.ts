/**
 * The picture takes its policy kinds from the registry and 3-merge's output: kinds it has never
 * seen (shaped like ClientTrafficPolicy, applied per listener; and like BackendTLSPolicy, with a
 * scope of its own: Services) are drawn where they attach, with their states, and no change here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { load } from '../../compiler/1-load';
import type { Loaded, ResourceKey } from '../../compiler/1-load/types';
import { resolve } from '../../compiler/2-resolve';
import { merge } from '../../compiler/3-merge';
import type { PolicyKind, PolicyObject, PolicyTargeting } from '../../compiler/3-merge/kind';
import { GATEWAY, GATEWAY_LISTENER, type ScopeDef } from '../../compiler/3-merge/scopes';
import { Diagnostics } from '../../compiler/diagnostics';
import { lower } from '../../compiler/4-lower';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { buildGraph } from '../../compiler/review/graph/build';

const INPUTS = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: admin, protocol: HTTP, port: 81}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules:
  - backendRefs: [{name: svc, port: 8080}]
`;

interface Spec extends PolicyTargeting {
  greeting?: string;
}

function objects(kind: string, docs: string[]): Loaded<PolicyObject<Spec>>[] {
  return docs.map((doc, i) => {
    const parsed = parseDocument(doc);
    const value = { ...(parsed.toJS() as PolicyObject<Spec>), kind };
    value.metadata.namespace ??= 'infra';
    return { key: `${kind}/infra/${value.metadata.name}` as ResourceKey, value, src: { file: `in/${i}.yaml`, node: parsed.contents! }, written: true };
  });
}

function kind(name: string, list: Loaded<PolicyObject<Spec>>[], shape: Partial<PolicyKind<Spec>>): PolicyKind<Spec> {
  return {
    kind: name,
    group: 'example.com',
    plural: `${name}s`,
    routeOverriddenNoun: name,
    objects: () => list,
    scopes: [GATEWAY_LISTENER, GATEWAY],
    unit: 'listener',
    invalidEffect: 'it does nothing',
    deprecatedFields: () => ({}),
    translationErrors: (spec) => (spec.greeting === 'bad' ? [{ message: 'bad greeting', path: ['spec', 'greeting'] }] : []),
    envoyFields: { route: [], filters: [], cluster: [], elsewhere: {} },
    ...shape,
  };
}

/** A Service scope, as BackendTLSPolicy has: every rule that sends to the Service. */
const SERVICE: ScopeDef = {
  kind: 'Service',
  takes: (t) => t.kind === 'Service',
  selectors: false,
  candidates: () => [],
  resolve: (state, units, t) => {
    const uses = [...state.routes.values()].flatMap((route) => {
      const rules = route.rules.filter((r) => r.backends.some((b) => b.resource?.kind === 'Service' && b.resource.name === t.name));
      return rules.length ? [{ route, rules }] : [];
    });
    if (!uses.length) return { known: [] };
    return {
      scope: { kind: 'Service', namespace: t.namespace, name: t.name },
      ancestors: [{ namespace: 'infra', name: 'gw' }],
      conflict: `Unable to target Service ${t.name}`,
      applications: uses.flatMap(({ route, rules }) => units.ofRoute(route, rules)),
    };
  },
};

function draw(kinds: PolicyKind<Spec>[]) {
  const diags = new Diagnostics();
  const graph = resolve(load([{ path: 'in/targets.yaml', text: INPUTS }], diags), DEFAULT_OPTIONS, diags);
  const policies = merge(graph, DEFAULT_OPTIONS, diags, kinds);
  const model = buildGraph({ graph, policies, ir: lower(graph, policies, DEFAULT_OPTIONS, diags) }, kinds);
  const edges = model.edges.filter((e) => e.kind !== 'rule' && e.kind !== 'listener' && e.kind !== 'attach' && e.kind !== 'backend');
  return { model, edges: edges.map((e) => `${e.from} -${e.kind}-> ${e.to}: ${e.label}`) };
}

const ref = (section?: string) => `{group: gateway.networking.k8s.io, kind: Gateway, name: gw${section ? `, sectionName: ${section}` : ''}}`;

test('a listener-level kind: drawn at the listener and the Gateway, applied, overridden, conflicted, not accepted', () => {
  const client = kind(
    'FakeClientPolicy',
    objects('FakeClientPolicy', [
      `metadata: {name: on-http}\nspec:\n  targetRefs: [${ref('http')}]\n  greeting: hello`,
      `metadata: {name: whole}\nspec:\n  targetRefs: [${ref()}]\n  greeting: hi`,
      `metadata: {name: late}\nspec:\n  targetRefs: [${ref()}]\n  greeting: hey`,
      `metadata: {name: on-admin}\nspec:\n  targetRefs: [${ref('admin')}]\n  greeting: bad`,
    ]),
    {},
  );
  const { model, edges } = draw([client]);
  assert.equal(edges, [
    'FakeClientPolicy/infra/on-http -policy-> Listener/infra/gw/http: applied',
    'FakeClientPolicy/infra/whole -policy-> Gateway/infra/gw: applied on 1, overridden on 1 of 2 listeners',
    'FakeClientPolicy/infra/late -policy-> Gateway/infra/gw: conflicted: infra/whole holds it',
    'FakeClientPolicy/infra/on-admin -policy-> Listener/infra/gw/admin: not accepted: invalid',
    'FakeClientPolicy/infra/on-http -overrides-> FakeClientPolicy/infra/whole: overrides',
  ]);
  assert.equal(
    model.nodes.filter((n) => n.kind === 'policy').map((n) => `${n.lines[0]}: ${n.mark}`),
    [
      'FakeClientPolicy infra/on-http: applied',
      'FakeClientPolicy infra/whole: applied',
      'FakeClientPolicy infra/late: conflicted',
      'FakeClientPolicy infra/on-admin: notAccepted',
    ],
  );
});

test('a kind with a scope of its own is drawn at the backend it names, or at a missing target', () => {
  const tls = kind(
    'FakeTlsPolicy',
    objects('FakeTlsPolicy', [
      'metadata: {name: sni}\nspec:\n  targetRefs: [{group: "", kind: Service, name: svc}]\n  greeting: x',
      'metadata: {name: typo}\nspec:\n  targetRefs: [{group: "", kind: Service, name: scv}]\n  greeting: y',
    ]),
    { scopes: [SERVICE], unit: 'ruleOnListener' },
  );
  const { model, edges } = draw([tls]);
  assert.equal(edges, [
    'FakeTlsPolicy/infra/sni -policy-> Service/infra/svc:8080: applied',
    'FakeTlsPolicy/infra/typo -policy-> Target/Service/infra/scv: not accepted: target not found',
  ]);
  assert.equal(model.nodes.find((n) => n.id === 'Target/Service/infra/scv')?.lines, ['Service infra/scv', 'not found']);
});

test.run();
