import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HEAD, run } from './helpers';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

const rows: { name: string; text: string; keys?: string[]; where?: string[] }[] = [
  { name: 'multi-document YAML: every document loads', text: `${ns('a')}---\n${ns('b')}`, keys: ['Namespace/a/a', 'Namespace/b/b'], where: [] },
  { name: 'empty documents are skipped', text: `---\n---\n${ns('a')}---\n`, keys: ['Namespace/a/a'], where: [] },
  {
    name: 'kind: List is expanded into its items',
    text: `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n`,
    keys: ['Namespace/a/a', 'Namespace/b/b'],
    where: [],
  },
  { name: 'JSON input is read like YAML', text: '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}', keys: ['Namespace/j/j'], where: [] },
  { name: 'syntax error: reported at its position, document dropped', text: `${ns('a')}---\nkind: [\n`, keys: ['Namespace/a/a'], where: ['6:1 yaml_syntax'] },
  {
    name: 'duplicate key: yaml_syntax at the second key',
    text: 'apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata: {name: a}\n',
    keys: [],
    where: ['3:1 yaml_syntax'],
  },
  { name: 'a document that is not a mapping is an error', text: '- a\n- b\n', keys: [], where: ['1:1 invalid_document'] },
  { name: 'missing kind is an error', text: 'apiVersion: v1\nmetadata: {name: a}\n', keys: [], where: ['1:1 missing_type_meta'] },
  {
    name: 'a kind that does not concern Envoy: a note at the kind, ignored',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n',
    keys: [],
    where: ['2:7 kind_ignored'],
  },
  {
    name: 'known kind under an apiVersion that does not serve it: error at apiVersion',
    text: 'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: Gateway\nmetadata: {name: gw}\n',
    keys: [],
    where: ['1:13 unknown_kind'],
  },
  {
    name: 'YAML merge keys are honoured',
    text: `${HEAD.service}spec:\n  ports:\n  - &p {port: 80, name: http}\n  - <<: *p\n    name: https\n    port: 443\n`,
    keys: ['Service/default/s'],
    where: [],
  },
];

for (const row of rows)
  test(row.name, () => {
    const r = run(row.text);
    const keys = Object.values(r.res)
      .flat()
      .filter((l) => l.written)
      .map((l) => l.key);
    if (row.keys) assert.equal(keys, row.keys);
    if (row.where) assert.equal(r.where, row.where);
  });

test('syntax error message comes from the YAML parser', () => {
  const r = run('a: [1\n');
  assert.is(r.diags[0]!.code, 'yaml_syntax');
  assert.ok(r.diags[0]!.message.length > 0);
});

test.run();
