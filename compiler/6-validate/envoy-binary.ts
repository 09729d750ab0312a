/**
 * Finding and running the real Envoy binary (`envoy --mode validate`): the ground truth that the
 * in-process proto check approximates. Used by `envoyc validate` and by the tests.
 *
 * Runtime code: Node built-ins only, no test helpers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

/** The Envoy release we target (compiler/versions.ts); the test installer pins the same version. */
export { ENVOY_VERSION } from '../versions';

/** Result of `envoy --mode validate`. */
export interface EnvoyValidation {
  /** Envoy exited 0 (it prints "configuration '…' OK"). */
  ok: boolean;
  /** Everything Envoy printed (stdout, then stderr), one log line per message: `[level] message`. */
  output: string;
  /** Distinct warning lines about deprecated fields, enum values or names; empty when none. */
  deprecated: string[];
}

/**
 * What to validate: bootstrap text (YAML or JSON; a plain string is text), written to a temporary
 * file for Envoy, or a file on disk.
 */
export type EnvoyConfigInput = string | { text: string } | { file: string };

/**
 * Envoy's log lines are `[level] message` (see LOG_FORMAT). Deprecated-field usage is logged at
 * warning level by `message_validator_impl.cc`, e.g.
 * `[warning] Deprecated field: type envoy.config.cluster.v3.Cluster Using deprecated option
 * 'envoy.config.cluster.v3.Cluster.max_requests_per_connection' from file cluster.proto. …`;
 * enum values read `Using deprecated value X for enum '…'`. Any warning-or-worse line that says
 * "deprecated" counts, so deprecated extension names are caught too.
 */
const DEPRECATED_LINE = /^\[(warning|error|critical)\].*deprecated/i;

/** Only the level and the message: stable, readable output without timestamps or thread ids. */
const LOG_FORMAT = '[%l] %v';

const TIMEOUT_MS = 60_000;

/** The project root: the nearest folder above this file whose package.json is envoyc's. */
export function projectRoot(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'envoyc') return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where the test installer puts Envoy (`.envoy/bin/envoy` under the project root). */
export function localEnvoyPath(): string | undefined {
  const root = projectRoot();
  return root && join(root, '.envoy', 'bin', 'envoy');
}

function isExecutable(file: string): boolean {
  return notRunnable(file) === undefined;
}

/** Why `file` cannot be run as Envoy (missing, not a regular file, not executable), or undefined. */
export function notRunnable(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return 'not a file';
    accessSync(file, constants.X_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not executable';
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The Envoy binary to use, first found of: `explicit` (`--envoy`), `$ENVOY_BIN`, `envoy` on
 * `PATH`, the project-local `.envoy/bin/envoy`. An explicit path or `ENVOY_BIN` is returned even
 * if it does not exist, so the caller reports the path the user asked for.
 */
export function findEnvoy(explicit?: string): string | undefined {
  if (explicit) return resolve(explicit);
  const fromEnv = process.env.ENVOY_BIN;
  if (fromEnv) return resolve(fromEnv);
  const found = onPath('envoy');
  if (found) return found;
  const local = localEnvoyPath();
  return local && isExecutable(local) ? local : undefined;
}

/** `envoy --version` as one line, e.g. `envoy  version: 9e55…/1.40.0/Clean/RELEASE/BoringSSL`. */
export function envoyVersion(envoyPath: string): string | undefined {
  const r = spawnSync(envoyPath, ['--version'], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (r.status !== 0) return undefined;
  return r.stdout.trim().replace(/\s+/g, ' ') || undefined;
}

function validateArgs(file: string): string[] {
  return ['--mode', 'validate', '-c', file, '--log-level', 'warn', '--log-format', LOG_FORMAT];
}

/** Turns Envoy's exit status and output into a result; `failure` is set when it could not run. */
function toValidation(status: number | null, stdout: string, stderr: string, failure?: string): EnvoyValidation {
  const output = [stdout, stderr, failure ?? '']
    .map((s) => s.trimEnd())
    .filter((s) => s !== '')
    .join('\n');
  const deprecated = [...new Set(output.split('\n').filter((l) => DEPRECATED_LINE.test(l)))];
  return { ok: status === 0 && !failure, output, deprecated };
}

/**
 * A scratch folder with the config (when given as text) and files for Envoy's stdout and stderr.
 * Envoy gets files, not pipes: Node's pipes are socketpairs, and a bootstrap that logs to
 * `/dev/stdout` (access logs do) fails with "unable to open file '/dev/stdout': No such device
 * or address" when fd 1 is a socket.
 */
interface Scratch {
  config: string;
  outFd: number;
  errFd: number;
  /** Closes the output files and returns what Envoy wrote, then removes the folder. */
  finish(): { stdout: string; stderr: string };
}

function scratch(input: EnvoyConfigInput): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-validate-'));
  let config: string;
  if (typeof input === 'object' && 'file' in input) {
    config = input.file;
  } else {
    const text = typeof input === 'string' ? input : input.text;
    // Envoy picks its parser from the extension: JSON text gets JSON error messages.
    config = join(dir, text.trimStart().startsWith('{') ? 'envoy.json' : 'envoy.yaml');
    writeFileSync(config, text);
  }
  const outFd = openSync(join(dir, 'stdout'), 'w+');
  const errFd = openSync(join(dir, 'stderr'), 'w+');
  return {
    config,
    outFd,
    errFd,
    finish() {
      closeSync(outFd);
      closeSync(errFd);
      const stdout = readFileSync(join(dir, 'stdout'), 'utf8');
      const stderr = readFileSync(join(dir, 'stderr'), 'utf8');
      rmSync(dir, { recursive: true, force: true });
      return { stdout, stderr };
    },
  };
}

/** Runs `envoy --mode validate -c FILE` and waits for it (for the CLI). */
export function runEnvoyValidate(envoyPath: string, input: EnvoyConfigInput): EnvoyValidation {
  const s = scratch(input);
  // spawnSync does not throw when Envoy is missing or times out: it sets r.error.
  const r = spawnSync(envoyPath, validateArgs(s.config), { stdio: ['ignore', s.outFd, s.errFd], timeout: TIMEOUT_MS });
  const { stdout, stderr } = s.finish();
  const failure = r.error ? `could not run ${envoyPath}: ${r.error.message}` : undefined;
  return toValidation(r.status, stdout, stderr, failure);
}

/** Same as `runEnvoyValidate` without blocking, so several validations can run at once. */
export function runEnvoyValidateAsync(envoyPath: string, input: EnvoyConfigInput): Promise<EnvoyValidation> {
  const s = scratch(input);
  return new Promise<EnvoyValidation>((done) => {
    let failure: string | undefined;
    const child = spawn(envoyPath, validateArgs(s.config), { stdio: ['ignore', s.outFd, s.errFd] });
    const timer = setTimeout(() => {
      failure = `${envoyPath} did not finish within ${TIMEOUT_MS / 1000} s`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      failure ??= `could not run ${envoyPath}: ${err.message}`;
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      const { stdout, stderr } = s.finish();
      done(toValidation(status, stdout, stderr, failure));
    });
  });
}
