/**
 * Seeded fuzz of regexes: a grammar of RE2 constructs and of constructs RE2 does not have, sizes
 * around Envoy's program-size limit, Latin-1 and beyond. Each regex goes into an HTTPRoute (path,
 * header and query match) and must give either a located input error or a bootstrap that real
 * Envoy accepts; never "a bug in envoyc". The accepted ones are validated by Envoy in one run, and a
 * sample of the refused ones one by one (Envoy must refuse them too). `FUZZ_SEED=n` replays a seed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import type { SourceFile } from '../../compiler/source';
import { envoyRefused, envoyValidate } from '../support/envoy-regex';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const COUNT = 400;

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Atoms: RE2's own, Latin-1 and beyond, and escapes RE2 does not have. */
const ATOMS = [
  'a',
  'b',
  'z',
  '0',
  '/',
  '-',
  '\\.',
  '\\*',
  '\\/',
  'é',
  '☺',
  '\\x{ff}',
  '\\x{100}',
  '\\x41',
  '\\101',
  '\\0',
  '\\1',
  '.',
  '\\C',
  '\\d',
  '\\w',
  '\\s',
  '\\D',
  '\\W',
  '\\pL',
  '\\p{Lu}',
  '\\p{Greek}',
  '\\p{Foo}',
  '\\PN',
  '[a-z]',
  '[^0-9]',
  '[[:alpha:]]',
  '[[:nope:]]',
  '[z-a]',
  '[\\d_-]',
  '[é]',
  '[^\\x00-\\xff]',
  '\\b',
  '\\B',
  '^',
  '$',
  '\\A',
  '\\z',
  '\\Z',
  '\\u0041',
  '\\cA',
  '\\Qa+b\\E',
  '\\k<n>',
  '\\',
  '[a',
  '(?#x)',
];
const OPEN = ['(', '(?:', '(?P<n>', '(?<n>', '(?i:', '(?s:', '(?=', '(?!', '(?<=', '(?>', '(?i)', '(?U)', '(?m)', '(?x)'];
const REPEAT = ['*', '+', '?', '*?', '+?', '??', '++', '*+', '{2}', '{0,3}', '{2,}', '{3,1}', '{1000}', '{1001}', '{,2}', '{12}'];

function generate(rnd: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  if (depth > 3 || r < 0.35) return pick(ATOMS);
  if (r < 0.55) return generate(rnd, depth + 1) + generate(rnd, depth + 1);
  if (r < 0.65) return `${generate(rnd, depth + 1)}|${generate(rnd, depth + 1)}`;
  if (r < 0.8) return generate(rnd, depth + 1) + pick(REPEAT);
  if (r < 0.92) {
    const open = pick(OPEN);
    return open.endsWith(')') ? open + generate(rnd, depth + 1) : `${open}${generate(rnd, depth + 1)}${rnd() < 0.9 ? ')' : ''}`;
  }
  // Around Envoy's limit of 100: a{96} is 100, \w{N} is 3N+4, [a-z]{N} 2N+4 unanchored.
  const sized = [
    ['a', 90, 100],
    ['\\w', 28, 34],
    ['[a-z]', 45, 50],
    ['(ab|cd)', 15, 25],
  ] as const;
  const [atom, lo, hi] = pick(sized);
  return `${rnd() < 0.3 ? '^' : ''}${atom}{${lo + Math.floor(rnd() * (hi - lo + 1))}}`;
}

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 8080}]
`;

/** One rule per regex (the regex as path, header and query-parameter match), 16 rules per HTTPRoute. */
function routeFile(regexes: string[]): SourceFile {
  const q = (s: string) => JSON.stringify(s);
  const rule = (re: string) => `    - matches:
        - path: {type: RegularExpression, value: ${q(re)}}
          headers: [{type: RegularExpression, name: x-fuzz, value: ${q(re)}}]
          queryParams: [{type: RegularExpression, name: fuzz, value: ${q(re)}}]
      backendRefs: [{name: web, port: 8080}]`;
  const docs: string[] = [];
  for (let i = 0; i < regexes.length; i += 16) {
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: fuzz-${i / 16}, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules:
${regexes
  .slice(i, i + 16)
  .map(rule)
  .join('\n')}
`);
  }
  return { path: 'in/route.yaml', text: docs.join('---\n') };
}

const compileAll = (regexes: string[]) => compile([{ path: 'in/gateway.yaml', text: GATEWAY }, routeFile(regexes)], DEFAULT_OPTIONS);

const t = suite(`fuzz: regexes (seed ${SEED})`);

t(`${COUNT} regexes: a located input error, or a bootstrap Envoy accepts`, () => {
  const rnd = prng(SEED);
  const regexes = [...new Set(Array.from({ length: COUNT }, () => generate(rnd, 0)))];
  const accepted: string[] = [];
  const refused: string[] = [];
  const problems: string[] = [];
  for (const re of regexes) {
    let result: ReturnType<typeof compileAll>;
    try {
      result = compileAll([re]);
    } catch (err) {
      problems.push(`${JSON.stringify(re)}: envoyc threw ${(err as Error).message}`);
      continue;
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.hasErrors) accepted.push(re);
    else if (errors.some((d) => !d.span || d.code === 'generated_config_invalid'))
      problems.push(`${JSON.stringify(re)}: ${errors.map((d) => d.message).join('; ')}`);
    else if (errors.some((d) => d.code === 'invalid_regex')) refused.push(re);
  }
  assert.equal(problems, [], 'every refusal is a located input error');
  assert.ok(accepted.length > COUNT / 5 && refused.length > COUNT / 5, `a mix of both: ${accepted.length} accepted, ${refused.length} refused`);

  // One Envoy run for every accepted regex (three matchers each); name the culprits if it fails.
  const all = compileAll(accepted);
  assert.equal(
    all.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  const run = envoyValidate(JSON.stringify(all.outputs[0]!.bootstrap));
  if (!run.ok) assert.equal(envoyRefused(accepted), [], 'Envoy refuses regexes envoyc accepted');

  // Envoy refuses what envoyc refuses: a sample, one run each.
  const sample = refused.filter((_, i) => i % Math.ceil(refused.length / 15) === 0);
  assert.equal(
    sample.filter((re) => envoyRefused([re]).length === 0),
    [],
    'Envoy accepts regexes envoyc refused',
  );
  process.stdout.write(
    `\n  regex fuzz: ${regexes.length} regexes, ${accepted.length} accepted (Envoy agrees), ${refused.length} refused (${sample.length} confirmed by Envoy)\n`,
  );
});

t.run();
