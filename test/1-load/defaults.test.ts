import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { btp, HEAD, run } from './helpers';

/** The loaded value of the only written object. */
function value(text: string): any {
  const r = run(text);
  assert.equal(
    r.diags.filter((d) => d.severity === 'error'),
    [],
  );
  return Object.values(r.res)
    .flat()
    .find((l) => l.written)!.value;
}

const rows: { name: string; text: string; pick: (v: any) => unknown; want: unknown }[] = [
  { name: 'metadata.namespace defaults to default', text: `${HEAD.route}spec: {}\n`, pick: (v) => v.metadata.namespace, want: 'default' },
  {
    name: 'HTTPRoute: no rules → one rule matching PathPrefix /',
    text: `${HEAD.route}spec: {}\n`,
    pick: (v) => v.spec.rules,
    want: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
  },
  {
    name: 'HTTPRoute: rule without matches → PathPrefix /',
    text: `${HEAD.route}spec:\n  rules: [{}]\n`,
    pick: (v) => v.spec.rules[0].matches,
    want: [{ path: { type: 'PathPrefix', value: '/' } }],
  },
  {
    name: 'HTTPRoute: path type defaults to PathPrefix',
    text: `${HEAD.route}spec:\n  rules: [{matches: [{path: {value: /a}}]}]\n`,
    pick: (v) => v.spec.rules[0].matches[0].path,
    want: { value: '/a', type: 'PathPrefix' },
  },
  {
    name: 'HTTPRoute: header and query match type Exact',
    text: `${HEAD.route}spec:\n  rules: [{matches: [{headers: [{name: a, value: b}], queryParams: [{name: q, value: v}]}]}]\n`,
    pick: (v) => [v.spec.rules[0].matches[0].headers[0].type, v.spec.rules[0].matches[0].queryParams[0].type],
    want: ['Exact', 'Exact'],
  },
  {
    name: 'HTTPRoute: match without path gets PathPrefix /',
    text: `${HEAD.route}spec:\n  rules: [{matches: [{method: GET}]}]\n`,
    pick: (v) => v.spec.rules[0].matches[0].path,
    want: { type: 'PathPrefix', value: '/' },
  },
  {
    name: 'HTTPRoute: backendRef group "", kind Service, weight 1',
    text: `${HEAD.route}spec:\n  rules: [{backendRefs: [{name: s, port: 80}]}]\n`,
    pick: (v) => v.spec.rules[0].backendRefs[0],
    want: { name: 's', port: 80, group: '', kind: 'Service', weight: 1 },
  },
  {
    name: 'HTTPRoute: RequestRedirect statusCode 302',
    text: `${HEAD.route}spec:\n  rules: [{filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]}]\n`,
    pick: (v) => v.spec.rules[0].filters[0].requestRedirect.statusCode,
    want: 302,
  },
  {
    name: 'HTTPRoute: parentRef group and kind',
    text: `${HEAD.route}spec:\n  parentRefs: [{name: gw}]\n`,
    pick: (v) => v.spec.parentRefs[0],
    want: { name: 'gw', group: 'gateway.networking.k8s.io', kind: 'Gateway' },
  },
  {
    name: 'Gateway: allowedRoutes from Same, tls mode Terminate, certificateRef group/kind',
    text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n  listeners: [{name: s, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}]\n`,
    pick: (v) => [v.spec.listeners[0].allowedRoutes, v.spec.listeners[0].tls],
    want: [{ namespaces: { from: 'Same' } }, { certificateRefs: [{ name: 'c', group: '', kind: 'Secret' }], mode: 'Terminate' }],
  },
  {
    name: 'GRPCRoute: method and header match type Exact',
    text: `${HEAD.grpc}spec:\n  rules: [{matches: [{method: {service: a.B}, headers: [{name: h, value: v}]}]}]\n`,
    pick: (v) => [v.spec.rules[0].matches[0].method.type, v.spec.rules[0].matches[0].headers[0].type],
    want: ['Exact', 'Exact'],
  },
  {
    name: 'Backend: type Endpoints',
    text: `${HEAD.backend}spec:\n  endpoints: [{ip: {address: 10.0.0.1, port: 80}}]\n`,
    pick: (v) => v.spec.type,
    want: 'Endpoints',
  },
  {
    name: 'Service: type ClusterIP, port protocol TCP',
    text: `${HEAD.service}spec:\n  ports: [{port: 80}]\n`,
    pick: (v) => [v.spec.type, v.spec.ports[0].protocol],
    want: ['ClusterIP', 'TCP'],
  },
  {
    name: 'Secret: stringData is merged into data as base64',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: t}\nstringData: {a: hi}\n',
    pick: (v) => [v.type, v.data, v.stringData],
    want: ['Opaque', { a: 'aGk=' }, undefined],
  },
  {
    name: 'BTP: circuitBreaker {} gets every max* = 1024',
    text: btp('  circuitBreaker: {}\n'),
    pick: (v) => v.spec.circuitBreaker,
    want: { maxConnections: 1024, maxPendingRequests: 1024, maxParallelRequests: 1024, maxParallelRetries: 1024 },
  },
  { name: 'BTP: no circuitBreaker → no defaults', text: btp(''), pick: (v) => v.spec.circuitBreaker, want: undefined },
  { name: 'BTP: retry {} → numRetries 2', text: btp('  retry: {}\n'), pick: (v) => v.spec.retry, want: { numRetries: 2 } },
  {
    name: 'BTP: active health check defaults',
    text: btp('  healthCheck: {active: {type: TCP, tcp: {}}}\n'),
    pick: (v) => v.spec.healthCheck.active,
    want: { type: 'TCP', tcp: {}, timeout: '1s', interval: '3s', unhealthyThreshold: 3, healthyThreshold: 1 },
  },
  {
    name: 'BTP: passive health check defaults',
    text: btp('  healthCheck: {passive: {}}\n'),
    pick: (v) => v.spec.healthCheck.passive,
    want: {
      splitExternalLocalOriginErrors: false,
      interval: '3s',
      consecutiveLocalOriginFailures: 5,
      consecutive5XxErrors: 5,
      baseEjectionTime: '30s',
      maxEjectionPercent: 10,
      alwaysEjectOneEndpoint: false,
    },
  },
  {
    name: 'BTP: consistentHash tableSize 65537',
    text: btp('  loadBalancer: {type: ConsistentHash, consistentHash: {type: SourceIP}}\n'),
    pick: (v) => v.spec.loadBalancer.consistentHash.tableSize,
    want: 65537,
  },
  {
    name: 'BTP: targetSelectors group and namespaces.from',
    text: `${HEAD.btp}spec:\n  targetSelectors: [{kind: HTTPRoute, namespaces: {}}]\n`,
    pick: (v) => v.spec.targetSelectors[0],
    want: { kind: 'HTTPRoute', namespaces: { from: 'Same' }, group: 'gateway.networking.k8s.io' },
  },
  {
    name: 'BTP: rate-limit header type Exact, path PathPrefix /; shared and shadowMode have no CRD default',
    text: btp('  rateLimit:\n    local:\n      rules: [{clientSelectors: [{headers: [{name: x, value: y}], path: {}}], limit: {requests: 1, unit: Second}}]\n'),
    pick: (v) => v.spec.rateLimit.local.rules[0],
    want: {
      clientSelectors: [{ headers: [{ name: 'x', value: 'y', type: 'Exact', invert: false }], path: { type: 'PathPrefix', value: '/', invert: false } }],
      limit: { requests: 1, unit: 'Second' },
    },
  },
  {
    name: 'BTP: response override redirect statusCode 302',
    text: btp('  responseOverride: [{match: {statusCodes: [{value: 500}]}, redirect: {scheme: https}}]\n'),
    pick: (v) => [v.spec.responseOverride[0].redirect.statusCode, v.spec.responseOverride[0].match.statusCodes[0].type],
    want: [302, 'Value'],
  },
];

for (const row of rows) test(row.name, () => assert.equal(row.pick(value(row.text)), row.want));

test('defaults are copies, never shared between objects', () => {
  const r = run(`${btp('  circuitBreaker: {}\n')}---\n${btp('  circuitBreaker: {}\n').replace('name: p', 'name: q')}`);
  const [a, b] = r.res.policies;
  assert.is.not(a!.value.spec.circuitBreaker, b!.value.spec.circuitBreaker);
});

test.run();
