/** `compile --xds-dir` through the real CLI, and the other commands reading the directory as a bootstrap. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../support/golden';

const CLI = join(ROOT, 'dist', 'cli.js');
const t = suite('xds cli');
const scratch = mkdtempSync(join(tmpdir(), 'envoyc-xds-cli-'));
t.after(() => rmSync(scratch, { recursive: true, force: true }));

function envoyc(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A working copy of a golden case's inputs, with its static bootstrap and an xDS directory compiled from them. */
function workspace(name: string, golden: string): string {
  const dir = join(scratch, name);
  cpSync(join(ROOT, 'golden', golden, 'in'), join(dir, 'in'), { recursive: true });
  assert.is(envoyc(dir, 'compile', 'in', '-o', 'envoy.yaml').status, 0);
  const r = envoyc(dir, 'compile', 'in', '--xds-dir', 'xds');
  assert.is(r.status, 0, r.stderr);
  return dir;
}

const files = (dir: string) => readdirSync(dir).sort();

t('compile --xds-dir: a bootstrap, LDS, CDS and a file per route configuration and secret; the same bytes again', () => {
  const dir = workspace('https', 'listener-https-terminate');
  const names = files(join(dir, 'xds'));
  assert.ok(names.includes('envoy.yaml') && names.includes('lds.yaml') && names.includes('cds.yaml'), names.join(' '));
  assert.ok(names.some((n) => n.startsWith('rds-')) && names.some((n) => n.startsWith('sds-')), names.join(' '));
  assert.match(readFileSync(join(dir, 'xds', 'envoy.yaml'), 'utf8'), 'path: xds/lds.yaml');
  const before = names.map((n) => readFileSync(join(dir, 'xds', n), 'utf8'));
  assert.is(envoyc(dir, 'compile', 'in', '--xds-dir', 'xds').status, 0);
  assert.equal(
    files(join(dir, 'xds')).map((n) => readFileSync(join(dir, 'xds', n), 'utf8')),
    before,
  );
});

t('--xds-path: the paths Envoy reads (e.g. in a container) are that directory; --format json writes JSON files', () => {
  const dir = workspace('paths', 'listener-http-basic');
  assert.is(envoyc(dir, 'compile', 'in', '--xds-dir', 'out', '--xds-path', '/etc/envoy/xds/', '--format', 'json').status, 0);
  assert.equal(files(join(dir, 'out')), ['cds.json', 'envoy.json', 'lds.json', 'rds-default_eg_http.json']);
  const b = JSON.parse(readFileSync(join(dir, 'out', 'envoy.json'), 'utf8'));
  assert.equal(b.dynamic_resources.cds_config.path_config_source, { path: '/etc/envoy/xds/cds.json', watched_directory: { path: '/etc/envoy/xds' } });
});

t('--check on the directory: 0 up to date; 3 for a changed, missing or extra file, naming it; nothing written', () => {
  const dir = workspace('check', 'httproute-weighted-backends');
  assert.is(envoyc(dir, 'compile', 'in', '--xds-dir', 'xds', '--check').status, 0);
  const rds = files(join(dir, 'xds')).find((n) => n.startsWith('rds-'))!;
  const original = readFileSync(join(dir, 'xds', rds), 'utf8');
  writeFileSync(join(dir, 'xds', rds), original.replace('ignore_port_in_host_matching: true', 'ignore_port_in_host_matching: false'));
  writeFileSync(join(dir, 'xds', 'sds-default_gone.yaml'), 'resources: []\n');
  const r = envoyc(dir, 'compile', 'in', '--xds-dir', 'xds', '--check');
  assert.is(r.status, 3);
  assert.match(r.stderr, `${rds} differs from what the inputs compile to`);
  assert.match(r.stderr, 'sds-default_gone.yaml is no longer generated');
  assert.match(r.stderr, 'ignore_port_in_host_matching false → true');
  assert.match(r.stderr, 'envoyc compile in --xds-dir xds');
  assert.ok(existsSync(join(dir, 'xds', 'sds-default_gone.yaml')), '--check writes and removes nothing');
});

t('usage: several Gateways, --emit ir, or -o with --xds-dir exit 2 and write nothing', () => {
  const out = join(scratch, 'never');
  const several = envoyc(ROOT, 'compile', 'golden/gateways-several/in', '--xds-dir', out);
  assert.is(several.status, 2);
  assert.match(several.stderr, 'an xDS directory serves one Envoy');
  assert.is(envoyc(ROOT, 'compile', 'golden/listener-http-basic/in', '--xds-dir', out, '--emit', 'ir').status, 2);
  assert.is(envoyc(ROOT, 'compile', 'golden/listener-http-basic/in', '--xds-dir', out, '-o', join(scratch, 'x.yaml')).status, 2);
  assert.is(envoyc(ROOT, 'compile', 'golden/input-yaml-syntax-error/in', '--xds-dir', out).status, 1);
  assert.not.ok(existsSync(out));
});

