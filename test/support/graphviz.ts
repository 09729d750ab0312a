/**
 * Graphviz's `dot` for the tests that render `envoyc graph --format dot`. When `dot` is missing
 * and we are root, Debian's `graphviz` package is installed (`apt-get install -y graphviz`, after
 * `apt-get update` if the package lists do not know it yet). Under `CI=true` a `dot` that cannot
 * be had fails the test, never skips it.
 */
import { execFileSync, spawnSync } from 'node:child_process';

function runs(bin: string): boolean {
  return spawnSync(bin, ['-V'], { stdio: 'ignore' }).status === 0;
}

function apt(args: string[]): void {
  // DPkg::Lock::Timeout: another engineer's install on this machine waits instead of failing.
  execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 600_000,
  });
}

/** Installs graphviz from the system packages; the reason it could not, or undefined on success. */
function install(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root, so apt-get install graphviz is not possible here';
  try {
    try {
      apt(['install', '-y', '-q', 'graphviz']);
    } catch {
      apt(['update', '-q']);
      apt(['install', '-y', '-q', 'graphviz']);
    }
  } catch (err) {
    return `apt-get install graphviz failed: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  }
  return runs('dot') ? undefined : 'graphviz installed, but dot -V still fails';
}

let found: string | undefined | null = null;

/** The `dot` binary, installed if need be; undefined (outside CI only) when it cannot be had. Throws under CI=true. */
export function graphvizDot(log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): string | undefined {
  if (found !== null) return found;
  const bin = process.env.DOT_BIN ?? 'dot';
  if (runs(bin)) return (found = bin);
  log('graphviz: dot not found, installing Debian package graphviz');
  const why = install();
  if (!why) return (found = 'dot');
  if (process.env.CI === 'true') throw new Error(`Graphviz dot is needed to check envoyc graph --format dot, and ${why}`);
  log(`graphviz: ${why}; DOT checks skipped (under CI=true this fails)`);
  return (found = undefined);
}
