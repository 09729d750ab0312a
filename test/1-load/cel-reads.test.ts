// What rules read of `self` (reads.ts), and the memo built on it: values that read alike share one
// evaluation, and that never changes a rule's outcome.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bufbuild/cel';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from '../../compiler/1-load';
import { evaluateRules, ruleOutcomes } from '../../compiler/1-load/cel';
import { readingKey, readsOf, type Reads } from '../../compiler/1-load/cel/reads';
import { schemaOf } from '../../compiler/1-load/schema/registry';
import type { SchemaNode } from '../../compiler/1-load/schema/node';
import { KIND_BY_NAME } from '../../compiler/1-load/kinds';
import { Diagnostics } from '../../compiler/diagnostics';

const ROOT = join(__dirname, '..', '..', '..');

const readsOfRule = (rule: string): Reads => readsOf([parse(rule).expr]);
const plain = (r: Reads): unknown => JSON.parse(JSON.stringify(r, (_, v) => (v instanceof Map ? Object.fromEntries(v) : v)));
const key = (rule: string, v: unknown) => readingKey(v, readsOfRule(rule), undefined);

test('reads: fields, presence, sizes, constant indexes and loop variables; anything else whole', () => {
  assert.equal(plain(readsOfRule("(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true")), {
    fields: { group: { size: true }, kind: { whole: true }, port: {} },
  });
  assert.equal(plain(readsOfRule('(self.size() > 1 ? self[1].matches.size() : 0) <= 8')), {
    size: true,
    items: { 1: { fields: { matches: { size: true } } } },
  });
  assert.equal(plain(readsOfRule('self.all(r, !has(r.name) || self.exists_one(q, q.name == r.name))')), { each: { fields: { name: { whole: true } } } });
  assert.equal(plain(readsOfRule("self.filter(f, f.type == 'CORS').size() <= 1")), { each: { fields: { type: { whole: true } }, whole: true } });
  assert.equal(plain(readsOfRule("'*' in self")), { whole: true });
  assert.equal(plain(readsOfRule('self.all(self, self > 0)')), { whole: true });
  assert.equal(plain(readsOfRule('self.all(i, v, v > i)')), { whole: true });
});

test('readingKey: values differing only where no rule reads share a key; a difference the rules read does not', () => {
  const rule = "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true";
  assert.is(key(rule, { group: '', kind: 'Service', name: 'a', port: 80 }), key(rule, { group: '', kind: 'Service', name: 'b', port: 8080 }));
  assert.is.not(key(rule, { group: '', kind: 'Service', name: 'a', port: 80 }), key(rule, { group: '', kind: 'Service', name: 'a' }));
  assert.is.not(key(rule, { group: '', kind: 'Service' }), key(rule, { group: 'x', kind: 'Service' }));
  const loop = 'self.all(r, !has(r.name) || self.exists_one(q, q.name == r.name))';
  assert.is(key(loop, [{ name: 'a', x: 1 }, { name: 'b' }]), key(loop, [{ name: 'a' }, { name: 'b', y: 2 }]));
  assert.is.not(key(loop, [{ name: 'a' }, { name: 'b' }]), key(loop, [{ name: 'a' }, { name: 'a' }]));
  assert.is.not(key(loop, [{ name: 'a' }]), key(loop, [{ name: 'a' }, {}]));
  // A part of the wrong shape (a field read on a list, a loop over a map) counts whole.
  assert.is.not(key(rule, [1]), key(rule, [2]));
  assert.is.not(key(loop, { a: { name: 'x' } }), key(loop, { b: { name: 'x' } }));
});

test("readingKey: a field is found by its CEL name, escaped or not, and only among the value's own keys", () => {
  // `namespace` is a CEL keyword: rules read it as `__namespace__`; `a-b` as `a__dash__b`.
  const rule = "self.__namespace__ == 'x' && self.a__dash__b == 1 && self.constructor == 2";
  assert.is.not(key(rule, { namespace: 'x', 'a-b': 1 }), key(rule, { namespace: 'y', 'a-b': 1 }));
  assert.is.not(key(rule, { namespace: 'x', 'a-b': 1 }), key(rule, { namespace: 'x', 'a-b': 2 }));
  assert.is(key(rule, { namespace: 'x', 'a-b': 1, other: 1 }), key(rule, { namespace: 'x', 'a-b': 1, other: 2 }));
  // An object's inherited `constructor` is not a field the value has.
  assert.is(key(rule, {}), key(rule, Object.create(null)));
  assert.is.not(key(rule, {}), key(rule, { constructor: 2 }));
});

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'out') yamlFiles(p, out);
    } else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Every (schema node with rules, value) pair in a loaded value. */
function ruled(s: SchemaNode | undefined, v: unknown, each: (s: SchemaNode, v: unknown) => void): void {
  if (!s || v === null || v === undefined) return;
  if (s.rules) each(s, v);
  if (Array.isArray(v)) for (const x of v) ruled(s.items, x, each);
  else if (typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) ruled(s.kind === 'map' ? s.values : s.fields?.get(k), x, each);
}

/** Values near `v` that rules may refuse: a field dropped or emptied, a list item repeated or dropped. */
function variants(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.length ? [[...v, v[0]], v.slice(1)] : [];
  if (v === null || typeof v !== 'object') return [];
  const o = v as Record<string, unknown>;
  const out: unknown[] = [];
  for (const k of Object.keys(o)) {
    const { [k]: _, ...rest } = o;
    out.push(rest);
    if (typeof o[k] === 'string') out.push({ ...o, [k]: '' });
  }
  return out;
}

test('every input in the repository, and values near each: the memoized outcome of every ruled value is its own evaluation: the memoized outcome of every ruled value is its own evaluation', () => {
  let checked = 0;
  for (const dir of ['golden', 'examples']) {
    for (const path of yamlFiles(join(ROOT, dir))) {
      const res = load([{ path, text: readFileSync(path, 'utf8') }], new Diagnostics());
      for (const list of Object.values(res))
        for (const o of list as { value?: { apiVersion?: string; kind?: string } }[]) {
          const kind = o.value?.kind;
          const def = kind ? KIND_BY_NAME.get(kind) : undefined;
          const version = o.value?.apiVersion?.split('/').pop();
          if (!def || !version || !def.versions?.includes(version)) continue;
          ruled(schemaOf(def.kind, version), o.value, (s, v) => {
            for (const variant of [v, ...variants(v)]) {
              assert.equal(evaluateRules(s, variant), ruleOutcomes(s, variant), `${path}: ${kind}: ${JSON.stringify(variant)}`);
              checked++;
            }
          });
        }
    }
  }
  assert.ok(checked > 1000, `${checked} ruled values checked`);
});

test.run();
