// The generated CRD schemas and types are what tools/crd-schemas makes of the CRDs that
// compiler/versions.ts pins: stale files fail here, not in a user's hands.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CRD_KINDS, CRD_SOURCE } from '../../compiler/api/generated';
import { ENVOY_GATEWAY_VERSION, GATEWAY_API_VERSION } from '../../compiler/versions';
import type { CrdSchemaFile } from '../../compiler/api/openapi';
import { celRulesFile } from '../../tools/crd-schemas/cel-rules';
import { generate } from '../../tools/crd-schemas/generate';
import { cachedModule, readCrdFiles } from '../../tools/crd-schemas/source';

const DIR = join(__dirname, '..', '..', '..', 'compiler', 'api', 'generated');
const committed = () => readdirSync(DIR).sort();

test('generated from the releases compiler/versions.ts names', () => {
  assert.is(CRD_SOURCE.envoyGateway, ENVOY_GATEWAY_VERSION, 'run npm run gen:crd-schemas after changing ENVOY_GATEWAY_VERSION');
  assert.is(CRD_SOURCE.gatewayApi, GATEWAY_API_VERSION, 'run npm run gen:crd-schemas after changing GATEWAY_API_VERSION');
});

test('every kind has its schema and its types, and nothing else is there', () => {
  const expected = ['cel-rules.json', 'index.ts', ...Object.values(CRD_KINDS).flatMap((k) => [k.schema, k.schema.replace('.schema.json', '.ts')])].sort();
  assert.equal(committed(), expected);
});

test('each generated file stays under 2 MB', () => {
  for (const f of committed()) assert.ok(statSync(join(DIR, f)).size < 2 * 1024 * 1024, `${f} is ${statSync(join(DIR, f)).size} bytes`);
});

test('the CEL rules parsed ahead of time are those of the committed schemas, as @bufbuild/cel parses them', () => {
  const kinds = Object.values(CRD_KINDS).map((k) => JSON.parse(readFileSync(join(DIR, k.schema), 'utf8')) as CrdSchemaFile);
  assert.ok(celRulesFile(kinds) === readFileSync(join(DIR, 'cel-rules.json'), 'utf8'), 'cel-rules.json is stale: run npm run gen:crd-schemas');
});

test('regenerating from the CRDs in the Go module cache gives the committed bytes', async () => {
  const dir = cachedModule();
  if (!dir) return; // not in the local module cache: the version check above still holds
  const files = readCrdFiles(dir);
  assert.equal(
    Object.fromEntries(files.map((f) => [f.path, f.sha256])),
    { ...CRD_SOURCE.files },
    'the CRD files differ from those recorded in compiler/api/generated/index.ts',
  );
  const out = await generate(files);
  assert.equal([...out.keys()].sort(), committed(), 'run npm run gen:crd-schemas');
  for (const [name, text] of out) assert.ok(text === readFileSync(join(DIR, name), 'utf8'), `${name} is stale: run npm run gen:crd-schemas`);
});

test.run();
