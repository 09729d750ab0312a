import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as descriptor from 'protobufjs/ext/descriptor';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ENVOY_VERSION } from '../../compiler/versions';
import { readDescriptorSet, readIndex, SCHEMA_DIR, splitDescriptorSet } from '../../proto/envoy-api';
import { typeInfo } from '../../proto/type-info';

/**
 * The committed Envoy schema (proto/envoy-api/) is what tools/envoy-schema writes for the pinned
 * module, and that module is the Envoy release compiler/versions.ts names. Go is never built here:
 * the manifest the generator wrote records hashes of its own sources and pins and of its output,
 * and each is recomputed. A failure means: run `npm run gen:envoy-schema` and commit the result.
 */

const TOOL_DIR = join(__dirname, '..', '..', '..', 'tools', 'envoy-schema');
const ENVOY_MODULE = 'github.com/envoyproxy/go-control-plane/envoy';
const REGENERATE = 'stale: run `npm run gen:envoy-schema` and commit proto/envoy-api/';

interface Manifest {
  module: string;
  version: string;
  modules: { path: string; version: string; sum: string }[];
  sources: Record<string, string>;
  files: number;
  envoy: { version: string; sha256: string };
  descriptorsSha256: string;
  indexSha256: string;
}

const manifest = JSON.parse(readFileSync(join(SCHEMA_DIR, 'manifest.json'), 'utf8')) as Manifest;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

test('the generator pins the Envoy release envoyc targets (compiler/versions.ts)', () => {
  const goMod = readFileSync(join(TOOL_DIR, 'go.mod'), 'utf8');
  assert.ok(goMod.includes(`\t${ENVOY_MODULE} v${ENVOY_VERSION}\n`), `tools/envoy-schema/go.mod must require ${ENVOY_MODULE} v${ENVOY_VERSION}`);
  assert.is(manifest.module, ENVOY_MODULE);
  assert.is(manifest.version, `v${ENVOY_VERSION}`, REGENERATE);
  assert.ok(manifest.envoy.version.includes(`/${ENVOY_VERSION}/`), `the build marks come from Envoy ${manifest.envoy.version}: ${REGENERATE}`);
});

test('the schema was generated from the generator and pins as they are now', () => {
  const current: Record<string, string> = {};
  for (const name of readdirSync(TOOL_DIR).sort()) {
    if (name === 'go.mod' || name === 'go.sum' || name.endsWith('.go')) current[name] = sha256(readFileSync(join(TOOL_DIR, name)));
  }
  assert.equal(current, manifest.sources, REGENERATE);
  const goSum = readFileSync(join(TOOL_DIR, 'go.sum'), 'utf8');
  for (const m of manifest.modules) assert.ok(goSum.includes(`${m.path} ${m.version} ${m.sum}\n`), `${m.path} ${m.version}: ${REGENERATE}`);
});

test('the committed files are the ones the generator wrote', () => {
  const set = readDescriptorSet();
  assert.is(sha256(set), manifest.descriptorsSha256, REGENERATE);
  assert.is(sha256(readFileSync(join(SCHEMA_DIR, 'index.json'))), manifest.indexSha256, REGENERATE);
  const names = splitDescriptorSet(set).map((bytes) => descriptor.FileDescriptorProto.decode(bytes).name);
  assert.equal(
    names,
    readIndex().files.map((f) => f.name),
  );
  assert.is(names.length, manifest.files);
});

test("every message of Envoy's API loads, with every field's type (nothing is 'not checked')", () => {
  const index = readIndex();
  const failures: string[] = [];
  for (const name of Object.keys(index.messageTypes)) {
    try {
      if (typeInfo(name)?.kind !== 'message') failures.push(`${name}: not found`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  assert.equal(failures, []);
  for (const name of ['envoy.extensions.clusters.dns.v3.DnsCluster', 'xds.type.matcher.v3.CelMatcher', 'xds.type.v3.TypedStruct', 'udpa.type.v1.TypedStruct'])
    assert.ok(index.messageTypes[name] !== undefined, `${name} is in the schema`);
});

test.run();
