import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFile } from '../../compiler/6-validate/command';
import { CORPORA } from '../proto/corpora';
import { applyEdits } from '../proto/mutations';
import { parse } from 'yaml';
import { withLocalMmdb } from '../support/mmdb';
import { withLocalWasm, writeHeaderWasm } from '../support/wasm';

/**
 * Differential test: our verdict (any error?) against real `envoy --mode validate` (Envoy 1.40),
 * for every mutation case of both corpora and every golden bootstrap (golden/<case>/out/*.yaml). A
 * false alarm (we say error, Envoy accepts) or a miss (we say clean, Envoy rejects) fails, unless
 * the row gives an `envoyDisagrees` reason; agreement must be at least 99.5%. Prints the rate and
 * every listed exception. Envoy runs two at a time.
 */

interface EnvoyResult {
  ok: boolean;
  output: string;
  deprecated?: string[];
}
interface EnvoySupport {
  ensureEnvoy(): string | Promise<string>;
}
interface EnvoyBinary {
  runEnvoyValidate(envoyPath: string, config: string): EnvoyResult | Promise<EnvoyResult>;
}

interface Case {
  name: string;
  text: string;
  ours: boolean; // true = we report at least one error
  ourFirst: string;
  exception?: string;
}

const ROOT = path.join(__dirname, '..', '..', '..');

function cases(): Case[] {
  const out: Case[] = [];
  for (const corpus of CORPORA) {
    for (const m of corpus.mutations) {
      const text = applyEdits(corpus.base, m.edits);
      const diags = checkFile({ path: corpus.file, text }, m.strict ? 'strict' : 'envoy');
      const errors = diags.filter((d) => d.severity === 'error');
      out.push({
        name: `mutation: ${corpus.file}: ${m.name}`,
        text,
        ours: errors.length > 0,
        ourFirst: errors[0]?.message ?? '',
        ...(m.envoyDisagrees ? { exception: m.envoyDisagrees } : {}),
      });
    }
  }
  const golden = path.join(ROOT, 'golden');
  for (const dir of fs.existsSync(golden) ? fs.readdirSync(golden).sort() : []) {
    const outDir = path.join(golden, dir, 'out');
    if (!fs.existsSync(outDir)) continue;
    for (const f of fs
      .readdirSync(outDir)
      .filter((n) => n.endsWith('.yaml'))
      .sort()) {
      const text = fs.readFileSync(path.join(outDir, f), 'utf8');
      // Our own output is checked in strict mode, as compile() does.
      const diags = checkFile({ path: f, text }, 'strict').filter((d) => d.severity === 'error');
      out.push({ name: `golden: ${dir}/${f}`, text, ours: diags.length > 0, ourFirst: diags[0]?.message ?? '' });
    }
  }
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

function loadEnvoy(): { support: EnvoySupport; binary: EnvoyBinary } | string {
  try {
    return {
      support: require('../support/envoy') as EnvoySupport,
      binary: require('../../compiler/6-validate/envoy-binary') as EnvoyBinary,
    };
  } catch (e) {
    return (e as Error).message.split('\n')[0]!;
  }
}

test('ours and envoy --mode validate agree on the corpus', async () => {
  const mods = loadEnvoy();
  if (typeof mods === 'string') {
    console.log(`differential: skipped, the Envoy helpers are not available (${mods})`);
    return;
  }
  const envoy = await mods.support.ensureEnvoy();
  const all = cases();
  const started = Date.now();
  // Golden bootstraps with Wasm modules and MaxMind databases from paths on Envoy's host get real ones there (Envoy opens them).
  const module = await writeHeaderWasm();
  const verdicts = await mapLimit(all, 2, async (c) => mods.binary.runEnvoyValidate(envoy, withLocalMmdb(withLocalWasm(c.text, module), parse)));
  const elapsed = Date.now() - started;
  const failures: string[] = [];
  const noLongerNeeded: string[] = [];
  let agree = 0;
  all.forEach((c, i) => {
    const v = verdicts[i]!;
    const same = c.ours === !v.ok;
    if (same) agree++;
    if (same && c.exception) noLongerNeeded.push(c.name);
    if (!same && !c.exception) {
      const kind = c.ours ? 'false alarm (we say error, Envoy accepts)' : 'miss (we say clean, Envoy rejects)';
      failures.push(`${c.name}: ${kind}\n    ours: ${c.ourFirst || '(clean)'}\n    envoy: ${v.output.trim().split('\n').slice(-2).join(' | ')}`);
    }
  });
  const exceptions = all.filter((c) => c.exception).length;
  console.log(
    `differential: ${agree}/${all.length} agree (${((100 * agree) / all.length).toFixed(1)}%), ` +
      `${exceptions} listed exceptions, envoy runs ${elapsed} ms (${(elapsed / all.length).toFixed(0)} ms each, concurrency 2)`,
  );
  for (const c of all.filter((c) => c.exception)) console.log(`differential: listed exception: ${c.name}: ${c.exception}`);
  if (noLongerNeeded.length) console.log(`differential: exceptions where Envoy now agrees: ${noLongerNeeded.join('; ')}`);
  assert.equal(failures, [], failures.join('\n'));
  assert.ok(agree / all.length >= 0.995, `agreement ${agree}/${all.length} is below 99.5%`);
});

test.run();
