/**
 * The xDS directory form is the static bootstrap split, and joins back to it exactly: every golden
 * bootstrap, split and written (YAML and JSON), read back and joined, is the same config; every
 * file passes Envoy's schema; names map to files one-to-one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { validateMessage } from '../../proto';
import type { Bootstrap } from '../../compiler/5-emit';
import { serialize, type OutputFormat } from '../../compiler/5-emit/serialize';
import { validateBootstrap } from '../../compiler/6-validate';
import { joinXds, type XdsRead } from '../../compiler/xds/join';
import { fileStem, xdsKindOf } from '../../compiler/xds/layout';
import { splitBootstrap, type XdsFile } from '../../compiler/xds/split';
import { GOLDEN_DIR } from '../support/golden';

function goldenBootstraps(): [string, Bootstrap][] {
  const out: [string, Bootstrap][] = [];
  for (const c of readdirSync(GOLDEN_DIR)) {
    const dir = join(GOLDEN_DIR, c, 'out');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml') && n !== 'ratelimit.yaml' && n !== 'status.yaml')) {
      const doc = parse(readFileSync(join(dir, f), 'utf8'));
      if (doc?.static_resources) out.push([`${c}/${f}`, doc as Bootstrap]);
    }
  }
  return out;
}

/** The files as written and read back from disk. */
function roundTrip(files: XdsFile[], format: OutputFormat): Map<string, unknown> {
  return new Map(files.map((f) => [f.name, parse(serialize(f.value, format))]));
}

function reader(files: Map<string, unknown>): (name: string) => XdsRead {
  return (name) => (files.has(name) ? { value: files.get(name) } : 'missing');
}

const bootstraps = goldenBootstraps();

test(`${bootstraps.length} golden bootstraps: split, written, read back and joined, are the same config`, () => {
  assert.ok(bootstraps.length > 50);
  for (const [name, b] of bootstraps) {
    for (const format of ['yaml', 'json'] as const) {
      const files = splitBootstrap(b, { dir: '/etc/envoy/xds/', format });
      const joined = joinXds(`envoy.${format}`, reader(roundTrip(files, format)));
      assert.equal(joined.problems, [], name);
      assert.equal(joined.bootstrap, b, `${name} (${format})`);
      assert.equal(joined.files.length, files.length, `${name}: every file is reached from the bootstrap`);
    }
  }
});

test('each file: the bootstrap reads LDS and CDS from the watched directory; one route configuration or secret per file; every file valid', () => {
  for (const [name, b] of bootstraps) {
    const files = splitBootstrap(b, { dir: 'xds', format: 'yaml' });
    for (const f of files) {
      assert.is(xdsKindOf(f.name), f.kind, `${name}: ${f.name} is recognised as ${f.kind}`);
      if (f.kind === 'bootstrap') {
        assert.not.ok(f.value.static_resources, `${name}: nothing static is left`);
        assert.equal(f.value.dynamic_resources.lds_config.path_config_source, { path: 'xds/lds.yaml', watched_directory: { path: 'xds' } });
        const findings = validateBootstrap(f.value, 'strict').filter((x) => x.code !== 'envoy_work_in_progress');
        assert.equal(findings, [], `${name}: ${f.name}`);
        continue;
      }
      if (f.kind === 'rds' || f.kind === 'sds') assert.is(f.value.resources.length, 1, `${name}: ${f.name}`);
      const issues = validateMessage(f.value, 'envoy.service.discovery.v3.DiscoveryResponse', { mode: 'strict' }).filter((i) => i.kind !== 'work_in_progress');
      assert.equal(issues, [], `${name}: ${f.name}`);
    }
  }
});

test('HTTPS listener: routes by RDS and certificates by SDS from their own files; the key file is private', () => {
  const [, b] = bootstraps.find(([n]) => n.startsWith('listener-https-terminate/'))!;
  const files = splitBootstrap(b, { dir: 'xds', format: 'yaml' });
  const names = files.map((f) => `${f.name}${f.private ? ' (private)' : ''}`);
  assert.ok(names.includes('sds-default_example-com-tls.yaml (private)'), names.join(', '));
  const lds = JSON.stringify(files.find((f) => f.kind === 'lds')!.value);
  assert.ok(lds.includes('"path":"xds/sds-default_example-com-tls.yaml"'));
  assert.not.ok(lds.includes('route_config"'), 'no inline route configuration is left');
  assert.not.ok(lds.includes('private_key'), 'no key material in the listeners');
});

test('origin: a node of the joined bootstrap maps to its file and place there', () => {
  const [, b] = bootstraps.find(([n]) => n.startsWith('listener-https-terminate/'))!;
  const joined = joinXds('envoy.yaml', reader(roundTrip(splitBootstrap(b, { dir: 'xds', format: 'yaml' }), 'yaml')));
  const rcPath = ['static_resources', 'listeners', 0, 'filter_chains', 0, 'filters', 0, 'typed_config', 'route_config', 'virtual_hosts', 0, 'name'];
  assert.equal(joined.origin(rcPath).path, ['resources', 0, 'virtual_hosts', 0, 'name']);
  assert.match(joined.origin(rcPath).file, /^rds-/);
  assert.equal(joined.origin(['static_resources', 'clusters', 0, 'name']), { file: 'cds.yaml', path: ['resources', 0, 'name'] });
  assert.equal(joined.origin(['admin', 'address']), { file: 'envoy.yaml', path: ['admin', 'address'] });
  assert.match(joined.origin(['static_resources', 'secrets', 0, 'tls_certificate']).file, /^sds-/);
});

test('join reports what is missing or wrong, where it is named', () => {
  const [, b] = bootstraps.find(([n]) => n.startsWith('listener-https-terminate/'))!;
  const files = roundTrip(splitBootstrap(b, { dir: 'xds', format: 'yaml' }), 'yaml');
  const rds = [...files.keys()].find((n) => n.startsWith('rds-'))!;
  files.delete(rds);
  const cds = files.get('cds.yaml') as any;
  cds.resources[0]['@type'] = 'type.googleapis.com/envoy.config.listener.v3.Listener';
  const joined = joinXds('envoy.yaml', reader(files));
  assert.equal(
    joined.problems.map((p) => `${p.file} ${p.path.join('.')}: ${p.message}`),
    [
      `lds.yaml resources.0.filter_chains.0.filters.0.typed_config.rds.config_source.path_config_source.path: names ${rds}, which is not in the directory`,
      'cds.yaml resources.0.@type: expected @type type.googleapis.com/envoy.config.cluster.v3.Cluster',
    ],
  );
});

const STEMS: [string, string, string][] = [
  ['a generated name reads as itself', 'default/edge/http', 'default_edge_http'],
  ['dots and dashes stay', 'ns-1/gw.example/https-1', 'ns-1_gw.example_https-1'],
  ['an underscore is escaped, so it never meets a slash', 'a_b/c', 'a%5Fb_c'],
  ['capitals are escaped (case-insensitive file systems)', 'A/b', '%41_b'],
];
for (const [row, name, stem] of STEMS) test(`fileStem: ${row}`, () => assert.is(fileStem(name), stem));

test('fileStem: an over-long name is cut and ends in its hash, under the file name limit', () => {
  const long = `${'n'.repeat(63)}/${'g'.repeat(253)}/${'l'.repeat(253)}`;
  const stem = fileStem(long);
  assert.ok(stem.length <= 200);
  assert.is.not(stem, fileStem(`${long.slice(0, -1)}m`));
});

test.run();
