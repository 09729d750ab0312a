/**
 * Seeded fuzzing of the values users write (header names and values with `%`, CR/LF and friends,
 * CIDRs, durations, TLS Secrets, numbers at and beyond their ranges): every case must end either in
 * an input error with a location, or in a bootstrap real Envoy accepts. Never a crash, never
 * envoyc's own-output error ("a bug in envoyc"). The accepted bootstraps are merged into a few big
 * ones (each case in its own namespace and port) so Envoy runs only a handful of times.
 *
 *   FUZZ_SEED=123 FUZZ_CASES=2000 npm test -- fuzz/values
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments, stringify } from 'yaml';
import { compile } from '../../compiler';
import { runEnvoyValidateAsync } from '../../compiler/6-validate/envoy-binary';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { ensureEnvoy } from '../support/envoy';
import { GOLDEN_DIR } from '../support/golden';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_901);
const CASES = Number(process.env.FUZZ_CASES ?? 1000);
const BATCH = 200;

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rnd = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number): boolean => rnd() < p;

const NAME_PARTS = ['x-user', 'X-Trace', 'cache-control', 'host', 'Host', ':path', ':authority', 'a/b', 'a:b', '', 'x a', 'x\r\ny', 'x\u0000y', 'é', 'x-%'];
const VALUE_PARTS = [
  'plain',
  ' ',
  '\t',
  '100%',
  '%%',
  '%',
  '50% off',
  '%REQ(x-user)%',
  '%REQ(a?b?c)%',
  '%REQ()%',
  '%FOO%',
  '%a%',
  '%START_TIME(%s)%',
  '%HOSTNAME(x)%',
  '%DOWNSTREAM_REMOTE_ADDRESS%',
  '%PATH(WQ)%',
  '%GRPC_STATUS(NUMBER)%',
  '%CEL(x)%',
  '\r\n',
  '\u0000',
  'é',
  '"',
  "'",
  '{}',
  'a\tb',
];
const NUMBERS = [
  -1, 0, 1, 2, 99, 100, 199, 200, 300, 301, 404, 599, 600, 65_535, 65_536, 2_147_483_647, 2_147_483_648, 4_294_967_295, 4_294_967_296, 9_007_199_254_740_991,
];
const DURATIONS = ['0s', '0ms', '1ms', '2ms', '10ms', '1s', '30s', '5m', '1h', '99999h', '1h30m'];
const QUANTITIES = ['0', '1', '1023', '1Ki', '64Ki', '1Mi', '4Gi', '5Gi', '4294967295', '4294967296', '1E'];
const CIDRS = [
  '10.0.0.0/8',
  '10.1.2.3/24',
  '0.0.0.0/0',
  '10.0.0.0/32',
  '10.0.0.0/33',
  '010.0.0.1/8',
  '10.0.0.1',
  'not-a-cidr',
  '::1/128',
  '::/0',
  '2001:db8::1/129',
  'fe80::1%eth0/64',
  '256.0.0.1/8',
  '',
];

function headerValue(): string {
  let s = '';
  for (let i = 1 + Math.floor(rnd() * 3); i > 0; i--) s += pick(VALUE_PARTS);
  return s;
}

/** The Secrets of the golden fixtures, by name, as written (base64 data). */
const FIXTURES = new Map<string, Record<string, string>>();
for (const f of ['example-com-tls.yaml', 'more-tls.yaml']) {
  for (const doc of parseAllDocuments(readFileSync(join(GOLDEN_DIR, '_fixtures', f), 'utf8'))) {
    const o = doc.toJS() as { metadata: { name: string }; data: Record<string, string> };
    FIXTURES.set(o.metadata.name, o.data);
  }
}

/** A kubernetes.io/tls Secret's data: a fixture as written, wrapped, truncated, mismatched or garbled. */
function secretData(): Record<string, string> {
  const good = FIXTURES.get('example-com-tls')!;
  const other = FIXTURES.get(pick([...FIXTURES.keys()]))!;
  const wrap = (s: string, eol: string) => s.match(new RegExp(`.{1,${pick([60, 64, 76])}}`, 'g'))!.join(eol);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return pick([
    () => good,
    () => other,
    () => ({ 'tls.crt': wrap(good['tls.crt']!, '\n'), 'tls.key': wrap(good['tls.key']!, '\r\n') }),
    () => ({ 'tls.crt': good['tls.crt']!, 'tls.key': other['tls.key']! }),
    () => ({ 'tls.crt': good['tls.crt']!.slice(0, 200), 'tls.key': good['tls.key']! }),
    () => ({ 'tls.crt': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'tls.key': good['tls.key']! }),
    () => ({ 'tls.crt': good['tls.crt']!, 'tls.key': b64('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n') }),
    () => ({ 'tls.crt': b64('not pem at all'), 'tls.key': b64('') }),
  ])();
}

