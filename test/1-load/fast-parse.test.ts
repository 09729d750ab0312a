// The loader's fast path (js-yaml events → nodes) reads exactly what the yaml package reads, or
// leaves the file to it; a fast-path object's position is the yaml package's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { Diagnostics } from '../../compiler/diagnostics';
import { fastObjects, LazySource } from '../../compiler/1-load/fast-parse';
import { parseObjects, type RawObject } from '../../compiler/1-load/parse';
import { spanAt, type SourceFile } from '../../compiler/source';

const ROOT = join(__dirname, '..', '..', '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'out' && name !== 'node_modules') yamlFiles(p, out);
    } else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

const js = (raw: RawObject) => (raw.node as unknown as { toJS(doc: unknown): unknown }).toJS(raw.doc);

/** The fast path's objects of `text`, or undefined when it leaves the file to the yaml package. */
function fast(text: string): { file: SourceFile; objects: RawObject[]; starts: ReadonlyMap<unknown, number> } | undefined {
  const file = { path: 'in.yaml', text };
  const diags = new Diagnostics();
  const objects: RawObject[] = [];
  const starts = new Map<unknown, number>();
  const read = fastObjects(file, diags, (raw, at) => {
    objects.push(raw);
    starts.set(raw.node, at);
  });
  return read && diags.sorted().length === 0 ? { file, objects, starts } : undefined;
}

function slow(text: string): RawObject[] {
  return parseObjects({ path: 'in.yaml', text }, new Diagnostics());
}

test('every input in the repository: the fast path reads the same objects as the yaml package, or leaves the file to it', () => {
  let taken = 0;
  const files = [...yamlFiles(join(ROOT, 'golden')), ...yamlFiles(join(ROOT, 'examples'))];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const f = fast(text);
    if (!f) continue;
    taken++;
    const s = slow(text);
    assert.is(f.objects.length, s.length, path);
    f.objects.forEach((o, i) => {
      assert.equal(js(o), js(s[i]!), `${path} object ${i}`);
      // The lazily found node is the yaml package's node of the same object.
      const lazy = new LazySource(f.file, f.starts.get(o.node)!);
      assert.equal(lazy.node.range, s[i]!.node.range, `${path} object ${i} position`);
    });
  }
  assert.ok(taken > files.length / 2, `fast path taken for ${taken} of ${files.length} files`);
});

const SCALARS = [
  '0o17',
  '0x1F',
  '+12',
  '-0',
  '007',
  '1_000',
  '.inf',
  '-.Inf',
  '.NaN',
  '1e3',
  '1.50',
  '.5',
  '5.',
  '~',
  'Null',
  'NULL',
  'null',
  '',
  'TRUE',
  'True',
  'yes',
  'on',
  'n',
  '2001-12-14',
  '12:30:45',
  '"quoted \\u00e9 \\t tab"',
  "'it''s'",
  '"123"',
  'a b  c',
  'plain # comment',
  'multi\n  line\n\n  plain',
  '|\n  literal\n  text\n',
  '|-\n  strip\n\n',
  '|+\n  keep\n\n',
  '>\n  folded\n  text\n\n  para\n',
  '>2-\n    indented\n',
  '[1, "2", {a: b}, [c]]',
  '{}',
  '[]',
];

test('scalars and collections of every form resolve as the yaml package resolves them', () => {
  for (const v of SCALARS) {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nvalue: ${v}\n`;
    const f = fast(text);
    assert.ok(f, `fast path taken for ${JSON.stringify(v)}`);
    assert.equal(js(f!.objects[0]!), js(slow(text)[0]!), JSON.stringify(v));
  }
});

test('keys of every form: the same keys as the yaml package', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  80: a\n  "q": b\n  true: c\n  ~: d\n  0x10: e\n';
  assert.equal(js(fast(text)!.objects[0]!), js(slow(text)[0]!));
});

test('what the fast path does not read as the yaml package would is left to it', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';
  for (const text of [
    `${head}a: &x 1\nb: *x\n`,
    `${head}a: !!str 1\n`,
    `${head}a: 1\na: 2\n`,
    `${head}a: 1\n"a": 2\n`,
    `${head}data:\n${Array.from({ length: 40 }, (_, i) => `  k${i}: v\n`).join('')}  k3: again\n`,
    `${head}b: {c: 1}\nd:\n  <<: {c: 2}\n`,
    `%YAML 1.2\n---\n${head}`,
    `${head}a: [1\n`,
    `${head}? [a]\n: 1\n`,
  ])
    assert.is(fast(text), undefined, JSON.stringify(text));
});

test('documents, lists and JSON: the same objects, each found again where the yaml package puts it', () => {
  const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
  for (const text of [
    `---\n${ns('a')}---\n# only a comment\n---\n${ns('b')}...\n`,
    `# a header comment\n---\n${ns('a')}--- # a comment on the marker\n${ns('b')}---\nplain: |\n  block\n  ---text\n${ns('c').replace('apiVersion: v1\n', '')}apiVersion: v1\n`,
    `apiVersion: v1\nkind: List\nitems:\n- ${ns('a').replace(/\n(?=.)/g, '\n  ')}- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n`,
    '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}',
  ]) {
    const f = fast(text)!;
    const s = slow(text);
    assert.is(f.objects.length, s.length);
    f.objects.forEach((o, i) => {
      const lazy = new LazySource(f.file, f.starts.get(o.node)!);
      assert.equal(spanAt(lazy, ['metadata', 'name']), spanAt({ file: 'in.yaml', node: s[i]!.node as Node }, ['metadata', 'name']));
    });
  }
});

test("the fast path's nodes are the yaml package's to the package: its type checks, get() and toJS() take them", () => {
  const f = fast('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "1"}\nlist: [1, {b: 2}]\n')!;
  const map = f.objects[0]!.node as YAMLMap;
  assert.ok(isMap(map));
  assert.ok(map.items.every(isPair));
  assert.ok(isScalar(map.items[0]!.key));
  assert.is(map.get('kind'), 'ConfigMap');
  const list = map.get('list') as YAMLSeq;
  assert.ok(isSeq(list));
  assert.ok(isMap(list.items[1]));
  assert.equal(js(f.objects[0]!), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' }, list: [1, { b: 2 }] });
});

test('a file of many documents, read in several parses: every object, each at its place', () => {
  const docs = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels: {n: "${i}"}\n`);
  const text = `---\n${docs.join('---\n')}`;
  assert.ok(text.length > 3 * 64 * 1024, 'the file spans several parses');
  const f = fast(text)!;
  const s = slow(text);
  assert.is(f.objects.length, 3000);
  for (const i of [0, 1, 1234, 2999]) {
    assert.equal(js(f.objects[i]!), js(s[i]!));
    const lazy = new LazySource(f.file, f.starts.get(f.objects[i]!.node)!);
    assert.equal(lazy.node.range, s[i]!.node.range);
  }
});

test.run();
