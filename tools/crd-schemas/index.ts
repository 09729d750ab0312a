// `npm run gen:crd-schemas`: downloads Envoy Gateway's module at the version compiler/versions.ts
// pins (go mod download), and rewrites compiler/api/generated/ from the CRDs it bundles.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from './generate';
import { downloadModule, readCrdFiles } from './source';

/** compiler/api/generated/ in the source tree (this file runs from dist/tools/crd-schemas/). */
export const GENERATED_DIR = join(__dirname, '..', '..', '..', 'compiler', 'api', 'generated');

async function main(): Promise<void> {
  const files = readCrdFiles(downloadModule());
  const out = await generate(files);
  mkdirSync(GENERATED_DIR, { recursive: true });
  // Files of kinds that no longer exist go too, so the directory is exactly what was generated.
  for (const f of readdirSync(GENERATED_DIR)) if (!out.has(f)) rmSync(join(GENERATED_DIR, f));
  for (const [name, text] of out) writeFileSync(join(GENERATED_DIR, name), text);
  process.stdout.write(`crd-schemas: ${out.size} files in compiler/api/generated/ from ${files.length} CRD files\n`);
}

if (require.main === module)
  main().catch((err: Error) => {
    process.stderr.write(`crd-schemas: ${err.message}\n`);
    process.exitCode = 1;
  });
