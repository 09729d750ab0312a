import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderDiagnostics } from '../../compiler/diagnostics';
import { run } from './helpers';

const route = (name: string, ns?: string, ts?: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}${ts ? `, creationTimestamp: "${ts}"` : ''}}\nspec: {}\n`;

test('duplicate object: error at the second copy, related points at the first', () => {
  const r = run([
    { path: 'b.yaml', text: route('web') },
    { path: 'a.yaml', text: route('web') },
  ]);
  assert.is(r.diags.length, 1);
  const d = r.diags[0]!;
  assert.is(d.code, 'duplicate_object');
  assert.is(d.span!.file, 'b.yaml');
  assert.is(d.related![0]!.span.file, 'a.yaml');
  assert.match(d.message, /HTTPRoute\/default\/web is defined twice/);
  assert.is(r.res.httpRoutes.length, 1);
});

test('synthesized namespaces: one per namespace in use without a Namespace object, written false', () => {
  const r = run(`${route('a', 'team')}---\n${route('b')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {x: y}}\n`);
  const ns = r.res.namespaces.map((n) => [n.key, n.written, n.value.metadata.labels]);
  assert.equal(ns, [
    ['Namespace/default/default', false, undefined],
    ['Namespace/team/team', true, { x: 'y' }],
  ]);
});

test('provider order: creationTimestamp (absent = oldest), then namespace, then name', () => {
  const r = run(`${route('z', 'a', '2024-01-02T00:00:00Z')}---\n${route('y', 'b', '2024-01-01T00:00:00Z')}---\n${route('x', 'b')}---\n${route('w', 'a')}`);
  assert.equal(
    r.res.httpRoutes.map((l) => l.key),
    ['HTTPRoute/a/w', 'HTTPRoute/b/x', 'HTTPRoute/b/y', 'HTTPRoute/a/z'],
  );
});

test('order independence: any file and document order gives identical output', () => {
  const docs = [route('c', 'n1'), route('a', 'n2'), route('b', 'n1'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n2}\n', route('a', 'n1')];
  const files1 = [
    { path: 'x.yaml', text: docs.slice(0, 3).join('---\n') },
    { path: 'y.yaml', text: docs.slice(3).join('---\n') },
  ];
  const files2 = [
    { path: 'y.yaml', text: [...docs.slice(3)].reverse().join('---\n') },
    { path: 'x.yaml', text: [...docs.slice(0, 3)].reverse().join('---\n') },
  ];
  const strip = (r: ReturnType<typeof run>) =>
    JSON.stringify(Object.values(r.res).map((l) => (l as { key: string; written: boolean; value: unknown }[]).map((x) => [x.key, x.written, x.value])));
  assert.is(strip(run(files1)), strip(run(files2)));
});

test('diagnostics render with file(line,col)', () => {
  const r = run(route('Bad_Name'));
  const text = renderDiagnostics(r.diags, new Map(r.files.map((f) => [f.path, f])));
  assert.match(text, /^in\.yaml\(3,18\): error invalid_value: metadata\.name: "Bad_Name" is not a lower-case RFC 1123 subdomain/);
});

test.run();
