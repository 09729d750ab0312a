/** compiler/regex: Envoy's verdicts, user-facing reasons, and full-match semantics in Latin-1, in linear time. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRegex, compileRegex } from '../../compiler/regex';

const t = suite('regex: verdicts and matching');

const VERDICTS: [string, string, RegExp | number][] = [
  ['a{96}: size 100, the largest Envoy takes', 'a{96}', 100],
  ['a{97}: size 101, refused', 'a{97}', /program size is 101, over Envoy's limit of 100/],
  ['empty regex', '', /the regex is empty/],
  ['a code point above 0xFF', '\\x{100}', /invalid escape sequence: \\x\{100/],
  ['backreference', '(a)\\1', /invalid escape sequence: \\1/],
  ['lookahead', '(?=a)', /invalid perl operator: \(\?=/],
  ['possessive', 'a++', /bad repetition operator: \+\+/],
  ['repeat over 1000', 'a{1001}', /invalid repetition size: \{1001\}/],
  ['nested repeats over 1000', '((a{100}){100}){100}', /invalid repetition size/],
  ['duplicate group names (Envoy accepts them)', '(?P<n>a)(?P<n>b)', 10],
  ['\\C (Envoy accepts it)', '\\C', 5],
  ['(?<name>x) (Envoy accepts it)', '(?<name>x)', 7],
  ['\\Q…\\E (Envoy accepts it)', '\\Qa.b\\E', 7],
  ['octal (Envoy accepts it)', '\\101', 5],
  ['\\p{Greek} compiles to nothing in Latin-1', '\\p{Greek}', 1],
];

for (const [name, pattern, want] of VERDICTS) {
  t(name, () => {
    const v = checkRegex(pattern);
    if (typeof want === 'number') assert.equal(v, { ok: true, programSize: want });
    else assert.ok(!v.ok && want.test(v.reason), JSON.stringify(v));
  });
}

const MATCHES: [string, string, string, boolean][] = [
  ['a path regex matches the whole path', '/users/[0-9]+', '/users/42', true],
  ['and only the whole path', '/users/[0-9]+', '/users/42/x', false],
  ['anchors are redundant', '^/a$', '/a', true],
  ['. is one byte: é is two', '^.$', 'é', false],
  ['.. matches é', '^..$', 'é', true],
  ['a non-ASCII pattern is its bytes', '(?:é)+', 'éé', true],
  ['so + after é repeats its last byte only', 'é+', 'éé', false],
  ['(?i) folds ASCII only', '(?i)é', 'É', false],
  ['(?i) folds ASCII', '(?i)hello', 'HeLLo', true],
  ['\\p{L} is Latin-1 letters: the first byte of é is Ã', '\\p{L}\\C', 'é', true],
  ['and its second byte, ©, is not a letter', '\\p{L}{2}', 'é', false],
  ['\\p{Greek} never matches', '\\p{Greek}', 'α', false],
  ['\\C is any byte', '\\C\\C', 'é', true],
  ['\\b at ASCII word edges', 'a\\b.*', 'a b', true],
  ['alternation is not anchored piecewise', 'a|ab', 'ab', true],
  ['(?m)$ before a newline', '(?m)a$\\n?', 'a\n', true],
  ['non-greedy changes nothing for a full match', 'a+?', 'aaa', true],
  ['an empty program matches nothing', '[^\\x00-\\xff]', '', false],
];

for (const [name, pattern, input, want] of MATCHES) {
  t(`match: ${name}`, () => assert.is(compileRegex(pattern)!.fullMatch(input), want));
}

t('a refused regex has no matcher', () => {
  assert.is(compileRegex('(?=a)'), undefined);
});

t('pathological patterns take linear work', () => {
  // Backtracking needs ~2^n steps on these; the program simulation visits each state once per byte.
  for (const pattern of ['(a+)+b', '(a|aa)+c', '(x+x+)+y', '(.*)*z']) {
    const re = compileRegex(pattern)!;
    const runs = [1000, 2000].map((n) => {
      const stats = { steps: 0 };
      assert.is(re.fullMatch(pattern[1] === 'x' ? 'x'.repeat(n) : 'a'.repeat(n), stats), false);
      return stats.steps;
    });
    assert.ok(runs[1]! <= 2.1 * runs[0]!, `${pattern}: ${runs.join(' → ')} steps when the input doubles`);
  }
  assert.is(compileRegex('(a+)+b')!.fullMatch('a'.repeat(100_000) + 'b'), true);
});

t.run();
