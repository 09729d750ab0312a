/**
 * Writing an xDS directory under a running Envoy: whole files moved into place, additions before
 * the references to them, removals after ("make", then "break").
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { splitBootstrap } from '../../compiler/xds/split';
import {
  breakXdsUpdate,
  makeXdsUpdate,
  renderXdsFiles,
  staleXdsFiles,
  writeFileAtomic,
  writeXdsDirectory,
  type RenderedXdsFile,
} from '../../compiler/xds/write';

const t = suite('xds write');
const scratch = mkdtempSync(join(tmpdir(), 'envoyc-xds-write-'));
t.after(() => rmSync(scratch, { recursive: true, force: true }));

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: default }
spec:
  gatewayClassName: eg
  listeners:
`;
const listener = (name: string, port: number) => `    - { name: ${name}, protocol: HTTP, port: ${port} }\n`;
const route = (name: string, section: string, backend: string) => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: default }
spec:
  parentRefs: [{ name: edge, sectionName: ${section} }]
  rules: [{ backendRefs: [{ name: ${backend}, port: 8080 }] }]
`;

function files(yaml: string): RenderedXdsFile[] {
  const r = compile([{ path: 'in.yaml', text: yaml }], DEFAULT_OPTIONS);
  assert.not.ok(r.hasErrors, JSON.stringify(r.diagnostics));
  return renderXdsFiles(splitBootstrap(r.outputs[0]!.bootstrap, { dir: 'xds', format: 'yaml' }), 'yaml');
}

const clusters = (dir: string) => (parse(readFileSync(join(dir, 'cds.yaml'), 'utf8')).resources as { name: string }[]).map((c) => c.name);

const OLD = GATEWAY + listener('http', 8080) + listener('other', 9090) + route('a', 'http', 'one') + route('c', 'other', 'three');
const NEW = GATEWAY + listener('http', 8080) + route('b', 'http', 'two');

t('make keeps what the running config uses and adds what the new one needs; break removes the rest', () => {
  const dir = join(scratch, 'staged');
  writeXdsDirectory(dir, files(OLD));
  assert.equal(readdirSync(dir).sort(), ['cds.yaml', 'envoy.yaml', 'lds.yaml', 'rds-default_edge_http.yaml', 'rds-default_edge_other.yaml']);
  const next = files(NEW);
  const made = makeXdsUpdate(dir, next);
  assert.equal(made.written, ['cds.yaml', 'rds-default_edge_http.yaml', 'lds.yaml'], 'clusters, then route configurations, then listeners');
  assert.equal(clusters(dir), ['httproute/default/b/rule/0', 'httproute/default/a/rule/0', 'httproute/default/c/rule/0'], 'old and new clusters');
  assert.ok(readdirSync(dir).includes('rds-default_edge_other.yaml'), 'the old route configuration is still there');
  const broken = breakXdsUpdate(dir, next);
  assert.equal(broken, { written: ['cds.yaml'], removed: ['rds-default_edge_other.yaml'] });
  assert.equal(clusters(dir), ['httproute/default/b/rule/0']);
  assert.equal(staleXdsFiles(dir, next), { missing: [], changed: [], extra: [] });
});

t('an unchanged file is not written again (Envoy sees no move), and a second run changes nothing', () => {
  const dir = join(scratch, 'same');
  const f = files(NEW);
  writeXdsDirectory(dir, f);
  const before = statSync(join(dir, 'lds.yaml')).mtimeMs;
  assert.equal(writeXdsDirectory(dir, f), { written: [], removed: [] });
  assert.is(statSync(join(dir, 'lds.yaml')).mtimeMs, before);
});

t('only envoyc files are removed: anything else in the directory stays', () => {
  const dir = join(scratch, 'foreign');
  writeXdsDirectory(dir, files(OLD));
  writeFileSync(join(dir, 'README.md'), 'mine');
  writeFileSync(join(dir, 'lds.yaml.bak'), 'mine');
  writeXdsDirectory(dir, files(NEW));
  assert.ok(readdirSync(dir).includes('README.md') && readdirSync(dir).includes('lds.yaml.bak'));
  assert.equal(staleXdsFiles(dir, files(NEW)).extra, []);
});

t('writeFileAtomic: final mode, no temporary file left, parents created', () => {
  const file = join(scratch, 'deep', 'er', 'key.yaml');
  writeFileAtomic(file, 'secret\n', 0o600);
  assert.is(statSync(file).mode & 0o777, 0o600);
  writeFileAtomic(file, 'again\n', 0o600);
  assert.is(readFileSync(file, 'utf8'), 'again\n');
  assert.equal(readdirSync(join(scratch, 'deep', 'er')), ['key.yaml']);
});

t.run();
