/**
 * Every bootstrap we commit passes real `envoy --mode validate` and uses no deprecated option:
 * golden outputs (`golden/**\/out/*.{yaml,json}` with top-level `static_resources`) and
 * `examples/**\/envoy.yaml` (for an xDS directory's, the directory as one bootstrap). One test per file, named by its path; the validations themselves
 * run a few at a time in the background, and each test awaits its own.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { envoyVersion, runEnvoyValidateAsync, type EnvoyConfigInput, type EnvoyValidation } from '../../compiler/6-validate/envoy-binary';
import { findXdsDirectory, readXdsDirectory } from '../../compiler/xds/read';
import { makeCertificate } from '../e2e/backends/tls';
import { ensureEnvoy } from '../support/envoy';
import { withLocalMmdb } from '../support/mmdb';
import { scratchDir } from '../support/scratch';
import { withLocalWasm, writeHeaderWasm } from '../support/wasm';

const ROOT = join(__dirname, '..', '..', '..');
const CONCURRENCY = 3;

function walk(dir: string, visit: (path: string) => void): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, visit);
    else visit(path);
  }
}

function isBootstrap(path: string): boolean {
  try {
    const doc: unknown = parse(readFileSync(path, 'utf8'));
    return typeof doc === 'object' && doc !== null && 'static_resources' in doc;
  } catch {
    return false; // not YAML/JSON at all: the golden test owns that file
  }
}

const goldens: string[] = [];
walk(join(ROOT, 'golden'), (p) => {
  if (/[\\/]out[\\/][^\\/]+\.(ya?ml|json)$/.test(p) && isBootstrap(p)) goldens.push(p);
});
const examples: string[] = [];
walk(join(ROOT, 'examples'), (p) => {
  if (/[\\/]envoy\.ya?ml$/.test(p)) examples.push(p);
});

/**
 * What Envoy validates for a file: the file itself, or for the bootstrap of an xDS directory (live
 * mode) the directory joined into one static bootstrap: `--mode validate` does not load dynamic
 * resources, and the directory's relative paths are Envoy's working directory's.
 */
function envoyInput(file: string): { text: string } | { file: string } {
  const xds = findXdsDirectory(file);
  if (!xds) return { file };
  const joined = readXdsDirectory(xds);
  assert.equal(joined.problems, [], `${file}: its xDS directory is complete`);
  return { text: JSON.stringify(joined.bootstrap) };
}
const files = [...goldens, ...examples];

const scratch = scratchDir('envoyc-validate-mounts-');

/**
 * A bootstrap whose certificates are files Envoy reads at a container's mount point
 * (`--secrets-mount`, as examples/docker-compose does) is validated as the container runs it:
 * a throwaway certificate and key at those paths, under a scratch directory.
 */
function withMountedSecrets(input: { text: string } | { file: string }): EnvoyConfigInput {
  const config = parse('text' in input ? input.text : readFileSync(input.file, 'utf8')) as any;
  let moved = false;
  for (const s of (config?.static_resources?.secrets ?? []) as any[]) {
    const crt: string | undefined = s.tls_certificate?.certificate_chain?.filename;
    const key: string | undefined = s.tls_certificate?.private_key?.filename;
    if (!crt || !key || existsSync(crt) || existsSync(key)) continue;
    // Made once per path: a second bootstrap at the same paths (the compose example, and its xDS directory joined) would
    // replace the pair while Envoy checks the first, and find a key that no longer matches.
    if (!existsSync(join(scratch, crt)) || !existsSync(join(scratch, key))) makePair(join(scratch, crt), join(scratch, key));
    s.tls_certificate.certificate_chain.filename = join(scratch, crt);
    s.tls_certificate.private_key.filename = join(scratch, key);
    moved = true;
  }
  return moved ? { text: JSON.stringify(config) } : input;
}

/** A throwaway self-signed certificate and its key, at these paths. */
function makePair(crt: string, key: string): void {
  const pair = makeCertificate('localhost', ['localhost']);
  mkdirSync(dirname(crt), { recursive: true });
  mkdirSync(dirname(key), { recursive: true });
  writeFileSync(crt, pair.cert);
  writeFileSync(key, pair.key);
}

/** With a real Wasm module and MaxMind databases in place of the ones at paths on Envoy's host (test/support/wasm.ts, mmdb.ts). */
function localHostFiles(input: EnvoyConfigInput, module: string): EnvoyConfigInput {
  const text = typeof input === 'string' ? readFileSync(input, 'utf8') : 'text' in input ? input.text : readFileSync(input.file, 'utf8');
  const mounted = withLocalMmdb(withLocalWasm(text, module), parse);
  return mounted === text ? input : { text: mounted };
}

/** Runs the validations `CONCURRENCY` at a time; each file's result is a promise of its own. */
function startAll(envoy: string): Map<string, Promise<EnvoyValidation>> {
  const results = new Map<string, Promise<EnvoyValidation>>();
  const resolvers = new Map<string, (v: EnvoyValidation) => void>();
  for (const f of files) results.set(f, new Promise((r) => resolvers.set(f, r)));
  let next = 0;
  const module = writeHeaderWasm();
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      resolvers.get(f)!(await runEnvoyValidateAsync(envoy, localHostFiles(withMountedSecrets(envoyInput(f)), await module)));
    }
  };
  for (let i = 0; i < CONCURRENCY; i++) void worker();
  return results;
}

let results: Map<string, Promise<EnvoyValidation>> | undefined;

test(`envoy --mode validate: ${goldens.length} golden bootstraps, ${examples.length} example envoy.yaml`, () => {
  const envoy = ensureEnvoy();
  assert.ok(envoyVersion(envoy), `${envoy} --version failed`);
  results = startAll(envoy);
});

for (const file of files) {
  const name = relative(ROOT, file);
  test(name, async () => {
    assert.ok(results, 'Envoy was not found, so nothing was validated');
    const v = await results.get(file)!;
    assert.ok(v.ok, `envoy --mode validate rejected ${name}:\n${v.output}`);
    assert.ok(v.deprecated.length === 0, `${name} uses deprecated options:\n${v.deprecated.join('\n')}`);
  });
}

test.run();
