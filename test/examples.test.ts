// Each example's committed envoy.yaml is exactly what its documented command produces today, and
// the example compiles clean (no warnings either: a compose user should see no noise).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../compiler';
import { serialize } from '../compiler/5-emit/serialize';
import { renderDiagnostics } from '../compiler/diagnostics';
import { DEFAULT_OPTIONS } from '../compiler/options';
import { readSources } from '../compiler/source';
import { ROOT } from './support/golden';

interface Example {
  /** Folder under examples/, where the documented command runs. */
  dir: string;
  /** Input path as passed on the command line, relative to `dir`. */
  input: string;
  /** The committed bootstrap, relative to `dir`. */
  output: string;
}

/** The documented commands: `envoyc compile <input> -o <output>` from `dir`, default options. */
const EXAMPLES: Example[] = [
  { dir: 'examples/quickstart', input: 'config', output: 'envoy.yaml' },
  { dir: 'examples/docker-compose', input: 'gateway', output: 'envoy.yaml' },
];

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
    if (process.env.UPDATE_GOLDEN) return writeFileSync(file, text);
    assert.fixture(readFileSync(file, 'utf8'), text, `${ex.dir}/${ex.output} is up to date (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test.run();
