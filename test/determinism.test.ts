// Same inputs in any order give the same bytes (design.md "Output"): every positive golden case is
// compiled again with its files reversed, and with every multi-document file split into one file per
// document in a shuffled order, and each bootstrap must be byte-identical to the normal run.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../compiler';
import { serialize } from '../compiler/5-emit/serialize';
import type { CompileOptions } from '../compiler/options';
import { readSources, type SourceFile } from '../compiler/source';
import { caseNames, caseOptions, GOLDEN_DIR, readCaseConfig } from './support/golden';

/** Shuffled permutations per case; each uses its own seed, so a failure names a reproducible order. */
const SEEDS = [1, 2, 3, 4, 5];

/** mulberry32: a small seeded PRNG, so a failing order can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const rand = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The documents of a YAML stream, split at `---` lines; pieces holding only comments are dropped. */
function splitDocuments(file: SourceFile): string[] {
  if (file.path.endsWith('.json')) return [file.text];
  return file.text.split(/^---[ \t]*(?:#.*)?$/m).filter((doc) => doc.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#')));
}

/** Every document in its own file, in a shuffled order; names sort in that order too. */
function splitAndShuffle(files: SourceFile[], seed: number): SourceFile[] {
  const docs = files.flatMap((f) => splitDocuments(f).map((text) => ({ ext: f.path.endsWith('.json') ? 'json' : 'yaml', text })));
  return shuffle(docs, seed).map((d, i) => ({ path: `in/doc-${String(i).padStart(3, '0')}.${d.ext}`, text: d.text }));
}

/** Each output's file stem and serialized bootstrap, plus the diagnostics without their positions. */
function run(files: SourceFile[], opts: CompileOptions): { outputs: string[]; diagnostics: string[]; hasErrors: boolean } {
  const result = compile(files, opts);
  return {
    outputs: result.outputs.map((o) => `# ${o.fileStem}\n${serialize(o.bootstrap, 'yaml')}`),
    diagnostics: result.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`).sort(),
    hasErrors: result.hasErrors,
  };
}

for (const name of caseNames(process.env.FILTER ?? '')) {
  const config = readCaseConfig(name);
  if (config.skip) continue;
  test(`determinism ${name}`, () => {
    const files = readSources(['in'], join(GOLDEN_DIR, name), () => '');
    const opts = caseOptions(config);
    const base = run(files, opts);
    if (base.hasErrors) return; // negative case: no bootstrap to compare
    assert.ok(base.outputs.length > 0, 'a positive case produces a bootstrap');
    const variants: [string, SourceFile[]][] = [
      ['files reversed', [...files].reverse()],
      ...SEEDS.map((seed): [string, SourceFile[]] => [`documents split, shuffled with seed ${seed}`, splitAndShuffle(files, seed)]),
    ];
    for (const [label, permuted] of variants) {
      const again = run(permuted, opts);
      assert.equal(again.outputs.length, base.outputs.length, `${label}: same number of bootstraps`);
      again.outputs.forEach((text, i) => assert.fixture(text, base.outputs[i]!, `${label}: bootstrap ${i} is byte-identical`));
      assert.equal(again.diagnostics, base.diagnostics, `${label}: same diagnostics`);
    }
  });
}

test.run();
