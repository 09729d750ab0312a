/** Envoy's substitution format strings: which `%` are literals, which commands Envoy 1.40 refuses. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeLonePercents, formatStringProblem } from '../../compiler/units/formatter';

const ESCAPES: [string, string][] = [
  ['100%', '100%%'],
  ['50% off', '50%% off'],
  ['%', '%%'],
  ['a%%b', 'a%%b'],
  ['%%%', '%%%%'],
  ['%DOWNSTREAM_REMOTE_ADDRESS%', '%DOWNSTREAM_REMOTE_ADDRESS%'],
  ['%REQ(x-user)% at 5%', '%REQ(x-user)% at 5%%'],
  ['%START_TIME(%s)%', '%START_TIME(%s)%'],
  ['%a%', '%%a%%'],
  ['%FOO%', '%FOO%'],
];

test('a % that starts no command operator is written %%; commands and %% pairs stay', () => {
  for (const [input, out] of ESCAPES) assert.is(escapeLonePercents(input), out, input);
});

const PROBLEMS: [string, RegExp | undefined][] = [
  ['100%', undefined],
  ['%REQ(x)%', undefined],
  ['%REQ(x):10%', undefined],
  ['%FILTER_STATE(key:PLAIN)%', undefined],
  ['%FOO%', /not a command operator Envoy knows/],
  ['%HOSTNAME(x)%', /does not take any parameters/],
  ['%REQ()%', /requires parameters/],
  ['%REQ(a?b?c)%', /More than 1 alternative header/],
  ['%REQ(a b)%', /invalid characters/],
  ['%START_TIME(%s):3%', /does not allow length/],
  ['%GRPC_STATUS(LOUD)%', /must be one of/],
  ['%CEL(request.path)%', /cannot check/],
];

test('command operators Envoy refuses are named, as Envoy words them where it can', () => {
  for (const [input, want] of PROBLEMS) {
    const p = formatStringProblem(input);
    if (want) assert.match(p ?? '', want, input);
    else assert.is(p, undefined, input);
  }
});

test.run();
