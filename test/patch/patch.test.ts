/** EnvoyPatchPolicy through compile(): the static bootstrap and --xds-dir carry the same patched config. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../compiler';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import { readSources } from '../../compiler/source';
import { splitBootstrap } from '../../compiler/xds/split';
import { GOLDEN_DIR } from '../support/golden';

const inputs = () => readSources(['in'], join(GOLDEN_DIR, 'epp-resources'), () => '');

test('the xDS directory holds the patched route configuration, cluster and added cluster', () => {
  const r = compile(inputs(), DEFAULT_OPTIONS);
  assert.is(r.hasErrors, false);
  const files = splitBootstrap(r.outputs[0]!.bootstrap, { dir: 'xds', format: 'yaml' });
  const text = (name: string) => JSON.stringify(files.find((f) => f.name === name)?.value);
  assert.match(text('rds-default_eg_http.yaml'), '"x-patched"');
  assert.match(text('rds-default_eg_https.yaml'), '"x-vhost"');
  const cds = text('cds.yaml');
  assert.match(cds, '"connect_timeout":"3s"');
  assert.match(cds, '"name":"extra"');
});

test('patches apply in priority order, then by age and name, whatever the file order', () => {
  const files = inputs();
  const reversed = files.map((f) => (f.path.endsWith('patches.yaml') ? { ...f, text: f.text.split('\n---\n').reverse().join('\n---\n') } : f));
  const a = compile(files, DEFAULT_OPTIONS).outputs[0]!.bootstrap;
  const b = compile(reversed, DEFAULT_OPTIONS).outputs[0]!.bootstrap;
  assert.equal(a, b);
});

test('an invalid patch result writes nothing', () => {
  const files = readSources(['in'], join(GOLDEN_DIR, 'epp-invalid-result'), () => '');
  const r = compile(files, DEFAULT_OPTIONS);
  assert.is(r.hasErrors, true);
  assert.equal(r.outputs, []);
  assert.ok(readFileSync(join(GOLDEN_DIR, 'epp-invalid-result', 'out', 'diagnostics.txt'), 'utf8').includes('patch_result_invalid'));
});

test.run();
