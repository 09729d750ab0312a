// The nesting pre-check: input nested past MAX_NESTING is found before anything parses it, and
// shallow input, however many brackets it has, is not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_NESTING, tooDeepAt } from '../../compiler/source/nesting';

const DEEP = MAX_NESTING + 1;

test('flow collections nested too deep: found at the opener past the limit', () => {
  assert.is(tooDeepAt(`a: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`), 3 + MAX_NESTING);
  assert.is(tooDeepAt(`${'[{'.repeat(DEEP / 2 + 1)}`), MAX_NESTING);
});

test('block nesting by indentation and by compact sequences: found', () => {
  assert.is(tooDeepAt(`a:\n${' '.repeat(DEEP)}b: 1\n`), 3 + MAX_NESTING);
  assert.is(tooDeepAt(`${'- '.repeat(DEEP)}x\n`), MAX_NESTING);
});

test('shallow input with many brackets, or brackets in quotes and comments: not too deep', () => {
  assert.is(tooDeepAt(`a: ${'[], {}, '.repeat(5 * MAX_NESTING)}\n`), undefined);
  assert.is(tooDeepAt(`a: "${'['.repeat(DEEP)}"\nb: '${'{'.repeat(DEEP)}'\n# ${'['.repeat(DEEP)}\n`), undefined);
  assert.is(tooDeepAt(`a:\n${' '.repeat(MAX_NESTING)}b: 1\n`), undefined);
});

test.run();
