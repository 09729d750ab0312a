/** CIDRs as Go's net.ParseCIDR reads them (Envoy Gateway's rate-limit source CIDRs). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCidr } from '../../compiler/units/cidr';

const ROWS: [string, string | undefined][] = [
  ['10.0.0.0/8', '10.0.0.0/8'],
  ['10.1.2.3/24', '10.1.2.0/24'],
  ['0.0.0.0/0', '0.0.0.0/0'],
  ['2001:DB8::1/32', '2001:db8::/32'],
  ['1:0:0:2:0:0:0:3/128', '1:0:0:2::3/128'],
  ['::/0', '::/0'],
  ['10.0.0.0/33', undefined],
  ['::1/129', undefined],
  ['10.0.0.1', undefined],
  ['not-a-cidr', undefined],
  ['010.0.0.1/8', undefined],
  ['fe80::1%eth0/64', undefined],
  ['256.0.0.1/8', undefined],
];

test('valid CIDRs are normalized to their network; invalid ones are refused', () => {
  for (const [input, want] of ROWS) assert.is(parseCidr(input)?.text, want, input);
});

test.run();
