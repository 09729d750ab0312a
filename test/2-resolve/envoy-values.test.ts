/** The Envoy value rules name real fields of kinds the checker walks (a typo would never fire). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KIND_BY_NAME } from '../../compiler/1-load/kinds';
import type { SchemaNode } from '../../compiler/1-load/schema/node';
import { schemaOf } from '../../compiler/1-load/schema/registry';
import { CHECKED_LISTS } from '../../compiler/2-resolve/check-values';
import { ENVOY_VALUE_RULES } from '../../compiler/2-resolve/envoy-values';

/** The schema at a rule path (`[]` list items, `{}` map values), or undefined when a segment is no field. */
function schemaAt(schema: SchemaNode, path: string): SchemaNode | undefined {
  let s: SchemaNode | undefined = schema;
  for (const seg of path.split('.')) {
    const m = /^([^[{]+)(\[\]|\{\})?$/.exec(seg)!;
    if (s?.kind !== 'object') return undefined;
    s = s.fields?.get(m[1]!);
    if (m[2] === '[]') s = s?.kind === 'list' ? s.items : undefined;
    if (m[2] === '{}') s = s?.kind === 'map' || s?.kind === 'object' ? s.values : undefined;
  }
  return s;
}

test('every rule names a field of its kind, and its kind is one the checker walks', () => {
  const listOf = (k: { handling: unknown }) => (typeof k.handling === 'object' && k.handling && 'list' in k.handling ? (k.handling.list as string) : undefined);
  const walked = new Set<string>([...KIND_BY_NAME.values()].filter((k) => (CHECKED_LISTS as readonly string[]).includes(listOf(k) ?? '')).map((k) => k.kind));
  for (const rule of ENVOY_VALUE_RULES) {
    for (const kind of rule.kinds) {
      assert.ok(walked.has(kind), `${kind} (${rule.path}) is not walked`);
      const def = KIND_BY_NAME.get(kind)!;
      assert.ok(schemaAt(schemaOf(def.kind, def.versions[0]!), rule.path), `${kind} has no field ${rule.path}`);
    }
  }
});

test.run();
