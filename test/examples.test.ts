// Each example's committed envoy.yaml (and xDS directory, for live mode) is exactly what its
// documented command produces today (run by the CLI in a copy of the example), and the example
// compiles clean (no warnings either: a compose user should see no noise).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { readSources } from '../compiler/source';
import { ROOT } from './support/golden';

interface Example {
  /** Folder under examples/, where the documented command runs. */
  dir: string;
  /** A script the example's README runs first (it makes inputs that are never committed). */
  setup?: string;
  /** Input paths as passed on the command line, relative to `dir`. */
  inputs: string[];
  /** The committed bootstrap, relative to `dir`. */
  output: string;
  /** The documented command's other flags. */
  args?: string[];
  /** The committed xDS directory of live mode (`envoyc compile <inputs> --xds-dir <xds> <args>`), relative to `dir`. */
  xds?: string;
  /** Compose files whose `envoy` service must pass Envoy the flags envoyc prints, relative to `dir`. */
  compose?: string[];
}

const FLAGS_LINE = /^envoyc: .*: run Envoy with these flags too: (.*)\n/m;

/** stderr with the Envoy flags line taken out (it is output, not a diagnostic), and the flags. */
function splitFlags(stderr: string): { rest: string; flags?: string[] } {
  const m = FLAGS_LINE.exec(stderr);
  return m ? { rest: stderr.replace(FLAGS_LINE, ''), flags: m[1]!.split(' ') } : { rest: stderr };
}

/** Each compose file's Envoy command carries exactly the flags envoyc printed, after its `-c` bootstrap. */
function checkComposeFlags(ex: Example, cwd: string, flags: string[] | undefined): void {
  for (const file of ex.compose ?? []) {
    const compose = parse(readFileSync(join(cwd, file), 'utf8')) as { services: { envoy: { command: string[] } } };
    assert.equal(compose.services.envoy.command.slice(3), flags ?? [], `${file}: the envoy command passes the flags envoyc printed`);
  }
}

/** The documented commands: `envoyc compile <inputs> -o <output> <args>` from `dir`. */
const EXAMPLES: Example[] = [
  { dir: 'examples/quickstart', inputs: ['config'], output: 'envoy.yaml' },
  {
    dir: 'examples/docker-compose',
    setup: './make-demo-secret.sh',
    inputs: ['gateway', 'tls'],
    output: 'envoy.yaml',
    args: ['--secrets-dir', 'secrets/', '--secrets-mount', '/etc/envoy/secrets'],
    xds: 'xds',
    compose: ['compose.yaml', 'compose.live.yaml'],
  },
];

/** The committed xDS directory holds exactly what `compile --xds-dir` writes (UPDATE_GOLDEN=1 rewrites it). */
function checkXds(ex: Example, cwd: string): void {
  const xds = ex.xds!;
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'compile', ...ex.inputs, '--xds-dir', xds, ...(ex.args ?? [])], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.is(splitFlags(r.stderr).rest, '', 'compiles to an xDS directory with no diagnostics at all');
  assert.is(r.status, 0);
  const committed = join(ROOT, ex.dir, xds);
  const names = readdirSync(join(cwd, xds)).sort();
  if (process.env.UPDATE_GOLDEN) {
    rmSync(committed, { recursive: true, force: true });
    cpSync(join(cwd, xds), committed, { recursive: true });
    return;
  }
  assert.equal(readdirSync(committed).sort(), names, `${xds}/ holds the files compile --xds-dir writes`);
  for (const n of names)
    assert.fixture(
      readFileSync(join(committed, n), 'utf8'),
      readFileSync(join(cwd, xds, n), 'utf8'),
      `${xds}/${n} is up to date (UPDATE_GOLDEN=1 rewrites it)`,
    );
}

for (const ex of EXAMPLES) {
  test(`example ${ex.dir}`, () => {
    const cwd = mkdtempSync(join(tmpdir(), 'envoyc-example-'));
    try {
      cpSync(join(ROOT, ex.dir), cwd, { recursive: true });
      if (ex.setup) execFileSync(join(cwd, ex.setup), { cwd, stdio: 'ignore' });
      const files = readSources(ex.inputs, cwd, () => '');
      assert.ok(files.length > 0, `${ex.inputs.join(' ')} hold inputs`);
      assert.not.ok(
        files.some((f) => f.path === ex.output),
        `the compiled ${ex.output} must stay out of the input folder`,
      );
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'compile', ...ex.inputs, '-o', ex.output, ...(ex.args ?? [])], {
        cwd,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const { rest, flags } = splitFlags(r.stderr);
      assert.is(rest, '', 'compiles with no diagnostics at all');
      assert.is(r.status, 0);
      checkComposeFlags(ex, cwd, flags);
      const text = readFileSync(join(cwd, ex.output), 'utf8');
      if (ex.xds) checkXds(ex, cwd);
      const committed = join(ROOT, ex.dir, ex.output);
      if (process.env.UPDATE_GOLDEN) return writeFileSync(committed, text);
      assert.ok(existsSync(committed));
      assert.fixture(readFileSync(committed, 'utf8'), text, `${ex.dir}/${ex.output} is up to date (UPDATE_GOLDEN=1 rewrites it)`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
}

test.run();
