import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../compiler';
import { DEFAULT_OPTIONS } from '../compiler/options';
import { readSources, type SourceFile } from '../compiler/source';
import { caseNames, GOLDEN_DIR } from './support/golden';
import { join } from 'node:path';

// Bad input must never crash envoyc: every mutation of every golden input either compiles or
// gets diagnostics, and a bootstrap that is written never fails envoyc's own schema check.

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Replacement values that are wrong in type, range or form for most fields. */
const ODD_VALUES = ['""', '-1', '0', '99999999999', 'null', '[]', '{}', 'true', '"5 seconds"', '"*"', '"/"', '"a..b"', '0.5', '"Ünïcode"'];

/** One edit to one line: drop it, replace its value, duplicate it, or cut it short. */
function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const line = lines[i]!;
  const colon = line.indexOf(': ');
  switch (Math.floor(rnd() * 4)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      if (colon >= 0) lines[i] = `${line.slice(0, colon)}: ${ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)]}`;
      break;
    case 2:
      lines.splice(i, 0, line);
      break;
    default:
      lines[i] = line.slice(0, Math.floor(rnd() * line.length));
  }
  return lines.join('\n');
}

const MUTATIONS_PER_CASE = 12;

for (const name of caseNames()) {
  const files = readSources(['in'], join(GOLDEN_DIR, name), () => '');
  test(`robustness ${name}: ${MUTATIONS_PER_CASE} mutations, no crash`, () => {
    for (let seed = 1; seed <= MUTATIONS_PER_CASE; seed++) {
      const rnd = prng(seed * 7919 + name.length);
      const target = Math.floor(rnd() * files.length);
      const mutated: SourceFile[] = files.map((f, i) => (i === target ? { ...f, text: mutate(f.text, rnd) } : f));
      let result: ReturnType<typeof compile>;
      try {
        result = compile(mutated, DEFAULT_OPTIONS);
      } catch (err) {
        throw new Error(`seed ${seed}: compile threw on a mutation of ${files[target]!.path}: ${(err as Error).stack}`);
      }
      const bugs = result.diagnostics.filter((d) => d.code === 'generated_config_invalid');
      assert.equal(bugs, [], `seed ${seed}: envoyc wrote a config its own schema check rejects`);
    }
  });
}

test.run();