t('--secrets-dir and --status are written with the directory, as compile -o writes them: key files 0600, only named by the sds file', () => {
  const dir = workspace('secrets', 'listener-https-terminate');
  const r = envoyc(dir, 'compile', 'in', '--xds-dir', 'live', '--secrets-dir', 'keys', '--secrets-mount', '/etc/envoy/keys', '--status', 'status.yaml');
  assert.is(r.status, 0, r.stderr);
  const sds = files(join(dir, 'live')).filter((n) => n.startsWith('sds-'));
  assert.ok(sds.length > 0);
  for (const n of sds) {
    const text = readFileSync(join(dir, 'live', n), 'utf8');
    assert.not.match(text, 'PRIVATE KEY');
    assert.match(text, /filename: \/etc\/envoy\/keys\/default\/[^/]+\/tls\.key/);
  }
  const key = readdirSync(join(dir, 'keys', 'default'), { recursive: true, encoding: 'utf8' }).find((p) => p.endsWith('tls.key'))!;
  assert.is(statSync(join(dir, 'keys', 'default', key)).mode & 0o777, 0o600);
  assert.match(readFileSync(join(dir, 'keys', 'default', key), 'utf8'), 'PRIVATE KEY');
  assert.match(readFileSync(join(dir, 'status.yaml'), 'utf8'), 'Programmed');
  const bad = envoyc(dir, 'compile', 'in', '--xds-dir', 'other', '--secrets-dir', 'keys2', '--secrets-mount', '/k', '--status', 'in/status.yaml');
  assert.is(bad.status, 2, 'a status file inside the input directory is refused');
  assert.not.ok(existsSync(join(dir, 'other')) || existsSync(join(dir, 'keys2')), 'and nothing else is written');
});

t('diff, match and explain read the directory as the bootstrap it amounts to', () => {
  const dir = workspace('review', 'listener-https-terminate');
  const same = envoyc(dir, 'diff', 'envoy.yaml', 'xds');
  assert.is(same.status, 0, same.stdout + same.stderr);
  for (const args of [
    ['match', '--host', 'example.com', '--path', '/', '--port', '443', '--json'],
    ['explain', '--json'],
  ]) {
    const fromStatic = envoyc(dir, args[0]!, 'envoy.yaml', ...args.slice(1));
    const fromXds = envoyc(dir, args[0]!, 'xds', ...args.slice(1));
    assert.is(fromXds.status, fromStatic.status, fromXds.stderr);
    assert.is(fromXds.stdout, fromStatic.stdout, args[0]);
    assert.is(envoyc(dir, args[0]!, 'xds/envoy.yaml', ...args.slice(1)).stdout, fromStatic.stdout, `${args[0]} on the bootstrap file`);
  }
  const rds = files(join(dir, 'xds')).find((n) => n.startsWith('rds-'))!;
  rmSync(join(dir, 'xds', rds));
  const broken = envoyc(dir, 'diff', 'envoy.yaml', 'xds');
  assert.is(broken.status, 1);
  assert.match(broken.stderr, `names ${rds}, which is not in the directory`);
});

t('validate: the directory checked as one bootstrap, each finding at its file(line,col)', () => {
  const dir = workspace('validate', 'listener-http-basic');
  const ok = envoyc(dir, 'validate', 'xds', '--no-envoy');
  assert.is(ok.status, 0, ok.stderr);
  const cds = join(dir, 'xds', 'cds.yaml');
  writeFileSync(cds, readFileSync(cds, 'utf8').replace('connect_timeout:', 'connect_timeot:'));
  const rds = join(dir, 'xds', 'rds-default_eg_http.yaml');
  writeFileSync(rds, readFileSync(rds, 'utf8').replace(/cluster: httproute\/default\/(\w+)/, 'cluster: httproute/default/nope'));
  const r = envoyc(dir, 'validate', 'xds', '--no-envoy');
  assert.is(r.status, 1);
  assert.match(r.stderr, /xds\/cds\.yaml\(\d+,\d+\): error envoy_unknown_field: resources\[0\]\.connect_timeot/);
  assert.match(r.stderr, /xds\/rds-default_eg_http\.yaml\(\d+,\d+\): error envoy_cluster_not_found/);
  rmSync(rds);
  const missing = envoyc(dir, 'validate', 'xds/envoy.yaml', '--no-envoy');
  assert.match(missing.stderr, /xds\/lds\.yaml\(\d+,\d+\): error xds_directory_invalid: names rds-default_eg_http\.yaml, which is not in the directory/);
});

t.run();
