import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RE2JS } from 're2js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { patternFor } from '../../compiler/1-load/schema/patterns';
import { btp, HEAD, run } from './helpers';

const rule = (extra: string) => `${HEAD.route}spec:\n  rules:\n  - ${extra}\n`;

// Each row: the input, and the expected `line:col code` list (one diagnostic per violation).
const rows: { name: string; text: string; where: string[]; message?: RegExp }[] = [
  {
    name: 'unknown field: error at the key, suggests the nearest field',
    text: `${HEAD.route}spec:\n  rules:\n  - backendRefs: [{name: s, prot: 80}]\n`,
    where: ['6:29 unknown_field'],
    message: /unknown field "prot" in spec\.rules\[0\]\.backendRefs\[0\] \(did you mean "port"\?\)/,
  },
  {
    name: 'unknown field without a near match lists the expected fields',
    text: `${HEAD.route}spec:\n  zzz: 1\n`,
    where: ['5:3 unknown_field'],
    message: /expected one of: hostnames, parentRefs, rules/,
  },
  {
    name: 'wrong JSON type: string for a port',
    text: rule('backendRefs: [{name: s, port: "80"}]'),
    where: ['6:35 invalid_type'],
    message: /must be an integer, got string "80"/,
  },
  {
    name: 'enum: suggests the nearest value',
    text: rule('matches: [{path: {type: Exacts, value: /}}]'),
    where: ['6:29 invalid_enum'],
    message: /did you mean "Exact"/,
  },
  {
    name: 'required: a backendRef needs a name',
    text: rule('backendRefs: [{port: 80}]'),
    where: ['6:19 required_field'],
    message: /spec\.rules\[0\]\.backendRefs\[0\]\.name is required/,
  },
  { name: 'range: weight above 1000000', text: rule('backendRefs: [{name: s, port: 80, weight: 1000001}]'), where: ['6:47 invalid_value'] },
  { name: 'range: port 0', text: rule('backendRefs: [{name: s, port: 0}]'), where: ['6:35 invalid_value'] },
  { name: 'pattern: hostname with upper case', text: `${HEAD.route}spec:\n  hostnames: [Foo.example.com]\n`, where: ['5:15 invalid_value'] },
  { name: 'pattern: Duration with decimals', text: rule('timeouts: {request: 1.5s}'), where: ['6:25 invalid_value'], message: /Duration/ },
  {
    name: 'all errors of an object are reported, not just the first',
    text: rule('backendRefs: [{port: 0, wieght: 1}]'),
    where: ['6:19 required_field', '6:26 invalid_value', '6:29 unknown_field'],
  },
  { name: 'list limit: more than 16 rules', text: `${HEAD.route}spec:\n  rules: [${Array(17).fill('{}').join(', ')}]\n`, where: ['5:10 invalid_value'] },
  // HTTPRoute CEL
  {
    name: 'HTTPRoute CEL: path must start with / for PathPrefix',
    text: rule('matches: [{path: {value: api}}]'),
    where: ['6:22 cel_rule'],
    message: /start with '\/'/,
  },
  { name: 'HTTPRoute CEL: path must not contain //', text: rule('matches: [{path: {type: Exact, value: /a//b}}]'), where: ['6:22 cel_rule'] },
  {
    name: 'HTTPRoute CEL: RequestRedirect and URLRewrite not together',
    text: rule('filters: [{type: RequestRedirect, requestRedirect: {}}, {type: URLRewrite, urlRewrite: {}}]'),
    where: ['6:14 cel_rule'],
    message: /either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite/,
  },
  {
    name: 'HTTPRoute CEL: filter type needs its config block',
    text: rule('filters: [{type: RequestHeaderModifier}]'),
    where: ['6:15 cel_rule'],
    message: /filter\.requestHeaderModifier must be specified for RequestHeaderModifier filter\.type/,
  },
  {
    name: 'HTTPRoute CEL: filter carries a block of another type',
    text: rule('filters: [{type: URLRewrite, urlRewrite: {}, requestRedirect: {}}]'),
    where: ['6:15 cel_rule'],
    message: /must be nil if the filter\.type is not RequestRedirect/,
  },
  {
    name: 'HTTPRoute CEL: ReplacePrefixMatch needs exactly one PathPrefix match',
    text: rule(
      'matches: [{path: {type: Exact, value: /a}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]',
    ),
    where: ['6:5 cel_rule'],
    message: /exactly one PathPrefix match/,
  },
  {
    name: 'HTTPRoute CEL: RequestRedirect with backendRefs',
    text: rule('filters: [{type: RequestRedirect, requestRedirect: {}}]\n    backendRefs: [{name: s, port: 1}]'),
    where: ['6:5 cel_rule'],
  },
  {
    name: 'HTTPRoute CEL: Service backendRef needs a port',
    text: rule('backendRefs: [{name: s}]'),
    where: ['6:19 cel_rule'],
    message: /Must have port for Service reference/,
  },
  { name: 'HTTPRoute CEL: backendRequest longer than request', text: rule('timeouts: {request: 1s, backendRequest: 2s}'), where: ['6:15 cel_rule'] },
  {
    name: 'HTTPRoute: duplicate header match names',
    text: rule('matches: [{headers: [{name: a, value: x}, {name: a, value: y}]}]'),
    where: ['6:47 duplicate_entry'],
  },
  // Gateway CEL
  {
    name: 'Gateway CEL: hostname not allowed on TCP',
    text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n  listeners: [{name: t, port: 9000, protocol: TCP, hostname: a.b}]\n`,
    where: ['6:14 cel_rule'],
  },
  {
    name: 'Gateway CEL: HTTPS Terminate needs certificateRefs (absent both: the rule errors, as on the API server)',
    text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n  listeners: [{name: s, port: 443, protocol: HTTPS, tls: {mode: Terminate}}]\n`,
    where: ['6:58 cel_rule_error'],
    message: /certificateRefs or options must be specified when mode is Terminate" could not be evaluated/,
  },
  {
    name: 'Gateway CEL: tls not allowed on HTTP',
    text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n  listeners: [{name: h, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: c}]}}]\n`,
    where: ['6:14 cel_rule'],
  },
  {
    name: 'Gateway: listener names unique (a list-map keyed by name)',
    text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n  listeners: [{name: h, port: 80, protocol: HTTP}, {name: h, port: 81, protocol: HTTP}]\n`,
    where: ['6:52 duplicate_entry'],
  },
  { name: 'Gateway: listeners are required', text: `${HEAD.gateway}spec:\n  gatewayClassName: eg\n`, where: ['5:3 required_field'] },
  // GRPCRoute CEL
  {
    name: 'GRPCRoute CEL: method match needs service or method',
    text: `${HEAD.grpc}spec:\n  rules: [{matches: [{method: {type: Exact}}]}]\n`,
    where: ['5:31 cel_rule'],
  },
  {
    name: 'GRPCRoute CEL: invalid method characters',
    text: `${HEAD.grpc}spec:\n  rules: [{matches: [{method: {method: 'a/b'}}]}]\n`,
    where: ['5:31 cel_rule'],
  },
  // Backend / Service
  {
    name: 'Backend CEL: an endpoint needs exactly one address',
    text: `${HEAD.backend}spec:\n  endpoints: [{fqdn: {hostname: a.b, port: 1}, ip: {address: 10.0.0.1, port: 1}}]\n`,
    where: ['5:15 cel_rule'],
  },
  {
    name: 'Backend CEL: FQDN not mixed with IP',
    text: `${HEAD.backend}spec:\n  endpoints: [{fqdn: {hostname: a.b, port: 1}}, {ip: {address: 10.0.0.1, port: 1}}]\n`,
    where: ['5:14 cel_rule'],
  },
  { name: 'Service: several ports need names', text: `${HEAD.service}spec:\n  ports: [{port: 80}, {port: 81}]\n`, where: ['5:11 cel_rule', '5:23 cel_rule'] },
  {
    name: 'Secret: kubernetes.io/tls needs tls.key',
    text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: t}\ntype: kubernetes.io/tls\nstringData: {tls.crt: x}\n',
    where: ['1:1 cel_rule'],
  },
  { name: 'Secret: data must be base64', text: 'apiVersion: v1\nkind: Secret\nmetadata: {name: t}\ndata: {a: "not base64!"}\n', where: ['4:11 invalid_value'] },
  // BTP CEL (messages are Envoy Gateway's)
  {
    name: 'BTP CEL: targetRef and targetRefs both set',
    text: btp('  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: g}\n'),
    where: ['5:3 cel_rule'],
    message: /either targetRef or targetRefs must be used/,
  },
  {
    name: 'BTP CEL: no target at all',
    text: `${HEAD.btp}spec: {retry: {}}\n`,
    where: ['4:7 cel_rule'],
    message: /either targetRef or targetRefs must be used/,
  },
  {
    name: 'BTP CEL: targetRefs kind must be a Gateway or route',
    text: `${HEAD.btp}spec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Service, name: s}]\n`,
    where: ['5:3 cel_rule'],
    message: /this policy can only have a targetRefs\[\*\]\.kind of Gateway/,
  },
  {
    name: 'BTP CEL: mergeType only with xRoute targets',
    text: `${HEAD.btp}spec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: g}]\n  mergeType: StrategicMerge\n`,
    where: ['5:3 cel_rule'],
    message: /mergeType can only be used with xRoute targets/,
  },
  { name: 'BTP CEL: compression and compressor not both', text: btp('  compression: [{type: Gzip}]\n  compressor: [{type: Gzip}]\n'), where: ['5:3 cel_rule'] },
  {
    name: 'BTP CEL: requestBuffer with httpUpgrade',
    text: btp('  requestBuffer: {limit: 1Mi}\n  httpUpgrade: [{type: websocket}]\n'),
    where: ['5:3 cel_rule'],
  },
  { name: 'BTP CEL: ConsistentHash needs consistentHash', text: btp('  loadBalancer: {type: ConsistentHash}\n'), where: ['6:17 cel_rule'] },
  { name: 'BTP CEL: slowStart not with Random', text: btp('  loadBalancer: {type: Random, slowStart: {window: 5s}}\n'), where: ['6:17 cel_rule'] },
  { name: 'BTP CEL: active HC type TCP without tcp', text: btp('  healthCheck: {active: {type: TCP}}\n'), where: ['6:25 cel_rule'] },
  { name: 'BTP CEL: faultInjection abort needs exactly one status', text: btp('  faultInjection: {abort: {percentage: 5}}\n'), where: ['6:27 cel_rule'] },
  {
    name: 'BTP CEL: predictivePercent needs RoundRobin or Random',
    text: btp('  connection: {preconnect: {predictivePercent: 150}}\n'),
    where: ['5:3 cel_rule'],
  },
  {
    name: 'BTP: unknown field suggests the real spelling',
    text: btp('  retry: {numretries: 1}\n'),
    where: ['6:11 unknown_field'],
    message: /did you mean "numRetries"/,
  },
  { name: 'BTP: Quantity pattern', text: btp('  connection: {bufferLimit: 1.5Mi}\n'), where: ['6:29 invalid_value'] },
  { name: 'BTP: trigger enum', text: btp('  retry: {retryOn: {triggers: [5xxx]}}\n'), where: ['6:32 invalid_enum'], message: /did you mean "5xx"/ },
];

