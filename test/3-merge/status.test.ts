/** A policy's `status.ancestors` as Envoy Gateway v1.9 writes it (status/policy.go): warnings, and truncation to 16. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PolicyStatusBuilder } from '../../compiler/3-merge/status';

const gw = (name: string, sectionName?: string) => ({ namespace: 'infra', name, ...(sectionName ? { sectionName } : {}) });

function warning(s: PolicyStatusBuilder) {
  const c = s.build()![0]!.conditions.find((x) => x.type === 'Warning')!;
  return `${c.reason}: ${c.message}`;
}

test('warnings of one reason keep it; a message already there is not repeated', () => {
  const s = new PolicyStatusBuilder();
  s.warning(gw('a'), 'DeprecatedField', 'spec.x is deprecated, use spec.y instead');
  s.warning(gw('a'), 'DeprecatedField', 'spec.x is deprecated, use spec.y instead');
  s.warning(gw('a'), 'DeprecatedField', 'spec.z is deprecated, use spec.w instead');
  assert.is(warning(s), 'DeprecatedField: spec.x is deprecated, use spec.y instead; spec.z is deprecated, use spec.w instead');
});

test('warnings of different reasons become Warnings; a longer message that holds the old one replaces it', () => {
  const s = new PolicyStatusBuilder();
  s.warning(gw('a'), 'DeprecatedField', 'spec.x is deprecated');
  s.warning(gw('a'), 'UnsupportedHTTP3ClientValidation', 'spec.x is deprecated; HTTP/3 disabled');
  assert.is(warning(s), 'Warnings: spec.x is deprecated; HTTP/3 disabled');
  s.warning(gw('a'), 'DeprecatedField', '');
  assert.is(warning(s), 'Warnings: spec.x is deprecated; HTTP/3 disabled');
});

const names = (s: PolicyStatusBuilder) =>
  s.build()!.map((a) => `${a.ancestorRef.name}${a.conditions.some((c) => c.type === 'Aggregated') ? '+Aggregated' : ''}`);

test('16 ancestors: all kept, in the order written, no Aggregated', () => {
  const s = new PolicyStatusBuilder();
  for (let i = 16; i >= 1; i--) s.accepted(gw(`gw-${String(i).padStart(2, '0')}`));
  assert.is(names(s).length, 16);
  assert.is(names(s)[0], 'gw-16');
  assert.not.ok(names(s).some((n) => n.includes('Aggregated')));
});

test('over 16: not accepted first, then overridden, then by namespace and name; the 16th says Aggregated', () => {
  const s = new PolicyStatusBuilder();
  for (let i = 1; i <= 20; i++) s.accepted(gw(`gw-${String(i).padStart(2, '0')}`));
  s.failed(gw('gw-19'), 'Conflicted', 'taken');
  s.overridden(gw('gw-09'), 'overridden');
  // gw-18, gw-19 and gw-20 were dropped as they came (soft cap 17); gw-19 came back with only its
  // Conflicted (and pushed out gw-17); then the cut to 16 dropped gw-16.
  const kept = names(s);
  assert.equal(kept.slice(0, 3), ['gw-19', 'gw-09', 'gw-01']);
  assert.is(kept.length, 16);
  assert.is(kept[15], 'gw-15+Aggregated');
  assert.equal(
    s.build()![0]!.conditions.map((c) => c.reason),
    ['Conflicted'],
  );
  assert.is(s.build()![15]!.conditions.at(-1)!.message, 'Ancestors have been truncated because the number of policy ancestors exceeds 16.');
});

test.run();
