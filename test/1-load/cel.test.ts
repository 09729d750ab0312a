// The CRDs' CEL rules run on @bufbuild/cel: every rule of every generated schema compiles and calls
// only functions the environment has, and the evaluation follows the API server's conventions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bufbuild/cel';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CrdSchemaFile, OpenApiSchema } from '../../compiler/api/openapi';
import { evaluateRules, ruleEnvironment } from '../../compiler/1-load/cel';
import type { SchemaNode } from '../../compiler/1-load/schema/node';
import { celName } from '../../compiler/1-load/cel/convert';
import { isKubernetesIP } from '../../compiler/1-load/cel/kubernetes';
import { btp, HEAD, run } from './helpers';

const DIR = join(__dirname, '..', '..', '..', 'compiler', 'api', 'generated');

function rulesOf(s: OpenApiSchema, out: string[]): string[] {
  for (const r of s['x-kubernetes-validations'] ?? []) out.push(r.rule);
  for (const c of [...Object.values(s.properties ?? {}), s.items, typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined])
    if (c) rulesOf(c, out);
  return out;
}

const allRules: string[] = [];
for (const f of readdirSync(DIR).filter((n) => n.endsWith('.schema.json'))) {
  const file = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as CrdSchemaFile;
  for (const s of [...Object.values(file.versions), ...Object.values(file.definitions)]) rulesOf(s, allRules);
}

/** Operators and macros the planner evaluates itself (not functions of the environment). */
const BUILTIN = new Set([
  '_&&_',
  '_||_',
  '_?_:_',
  '!_',
  '@not_strictly_false',
  '@in',
  '_[_]',
  '_==_',
  '_!=_',
  '_<_',
  '_<=_',
  '_>_',
  '_>=_',
  '_+_',
  '_-_',
  '_*_',
  '_/_',
  '_%_',
  '-_',
]);

function calls(expr: any, out: Set<string>): void {
  if (!expr || typeof expr !== 'object') return;
  const k = expr.exprKind;
  if (k?.case === 'callExpr') {
    const t = k.value.target?.exprKind;
    out.add(t?.case === 'identExpr' && t.value.name === 'format' ? `format.${k.value.function}` : k.value.function);
  }
  for (const v of Object.values(expr)) if (v && typeof v === 'object') Array.isArray(v) ? v.forEach((x) => calls(x, out)) : calls(v, out);
}

test('every CEL rule of the generated schemas parses and calls only functions the environment has', () => {
  assert.ok(new Set(allRules).size >= 250, `${new Set(allRules).size} distinct rules`);
  const env = ruleEnvironment();
  const used = new Set<string>();
  for (const r of allRules) calls(parse(r).expr, used);
  const missing = [...used].filter((f) => !BUILTIN.has(f) && !env.funcs.find(f));
  assert.equal(missing, []);
});

test('property names are escaped as Kubernetes escapes them', () => {
  assert.is(celName('namespace'), '__namespace__');
  assert.is(celName('x-y.z/w__v'), 'x__dash__y__dot__z__slash__w__underscores__v');
  assert.is(celName('name'), 'name');
});

test('isIP as Kubernetes: no zones, no IPv4-mapped IPv6, no leading zeros', () => {
  for (const ok of ['10.0.0.1', '::1', '2001:db8::1']) assert.ok(isKubernetesIP(ok), ok);
  for (const bad of ['010.0.0.1', 'fe80::1%eth0', '::ffff:10.0.0.1', 'example.com', '']) assert.not.ok(isKubernetesIP(bad), bad);
});

test('integers are ints: a rule comparing them with int literals holds (HTTPRoute parentRefs port)', () => {
  const r = run(`${HEAD.route}spec:\n  parentRefs: [{name: gw, port: 80}, {name: gw, port: 81}]\n`);
  assert.equal(r.where, []);
});

test('a namespace field is seen as __namespace__ (parentRefs rule)', () => {
  const r = run(`${HEAD.route}spec:\n  parentRefs: [{name: gw, namespace: a}, {name: gw, namespace: a}]\n`);
  assert.equal(r.where, ['5:15 cel_rule']);
  assert.match(r.diags[0]!.message, /sectionName or port must be unique/);
});

test('defaults are applied before the rules run (the total-match-count rule counts defaulted matches)', () => {
  const rules = Array.from({ length: 16 }, () => `  - matches: [${Array(8).fill('{}').join(', ')}]`).join('\n');
  const r = run(`${HEAD.route}spec:\n  rules:\n${rules}\n  - {}\n`);
  assert.ok(r.where.some((w) => w.endsWith('invalid_value')) || r.diags.some((d) => /less than 128/.test(d.message)), r.where.join(' '));
});

test('a rule that cannot be evaluated is reported as erroring, not as failing; update rules are skipped', () => {
  const node: SchemaNode = {
    kind: 'object',
    fields: new Map([['a', { kind: 'integer' }]]),
    rules: [
      { rule: 'self.b == 1', message: 'b is one' },
      { rule: 'self.a == 2', message: 'a is two' },
      { rule: 'self == oldSelf', message: 'immutable' },
    ],
  };
  const outcomes = evaluateRules(node, { a: 1 });
  assert.equal(
    outcomes.map((o) => [o.message, o.error !== undefined]),
    [
      ['b is one', true],
      ['a is two', false],
    ],
  );
});

test('BTP: the CRD rules of nested fields run (duration comparison on the http2 keepalive)', () => {
  const r = run(btp('  http2: {connectionKeepalive: {interval: 1s, timeout: 2s}}\n'));
  assert.equal(
    r.diags.map((d) => d.code),
    ['cel_rule'],
  );
});

test.run();
