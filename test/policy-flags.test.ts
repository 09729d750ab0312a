/** `--no-policies [KIND,…]` and `--no-policies-in NS,…` → CompileOptions, and where a bare `--no-policies` goes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectList, placePolicyFlag, PolicyFlagError, policyOptions } from '../compiler/policy-flags';

const exists = (p: string) => ['config/', 'Config'].includes(p);

test('a bare --no-policies before a path moves behind the options, keeping the paths in order', () => {
  assert.equal(placePolicyFlag(['node', 'cli', 'diff', '--no-policies', 'config/', 'b/'], exists), ['node', 'cli', 'diff', 'config/', 'b/', '--no-policies']);
  assert.equal(placePolicyFlag(['compile', '--no-policies', 'x.yaml', '--', '-odd'], exists), ['compile', 'x.yaml', '--no-policies', '--', '-odd']);
  assert.equal(placePolicyFlag(['compile', '--no-policies', 'Config'], exists), ['compile', 'Config', '--no-policies']);
});

test('a kind list, another flag or nothing after --no-policies: left as is', () => {
  for (const argv of [
    ['compile', '--no-policies', 'BackendTrafficPolicy', 'a/'],
    ['compile', '--no-policies', 'BackendTraficPolicy', 'a/'],
    ['compile', '--no-policies', '-o', 'x'],
    ['compile', 'a/', '--no-policies'],
    ['compile', 'a/'],
  ])
    assert.equal(placePolicyFlag(argv, exists), argv);
});

test('flag values → options: every kind, the kinds listed, the namespaces listed', () => {
  assert.equal(policyOptions({ policies: true, policiesIn: [] }), { noPolicies: false, noPoliciesIn: [] });
  assert.equal(policyOptions({ policies: false, policiesIn: ['t1'] }), { noPolicies: true, noPoliciesIn: ['t1'] });
  assert.equal(policyOptions({ policies: 'BackendTrafficPolicy', policiesIn: [] }), { noPolicies: ['BackendTrafficPolicy'], noPoliciesIn: [] });
  assert.equal(collectList(' b ,c', collectList('a,', [])), ['a', 'b', 'c']);
});

test('a kind envoyc does not translate is a usage error naming the kinds it does', () => {
  assert.throws(
    () => policyOptions({ policies: 'BackendTrafficPolicy,EnvoyProxy', policiesIn: [] }),
    (e: Error) =>
      e instanceof PolicyFlagError && e.message.includes('EnvoyProxy is not a policy kind envoyc translates') && e.message.includes('BackendTrafficPolicy'),
  );
});

test.run();
