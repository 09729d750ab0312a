// Each example's committed envoy.yaml (and xDS directory, for live mode) is exactly what its
// documented command produces today, and the example compiles clean (no warnings either: a compose
// user should see no noise).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../compiler';
import { serialize } from '../compiler/5-emit/serialize';
import { renderDiagnostics } from '../compiler/diagnostics';
import { DEFAULT_OPTIONS } from '../compiler/options';
import { readSources } from '../compiler/source';
import { ROOT } from './support/golden';
import type { Bootstrap } from '../compiler/5-emit';
import { splitBootstrap } from '../compiler/xds/split';
import { renderXdsFiles, writeXdsDirectory } from '../compiler/xds/write';

interface Example {
  /** Folder under examples/, where the documented command runs. */
  dir: string;
  /** Input path as passed on the command line, relative to `dir`. */
  input: string;
  /** The committed bootstrap, relative to `dir`. */
  output: string;
  /** The committed xDS directory of live mode (`envoyc compile <input> --xds-dir <xds>`), relative to `dir`. */
  xds?: string;
}

/** The documented commands: `envoyc compile <input> -o <output>` from `dir`, default options. */
const EXAMPLES: Example[] = [
  { dir: 'examples/quickstart', input: 'config', output: 'envoy.yaml' },
  { dir: 'examples/docker-compose', input: 'gateway', output: 'envoy.yaml', xds: 'xds' },
];

/** The committed xDS directory holds exactly what `compile --xds-dir` writes (UPDATE_GOLDEN=1 rewrites it). */
function checkXds(cwd: string, xds: string, bootstrap: Bootstrap): void {
  const files = renderXdsFiles(splitBootstrap(bootstrap, { dir: xds, format: 'yaml' }), 'yaml');
  if (process.env.UPDATE_GOLDEN) {
    writeXdsDirectory(join(cwd, xds), files);
    return;
  }
  assert.equal(readdirSync(join(cwd, xds)).sort(), files.map((f) => f.name).sort(), `${xds}/ holds the files compile --xds-dir writes`);
  for (const f of files) assert.fixture(readFileSync(join(cwd, xds, f.name), 'utf8'), f.text, `${xds}/${f.name} is up to date (UPDATE_GOLDEN=1 rewrites it)`);
}

for (const ex of EXAMPLES) {
  test(`example ${ex.dir}`, () => {
    const cwd = join(ROOT, ex.dir);
    const files = readSources([ex.input], cwd, () => '');
    assert.ok(files.length > 0, `${ex.input}/ holds inputs`);
    assert.not.ok(
      files.some((f) => f.path === ex.output),
      `the compiled ${ex.output} must stay out of the input folder`,
    );
    const result = compile(files, DEFAULT_OPTIONS);
    const rendered = renderDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f])));
    assert.is(rendered, '', 'compiles with no diagnostics at all');
    assert.is(result.outputs.length, 1, 'one Gateway, one envoy.yaml');
    const text = serialize(result.outputs[0]!.bootstrap, 'yaml');
    const file = join(cwd, ex.output);
    if (ex.xds) checkXds(cwd, ex.xds, result.outputs[0]!.bootstrap);
    if (process.env.UPDATE_GOLDEN) return writeFileSync(file, text);
    assert.fixture(readFileSync(file, 'utf8'), text, `${ex.dir}/${ex.output} is up to date (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test.run();
