/**
 * An HTTP/3 client for the tests: Node 20 and the system curl speak no QUIC, so the PyPI package
 * aioquic (pinned) is installed into the git-ignored `.envoy/quic/` folder on first use, as Envoy
 * itself is, and `test/support/h3-get.py` makes one request with it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../compiler/6-validate/envoy-binary';

const AIOQUIC = 'aioquic==1.2.0';

function root(): string {
  const r = projectRoot(__dirname);
  if (!r) throw new Error(`quic-client: no envoyc package.json above ${__dirname}`);
  return r;
}

/** Installs aioquic if needed (beside the final folder, then renamed) and returns its folder. */
export function installQuicClient(): string {
  const home = join(root(), '.envoy', 'quic');
  if (existsSync(join(home, 'aioquic'))) return home;
  const staging = `${home}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' };
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--target', staging, AIOQUIC];
  try {
    execFileSync(process.env.PYTHON ?? 'python3', args, { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
    rmSync(home, { recursive: true, force: true });
    renameSync(staging, home);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return home;
}

/** One HTTP/3 GET to 127.0.0.1:port over UDP; the response status. */
export function http3Get(port: number, host: string, path = '/'): Promise<number> {
  const home = installQuicClient();
  const script = join(root(), 'test', 'support', 'h3-get.py');
  return new Promise((resolve, reject) => {
    execFile(
      process.env.PYTHON ?? 'python3',
      [script, String(port), host, path],
      { env: { ...process.env, PYTHONPATH: home }, timeout: 15_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(Number(stdout.trim()))),
    );
  });
}
