/** Every registered policy kind fits the seam: scopes in precedence order, units its scopes can reach, names unique. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { POLICY_KINDS } from '../../compiler/3-merge/registry';
import { ALL_SCOPES } from '../../compiler/3-merge/scopes';

for (const kind of POLICY_KINDS) {
  test(`${kind.kind}: scopes most specific first`, () => {
    // A kind may bring scopes of its own (Service targets); the shared ones keep their order.
    const ranks = kind.scopes.map((s) => ALL_SCOPES.indexOf(s)).filter((r) => r >= 0);
    assert.equal(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
  });
  test(`${kind.kind}: a kind applied per listener has no route scopes`, () => {
    if (kind.unit === 'listener') assert.ok(kind.scopes.every((s) => s.kind !== 'Route' && s.kind !== 'RouteRule'));
  });
  test(`${kind.kind}: a kind applied per backendRef has only scopes of its own`, () => {
    if (kind.unit === 'backendRef') assert.ok(kind.scopes.every((s) => !ALL_SCOPES.includes(s)));
  });
}

test('kinds and their status lists are named once each', () => {
  assert.is(new Set(POLICY_KINDS.map((k) => k.kind)).size, POLICY_KINDS.length);
  assert.is(new Set(POLICY_KINDS.map((k) => k.plural)).size, POLICY_KINDS.length);
});

test.run();
