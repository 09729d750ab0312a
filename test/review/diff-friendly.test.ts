/**
 * Diff-friendly output: for single edits, the textual diff of the emitted YAML touches only the
 * objects that should change. Changed lines are mapped to the innermost enclosing route, virtual
 * host, cluster or listener (line-diff.ts), and that set must equal the expected one.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler';
import { serialize } from '../../compiler/5-emit/serialize';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { diffLines, namedRanges, touchedObjects } from '../../compiler/review/line-diff';
import { GATEWAY, POLICY, ROUTES } from './fixture';

function yamlOf(files: Record<string, string>): string {
  const result = compile(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    DEFAULT_OPTIONS,
  );
  assert.is(result.hasErrors, false, JSON.stringify(result.diagnostics));
  return serialize(result.outputs[0]!.bootstrap, 'yaml');
}

const BASE = { 'gateway.yaml': GATEWAY, 'routes.yaml': ROUTES, 'policies.yaml': POLICY };
const API0 = 'route httproute/default/api/rule/0/match/0/api_example_com';

const EXTRA_ROUTE = `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: docs
  namespace: default
spec:
  parentRefs:
    - name: eg
  hostnames:
    - api.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /docs
      backendRefs:
        - name: docs
          port: 8080
`;

const EDITS: { name: string; edit: (f: Record<string, string>) => Record<string, string>; touched: string[] }[] = [
  { name: 'a retry count', edit: (f) => ({ ...f, 'routes.yaml': f['routes.yaml']!.replace('attempts: 2', 'attempts: 5') }), touched: [API0] },
  { name: 'a request timeout', edit: (f) => ({ ...f, 'routes.yaml': f['routes.yaml']!.replace('request: 10s', 'request: 30s') }), touched: [API0] },
  {
    name: "a policy's connect timeout",
    edit: (f) => ({ ...f, 'policies.yaml': f['policies.yaml']!.replace('connectTimeout: 3s', 'connectTimeout: 4s') }),
    touched: ['cluster httproute/default/api/rule/0', 'cluster httproute/default/api/rule/1'],
  },
  {
    name: 'one backend weight',
    edit: (f) => ({ ...f, 'routes.yaml': f['routes.yaml']!.replace('weight: 10', 'weight: 20') }),
    touched: ['cluster httproute/default/api/rule/0'],
  },
  {
    name: 'one route added',
    edit: (f) => ({ ...f, 'routes.yaml': f['routes.yaml']! + EXTRA_ROUTE }),
    touched: ['cluster httproute/default/docs/rule/0', 'route httproute/default/docs/rule/0/match/0/api_example_com'],
  },
];

const t = suite('review: diff-friendly output');

t('line diff: only the changed lines, in order', () => {
  assert.equal(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']), [
    { side: '-', line: 2, text: 'b' },
    { side: '+', line: 2, text: 'x' },
    { side: '+', line: 4, text: 'd' },
  ]);
});

t('named ranges cover every route and cluster', () => {
  const ranges = namedRanges(yamlOf(BASE));
  assert.equal(
    ranges.filter((r) => r.kind === 'cluster').map((r) => r.name),
    ['httproute/default/api/rule/0', 'httproute/default/api/rule/1', 'httproute/default/web/rule/0'],
  );
  assert.is(ranges.filter((r) => r.kind === 'route').length, 3);
});

for (const e of EDITS) {
  t(`${e.name}: the diff is confined to ${e.touched.join(', ')}`, () => {
    assert.equal(touchedObjects(yamlOf(BASE), yamlOf(e.edit(BASE))), [...e.touched].sort());
  });
}

t.run();