for (const row of rows)
  test(row.name, () => {
    const r = run(row.text);
    assert.equal(r.where, row.where, r.diags.map((d) => d.message).join('\n'));
    if (row.message) assert.match(r.diags[0]!.message, row.message);
    if (r.diags.some((d) => d.severity === 'error'))
      assert.equal(
        Object.values(r.res)
          .flat()
          .filter((l) => l.written),
        [],
        'object with errors is dropped',
      );
  });

test('CRD patterns run in linear time: a hostile header value is refused, not backtracked over', () => {
  // `^[!-~]+([\t ]?[!-~]+)*$` nests quantifiers; JavaScript's RegExp takes exponential time on this.
  const value = `${'a '.repeat(2000)}\u0001`;
  const r = run(rule(`filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: x, value: ${JSON.stringify(value)}}]}}]`));
  assert.equal(r.where, ['6:94 invalid_value']);
});
test('CRD patterns: the fast boolean test finds what a full RE2 search finds, on every pattern of every CRD', () => {
  const dir = join(__dirname, '..', '..', '..', 'compiler', 'api', 'generated');
  const patterns = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pattern' && typeof x === 'string') patterns.add(x);
        else collect(x);
      }
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) collect(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  assert.ok(patterns.size >= 20, `${patterns.size} patterns`);
  const values = [
    '',
    'a',
    'A',
    '-a',
    'a-',
    'route-1',
    'foo.example.com',
    '*.example.com',
    'Foo.example.com',
    '1.5s',
    '10ms',
    '1h2m',
    '/path/x',
    'x-header',
    'héllo',
    '\u{1F600}',
    ' x',
    'x\n',
    'a'.repeat(300),
    '100Mi',
    '0.5',
  ];
  let matched = 0;
  for (const p of patterns) {
    const re = RE2JS.compile(p);
    for (const v of values) {
      const expected = re.matcher(v).find();
      matched += expected ? 1 : 0;
      assert.is(patternFor(p).test(v), expected, `${p} on ${JSON.stringify(v)}`);
    }
  }
  assert.ok(matched > 20, `${matched} matches`);
});
test.run();