interface Case {
  id: number;
  description: string;
  docs: object[];
}

function gateway(ns: string, port: number, https: boolean): object {
  const listeners: object[] = [{ name: 'http', protocol: 'HTTP', port }];
  if (https) listeners.push({ name: 'https', protocol: 'HTTPS', port: port + 1, tls: { certificateRefs: [{ name: 'tls' }] } });
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'eg', namespace: ns }, spec: { gatewayClassName: 'eg', listeners } };
}

function route(ns: string, rule: object): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: ns },
    spec: { parentRefs: [{ name: 'eg' }], rules: [{ backendRefs: [{ name: 'web', port: 8080 }], ...rule }] },
  };
}

function policy(ns: string, spec: object): object {
  return {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    metadata: { name: 'p', namespace: ns },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }], ...spec },
  };
}

/** Each generator returns a description (for failures) and the documents besides the Gateway. */
const GENERATORS: ((ns: string) => [string, object[]])[] = [
  (ns) => {
    const mod = {
      set: [{ name: pick(NAME_PARTS) || 'x-a', value: headerValue() }],
      add: [{ name: 'x-add', value: headerValue() }],
      remove: [pick(NAME_PARTS)],
    };
    const type = pick(['RequestHeaderModifier', 'ResponseHeaderModifier'] as const);
    const filter = type === 'RequestHeaderModifier' ? { type, requestHeaderModifier: mod } : { type, responseHeaderModifier: mod };
    return [`route ${type} ${JSON.stringify(mod)}`, [route(ns, { filters: [filter] })]];
  },
  (ns) => {
    const response = {
      statusCode: pick(NUMBERS),
      contentType: headerValue(),
      body: { type: 'Inline', inline: headerValue() },
      header: { add: [{ name: 'x-o', value: headerValue() }] },
    };
    const o = { match: { statusCodes: [{ type: 'Value', value: pick(NUMBERS) }] }, response };
    return [`responseOverride ${JSON.stringify(o)}`, [route(ns, {}), policy(ns, { responseOverride: [o] })]];
  },
  (ns) => {
    const cidr = pick(CIDRS);
    const rl = {
      local: {
        rules: [{ clientSelectors: [{ sourceCIDR: { value: cidr, type: pick(['Exact', 'Distinct']) } }], limit: { requests: pick(NUMBERS), unit: 'Second' } }],
      },
    };
    return [`sourceCIDR ${JSON.stringify(cidr)}`, [route(ns, {}), policy(ns, { rateLimit: rl })]];
  },
  (ns) => {
    const spec = {
      healthCheck: {
        active: { type: 'HTTP', interval: pick(DURATIONS), timeout: pick(DURATIONS), http: { path: pick(['/h', '/h\n', '/']) } },
        passive: { interval: pick(DURATIONS), baseEjectionTime: pick(DURATIONS) },
      },
      dns: { dnsRefreshRate: pick(DURATIONS) },
      timeout: { tcp: { connectTimeout: pick(DURATIONS) } },
      faultInjection: { delay: { fixedDelay: pick(DURATIONS) } },
    };
    return [`durations ${JSON.stringify(spec)}`, [route(ns, { retry: { attempts: pick(NUMBERS), backoff: pick(DURATIONS) } }), policy(ns, spec)]];
  },
  (ns) => {
    const spec = {
      retry: { numRetries: pick(NUMBERS), numAttemptsPerPriority: pick(NUMBERS) },
      connection: { bufferLimit: pick(QUANTITIES), preconnect: { predictivePercent: pick(NUMBERS) } },
      http2: { initialStreamWindowSize: pick(QUANTITIES), initialConnectionWindowSize: pick(QUANTITIES) },
      compressor: [{ type: 'Gzip', gzip: {}, minContentLength: pick(QUANTITIES) }],
      requestBuffer: { limit: pick(QUANTITIES) },
    };
    return [`numbers ${JSON.stringify(spec)}`, [route(ns, {}), policy(ns, spec)]];
  },
  (ns) => {
    const path = pick(['/moved', '/a b', '/a\r\nb', '/100%', '/x\u0000']);
    const redirect = {
      scheme: pick([undefined, 'http', 'https']),
      port: pick([undefined, 1, 80, 443, 8080, 65_535]),
      path: { type: 'ReplaceFullPath', replaceFullPath: path },
    };
    const rewrite = { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: path } };
    const filter = chance(0.5) ? { type: 'RequestRedirect', requestRedirect: redirect } : { type: 'URLRewrite', urlRewrite: rewrite };
    return [`path filter ${JSON.stringify(filter)}`, [route(ns, { matches: [{ path: { type: 'PathPrefix', value: '/p' } }], filters: [filter] })]];
  },
  (ns) => {
    const data = secretData();
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: ns }, type: 'kubernetes.io/tls', data };
    return [`secret ${JSON.stringify(data).slice(0, 120)}…`, [route(ns, {}), secret]];
  },
];

