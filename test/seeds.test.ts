import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../compiler';
import { DEFAULT_OPTIONS } from '../compiler/options';
import { runEnvoyValidate } from '../compiler/6-validate/envoy-binary';
import { serialize } from '../compiler/5-emit/serialize';
import { ensureEnvoy } from './support/envoy';
import { ROOT } from './support/golden';

// Every YAML example of the seed documents (../shared/seeds) is kept verbatim in examples/seeds/,
// with the Gateway and routes it targets in targets.yaml. Each must compile; --strict must reject
// exactly the ones written in spellings that are not the Envoy Gateway API.

const SEEDS_DIR = join(ROOT, '..', 'shared', 'seeds');
const EXAMPLES = join(ROOT, 'examples', 'seeds');

/** Examples using non-API spellings (btp-fields.md §8), which compile with warnings and fail under --strict. */
const NON_CANONICAL = new Set(['000-backend-policy', '001-retry-policy', '001-lb-policy', '003-gateway-policy']);

const examples = readdirSync(EXAMPLES)
  .filter((f) => /^\d{3}-.*\.yaml$/.test(f))
  .sort();
const read = (f: string) => ({ path: `examples/seeds/${f}`, text: readFileSync(join(EXAMPLES, f), 'utf8') });

function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/```yaml[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test('examples/seeds holds every fenced YAML example of the seed documents, verbatim', () => {
  if (!existsSync(SEEDS_DIR)) {
    assert.not.equal(process.env.CI, 'true', `${SEEDS_DIR} is missing; CI runs with shared/ beside the clone`);
    return;
  }
  const expected = readdirSync(SEEDS_DIR)
    .sort()
    .flatMap((f) => fencedBlocks(readFileSync(join(SEEDS_DIR, f), 'utf8')).map((block) => ({ seed: f.slice(0, 3), block })));
  assert.equal(expected.length, examples.length, 'one example file per fenced block');
  for (const { seed, block } of expected) {
    const name = /name: (\S+)/.exec(block)![1];
    assert.equal(read(`${seed}-${name}.yaml`).text, block, `${seed}-${name}.yaml`);
  }
});

test('seed 002 repeats the example of seed 000 as plain text', () => {
  if (!existsSync(SEEDS_DIR)) return;
  const plain = readFileSync(
    join(
      SEEDS_DIR,
      readdirSync(SEEDS_DIR).find((f) => f.startsWith('002'))!,
    ),
    'utf8',
  );
  const lines = read('000-backend-policy.yaml')
    .text.split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let at = 0;
  for (const l of lines) {
    at = plain.indexOf(l, at);
    assert.ok(at >= 0, `seed 002 has "${l}"`);
  }
});

for (const file of examples) {
  const name = file.replace(/\.yaml$/, '');
  const files = [read('targets.yaml'), read(file)];
  test(`seed ${name} compiles, and Envoy accepts the result`, () => {
    const result = compile(files, DEFAULT_OPTIONS);
    assert.equal(
      result.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const nonCanonical = result.diagnostics.filter((d) => d.nonCanonical);
    assert.is(nonCanonical.length > 0, NON_CANONICAL.has(name), 'non-canonical warnings');
    const envoy = runEnvoyValidate(ensureEnvoy(), { text: serialize(result.outputs[0]!.bootstrap, 'yaml') });
    assert.ok(envoy.ok, envoy.output);
  });
  test(`seed ${name} under --strict: ${NON_CANONICAL.has(name) ? 'rejected for its non-canonical spellings only' : 'compiles'}`, () => {
    const result = compile(files, { ...DEFAULT_OPTIONS, strict: true });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.is(result.hasErrors, NON_CANONICAL.has(name));
    assert.ok(
      errors.every((d) => d.code === 'non_canonical_field'),
      errors.map((d) => d.code).join(', '),
    );
  });
}

test('--no-policies compiles a seed as if its policy were absent', () => {
  const files = [read('targets.yaml'), read('000-backend-policy.yaml')];
  const without = compile(files, { ...DEFAULT_OPTIONS, noPolicies: true });
  const bare = compile([read('targets.yaml')], DEFAULT_OPTIONS);
  assert.ok(without.diagnostics.some((d) => d.code === 'policies_ignored'));
  assert.is(serialize(without.outputs[0]!.bootstrap, 'yaml'), serialize(bare.outputs[0]!.bootstrap, 'yaml'));
});

test.run();
