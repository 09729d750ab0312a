/** The Envoy value rules name real fields of kinds the checker walks (a typo would never fire). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KIND_BY_NAME } from '../../compiler/1-load/kinds';
import type { Schema } from '../../compiler/1-load/schema/dsl';
import { CHECKED_LISTS } from '../../compiler/2-resolve/check-values';
import { ENVOY_VALUE_RULES } from '../../compiler/2-resolve/envoy-values';

/** The schema at a rule path (`[]` list items, `{}` map values), or undefined when a segment is no field. */
function schemaAt(schema: Schema, path: string): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const seg of path.split('.')) {
    const m = /^([^[{]+)(\[\]|\{\})?$/.exec(seg)!;
    if (s?.t !== 'object') return undefined;
    s = s.fieldMap.get(m[1]!);
    if (m[2] === '[]') s = s?.t === 'list' ? s.items : undefined;
    if (m[2] === '{}') s = s?.t === 'map' ? s.values : undefined;
  }
  return s;
}

test('every rule names a field of its kind, and its kind is one the checker walks', () => {
  const walked = new Set<string>([...KIND_BY_NAME.values()].filter((k) => (CHECKED_LISTS as readonly string[]).includes(k.list)).map((k) => k.kind));
  for (const rule of ENVOY_VALUE_RULES) {
    for (const kind of rule.kinds) {
      assert.ok(walked.has(kind), `${kind} (${rule.path}) is not walked`);
      assert.ok(schemaAt(KIND_BY_NAME.get(kind)!.schema, rule.path), `${kind} has no field ${rule.path}`);
    }
  }
});

test.run();