function makeCase(id: number): Case {
  const ns = `fuzz-${id}`;
  const gen = pick(GENERATORS);
  const [description, docs] = gen(ns);
  const https = docs.some((d) => (d as { kind: string }).kind === 'Secret');
  return { id, description, docs: [gateway(ns, 20_000 + 2 * id, https), ...docs] };
}

interface Outcome {
  c: Case;
  bootstrap?: Record<string, any>;
}

function run(c: Case): Outcome {
  const text = c.docs.map((d) => stringify(d)).join('---\n');
  const result = compile([{ path: `case-${c.id}.yaml`, text }], { ...DEFAULT_OPTIONS, serviceDns: '{name}' });
  const own = result.diagnostics.filter((d) => d.code === 'generated_config_invalid');
  assert.equal(own, [], `case ${c.id} (seed ${SEED}): envoyc's own output is invalid for ${c.description}`);
  const unlocated = result.diagnostics.filter((d) => d.severity === 'error' && !d.span);
  assert.equal(unlocated, [], `case ${c.id} (seed ${SEED}): an error without a location for ${c.description}`);
  if (result.hasErrors) return { c };
  assert.is(result.outputs.length, 1, `case ${c.id}: one bootstrap`);
  return { c, bootstrap: result.outputs[0]!.bootstrap as Record<string, any> };
}

/** One bootstrap holding the listeners, clusters and secrets of many (names are unique per namespace). */
function merge(outcomes: Outcome[]): object {
  const first = outcomes[0]!.bootstrap!;
  const byName = (key: string) => {
    const seen = new Map<string, object>();
    for (const o of outcomes) for (const x of o.bootstrap!.static_resources?.[key] ?? []) seen.set((x as { name: string }).name, x);
    return [...seen.values()];
  };
  return { ...first, static_resources: { listeners: byName('listeners'), clusters: byName('clusters'), secrets: byName('secrets') } };
}

/** The first case of a refused batch that Envoy refuses on its own (halving the batch). */
async function culprit(envoy: string, batch: Outcome[]): Promise<{ c: Case; output: string }> {
  let rest = batch;
  let output = '';
  while (rest.length > 1) {
    const half = rest.slice(0, Math.ceil(rest.length / 2));
    const r = await runEnvoyValidateAsync(envoy, JSON.stringify(merge(half)));
    if (!r.ok) [rest, output] = [half, r.output];
    else rest = rest.slice(half.length);
  }
  if (!output) output = (await runEnvoyValidateAsync(envoy, JSON.stringify(merge(rest)))).output;
  return { c: rest[0]!.c, output };
}

test(`values: ${CASES} seeded cases (seed ${SEED}) end in a located error or a bootstrap Envoy accepts`, async () => {
  const outcomes = Array.from({ length: CASES }, (_, i) => run(makeCase(i)));
  const accepted = outcomes.filter((o) => o.bootstrap);
  // The generators must exercise both ends: errors and accepted output.
  assert.ok(accepted.length > CASES / 5 && accepted.length < CASES, `${accepted.length} of ${CASES} compiled`);
  const envoy = ensureEnvoy();
  const batches: Outcome[][] = [];
  for (let i = 0; i < accepted.length; i += BATCH) batches.push(accepted.slice(i, i + BATCH));
  const results = await Promise.all(batches.map((b) => runEnvoyValidateAsync(envoy, JSON.stringify(merge(b)))));
  for (const [i, r] of results.entries()) {
    if (r.ok) continue;
    const { c, output } = await culprit(envoy, batches[i]!);
    assert.unreachable(`Envoy refused case ${c.id} (seed ${SEED}): ${c.description}\n${output.split('\n').slice(-3).join('\n')}`);
  }
});

test.run();
