/**
 * The RE2 port against real Envoy 1.40: program sizes equal the sizes Envoy logs for the same
 * regexes (runtime key `re2.max_program_size.warn_level` at 0), and every regex envoyc refuses
 * Envoy refuses too. Two Envoy runs for the sizes, one per refused regex.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRegex, ENVOY_MAX_PROGRAM_SIZE } from '../../compiler/regex';
import { envoyAcceptsAll, envoyProgramSizes, envoyRefused } from '../support/envoy-regex';
import { INVALID, VALID } from './corpus';

const t = suite('regex: RE2 port vs Envoy');

const sizeOf = (p: string): number => {
  const v = checkRegex(p);
  if (v.ok) return v.programSize;
  const m = /program size is (\d+)/.exec(v.reason);
  if (!m) throw new Error(`${p}: ${v.reason}`);
  return Number(m[1]);
};

t('program sizes equal the sizes Envoy logs', () => {
  const envoy = envoyProgramSizes(VALID);
  const diffs = VALID.flatMap((p, i) => (sizeOf(p) === envoy[i] ? [] : [`${JSON.stringify(p)}: envoyc ${sizeOf(p)}, Envoy ${envoy[i]}`]));
  assert.equal(diffs, []);
});

t('the size limit: what envoyc accepts Envoy accepts, what it refuses for size Envoy refuses', () => {
  const accepted = VALID.filter((p) => checkRegex(p).ok);
  const tooBig = VALID.filter((p) => !checkRegex(p).ok);
  assert.ok(tooBig.length >= 3, 'the corpus has regexes over the limit');
  assert.ok(tooBig.every((p) => sizeOf(p) > ENVOY_MAX_PROGRAM_SIZE));
  assert.ok(envoyAcceptsAll(accepted).ok, 'Envoy accepts every regex envoyc accepts');
  assert.equal(envoyRefused(tooBig), tooBig);
});

t('every regex envoyc refuses for its syntax, Envoy refuses', () => {
  for (const p of INVALID) assert.match((checkRegex(p) as { reason: string }).reason ?? '', /^RE2 syntax error: /, p);
  const acceptedByEnvoy = INVALID.filter((p) => envoyRefused([p]).length === 0);
  assert.equal(acceptedByEnvoy, []);
});

t.run();
