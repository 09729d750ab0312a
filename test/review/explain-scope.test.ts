/** explain lists the policies that concern a route: its rule's, its route's, its listeners' and its Gateway's. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GOLDEN_DIR, ROOT } from '../support/golden';

function explain(route: string, golden = 'btp-precedence-section-override'): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'explain', 'in', '--route', route], {
    cwd: join(GOLDEN_DIR, golden),
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.slice(0, r.stdout.indexOf('\ncluster '));
}

test('rule-1 on listener l1: its rule policy applies; the route and Gateway policies are overridden; the l2 policy is not listed', () => {
  const out = explain('httproute/default/r/rule/0/match/0/*');
  assert.match(out, 'BackendTrafficPolicy default/p-r1 (in/policies.yaml:50): applied');
  assert.match(out, 'BackendTrafficPolicy default/p-r (in/policies.yaml:33): overridden');
  assert.match(out, 'BackendTrafficPolicy infra/p-gw (in/policies.yaml:2): overridden');
  assert.not.match(out, 'p-l2');
});

test('rule-2: the route policy applies and the rule-1 policy is not listed', () => {
  const out = explain('httproute/default/r/rule/1/match/0/*');
  assert.match(out, 'BackendTrafficPolicy default/p-r (in/policies.yaml:33): applied');
  assert.not.match(out, 'p-r1');
  assert.not.match(out, 'p-l2');
});

test('label selectors: a selected Gateway policy is listed as overridden where a selected route policy applies', () => {
  const shop = explain('httproute/blue-apps/shop/rule/0/match/0/shop_example_com', 'btp-target-selectors');
  assert.match(shop, 'BackendTrafficPolicy platform/edge-routes (in/policies.yaml:2): applied');
  assert.match(shop, 'BackendTrafficPolicy platform/edge-gateways (in/policies.yaml:29): overridden');
  // cart matches a selector, but no ReferenceGrant lets the route policy into its namespace.
  const cart = explain('httproute/blue-apps/cart/rule/0/match/0/cart_example_com', 'btp-target-selectors');
  assert.match(cart, 'BackendTrafficPolicy platform/edge-gateways (in/policies.yaml:29): applied');
  assert.not.match(cart, 'edge-routes');
});

test('a filter a policy switches on is credited to that policy, not to the route rule', () => {
  const out = explain('httproute/default/web/rule/0/match/0/*', 'btp-fault-injection');
  assert.match(out, /typed_per_filter_config .*← BackendTrafficPolicy default\/fault, in\/policies.yaml:\d+/);
});

test.run();
