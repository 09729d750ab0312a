/**
 * Reading inputs: a size limit per input, devices and FIFOs that cannot grow memory or hang the
 * run, invalid UTF-8 located, and code frames that stay one escaped screen line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeJsonTerminal, escapeTerminal } from '../../compiler/source';
import { CLI, GATEWAY, ROUTES, envoyc, writeTree } from '../review/fixture';

const t = suite('source: read');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

function tree(files: Record<string, string>): string {
  const w = writeTree(files);
  cleanups.push(w.cleanup);
  return w.dir;
}

/** One line on stderr, `envoyc: …`, and exit 2. */
function oneLineUsage(r: { status: number; stderr: string }, what: RegExp | string): void {
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^envoyc: [^\n]+\n$/);
  assert.match(r.stderr, what);
}

t('an input over --max-input-size is a one-line usage error naming the limit and the flag', () => {
  const dir = tree({ 'big.yaml': GATEWAY + '#'.repeat(3000) + '\n' });
  oneLineUsage(
    envoyc(dir, 'compile', 'big.yaml', '--max-input-size', '2KiB'),
    /big.yaml: 3.1 KiB is over the input size limit of 2 KiB \(raise it with --max-input-size\)/,
  );
  assert.is(envoyc(dir, 'compile', 'big.yaml', '--max-input-size', '4KiB').status, 0);
  oneLineUsage(envoyc(dir, 'compile', 'big.yaml', '--max-input-size', 'lots'), "option '--max-input-size <size>' argument 'lots' is invalid");
});

t('/dev/zero named as an input stops at the limit (the default one too)', () => {
  const dir = tree({});
  oneLineUsage(envoyc(dir, 'compile', '/dev/zero', '--max-input-size', '1MiB'), '/dev/zero: more than 1 MiB is over the input size limit');
  oneLineUsage(envoyc(dir, 'compile', '/dev/zero'), 'more than 256 MiB is over the input size limit of 256 MiB');
});

t('/dev/zero on stdin stops at the limit', () => {
  const zero = openSync('/dev/zero', 'r');
  try {
    const r = spawnSync(process.execPath, [CLI, 'compile', '-', '--max-input-size', '1MiB'], {
      stdio: [zero, 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    oneLineUsage({ status: r.status ?? -1, stderr: r.stderr }, '<stdin>: more than 1 MiB');
  } finally {
    closeSync(zero);
  }
});

t('inside an input directory, a FIFO, a device and links to them named *.yaml are skipped with a warning (no hang)', () => {
  const dir = tree({ 'config/gateway.yaml': GATEWAY, 'config/routes.yaml': ROUTES });
  execFileSync('mkfifo', [join(dir, 'config/pipe.yaml')]);
  execFileSync('mknod', [join(dir, 'config/null.yaml'), 'c', '1', '3']);
  symlinkSync('/dev/zero', join(dir, 'config/zero.yaml'));
  mkdirSync(join(dir, 'elsewhere'));
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'config/linked'));
  const r = envoyc(dir, 'compile', 'config');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, 'config/pipe.yaml: warning input_skipped: a FIFO, not a regular file: skipped');
  assert.match(r.stderr, 'config/null.yaml: warning input_skipped: a device, not a regular file: skipped');
  assert.match(r.stderr, 'config/zero.yaml: warning input_skipped: a symbolic link to a character device, not a regular file: skipped');
  assert.match(r.stderr, 'config/linked: warning input_skipped: a symbolic link to a directory, not followed');
  assert.ok(r.stdout.includes('static_resources'), 'the regular files compiled');
});

t('invalid UTF-8 is an error at its line and column', () => {
  const dir = tree({});
  writeFileSync(
    join(dir, 'gw.yaml'),
    Buffer.concat([Buffer.from(GATEWAY.replace('name: eg', 'name: é-eg')), Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  );
  const r = envoyc(dir, 'compile', 'gw.yaml', '-o', 'out.yaml');
  assert.is(r.status, 1);
  const line = GATEWAY.split('\n').length;
  assert.match(r.stderr, `gw.yaml(${line},6): error input_invalid_utf8: byte 0xe9 is not valid UTF-8`);
});

t('control characters and terminal escapes from the inputs are escaped in messages and code frames', () => {
  const dir = tree({ 'gw.yaml': GATEWAY.replace('  listeners:', '  "bad\x1b[2J\u202eKey": 1\n  listeners:') });
  const r = envoyc(dir, 'compile', 'gw.yaml');
  assert.is(r.status, 1);
  assert.not.ok(/[\x1b\u202e]/.test(r.stderr), 'no raw escape on stderr');
  assert.match(r.stderr, 'bad\\x1b[2J\\u{202e}Key');
});

t('text and JSON printed from the inputs are terminal-safe: escapes shown, JSON still valid', () => {
  const raw = 'a\x1b[2J\x9b1m\u202eb\n\tc';
  assert.is(escapeTerminal(raw), 'a\\x1b[2J\\x9b1m\\u{202e}b\n\tc');
  const json = escapeJsonTerminal(JSON.stringify({ v: raw }));
  assert.not.ok(/[\x1b\x9b\u202e]/.test(json));
  assert.equal(JSON.parse(json), { v: raw });
});

t('a code frame is one screen line: 142 KB of minified JSON with an error per object stays small', () => {
  const routes = Array.from({ length: 800 }, (_, i) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `r${i}`, namespace: 'default' },
    spec: { parentRefs: [{ name: 'eg' }], bogus: 'x'.repeat(60), rules: [{ backendRefs: [{ name: 'web', port: 8080 }] }] },
  }));
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: routes });
  assert.ok(json.length > 140_000, `${json.length} bytes`);
  const dir = tree({ 'gw.yaml': GATEWAY, 'routes.json': json });
  const r = envoyc(dir, 'compile', '.');
  assert.is(r.status, 1);
  const frames = r.stderr.split('\n').filter((l) => / \| /.test(l));
  assert.ok(frames.length >= 800, `${frames.length} frame lines`);
  assert.ok(Math.max(...frames.map((l) => l.length)) <= 120, 'every frame line fits a screen');
  assert.ok(r.stderr.length < 800 * 600, `${r.stderr.length} bytes of stderr`);
  assert.match(r.stderr, /\| …[^\n]*"bogus"[^\n]*…\n {4} +\| +\^+/);
});

t.run();
