/** `envoyc validate` and `envoyc --version` through the real CLI: summary lines and exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ENVOY_GATEWAY_VERSION, ENVOY_VERSION, GATEWAY_API_VERSION } from '../../compiler/versions';
import { ROOT } from '../support/golden';

const CLI = join(ROOT, 'dist', 'cli.js');
const GOLDEN_BOOTSTRAP = join(ROOT, 'golden', 'listener-http-basic', 'out', 'bootstrap.yaml');
const t = suite('validate command');
const scratch = mkdtempSync(join(tmpdir(), 'envoyc-validate-'));
t.after(() => rmSync(scratch, { recursive: true, force: true }));

function envoyc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t('--version names envoyc and the Envoy Gateway, Gateway API and Envoy releases it follows', () => {
  const r = envoyc('--version');
  assert.is(r.status, 0);
  for (const v of [ENVOY_GATEWAY_VERSION, GATEWAY_API_VERSION, ENVOY_VERSION]) assert.ok(r.stdout.includes(v), `${v} in ${r.stdout}`);
  assert.match(r.stdout, /^envoyc \d+\.\d+\.\d+/);
});

t('a clean file without real Envoy: exit 0 and one line that says Envoy was not run', () => {
  const r = envoyc('validate', '--no-envoy', GOLDEN_BOOTSTRAP);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, `golden/listener-http-basic/out/bootstrap.yaml: passed the Envoy ${ENVOY_VERSION} schema check; real Envoy was not run (--no-envoy)\n`);
});

t('findings: exit 1, the diagnostics, then the summary with the counts', () => {
  const file = join(scratch, 'bad.yaml');
  writeFileSync(file, 'static_resource: {}\nadmin: {address: {socket_address: {address: 127.0.0.1, port_value: 70000}}}\n');
  const r = envoyc('validate', '--no-envoy', file);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'error envoy_unknown_field');
  assert.match(r.stderr, 'error envoy_rule_violation');
  assert.match(r.stderr, `failed the Envoy ${ENVOY_VERSION} schema check (2 errors); real Envoy was not run (--no-envoy)\n`);
});

t('an alias bomb: a finding with a place, exit 1, no stack trace, and never given to Envoy', () => {
  const file = join(scratch, 'bomb.yaml');
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  writeFileSync(file, lines.join('\n') + '\n');
  const r = envoyc('validate', file);
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /bomb\.yaml\(1,1\): error envoy_config_syntax: the YAML cannot be expanded/);
  assert.match(r.stderr, 'real Envoy was not run (the file does not parse)');
  assert.not.match(r.stderr, /\n\s+at /);
});

t('an Envoy binary that cannot run is a usage error: exit 2', () => {
  for (const bad of [join(scratch, 'no-such-envoy'), scratch]) {
    const r = envoyc('validate', '--envoy', bad, GOLDEN_BOOTSTRAP);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, `envoyc: Envoy binary ${bad}: `);
  }
});

t.run();
