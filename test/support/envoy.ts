/**
 * The Envoy binary for tests. Tests never skip for want of Envoy: when none is found it is
 * installed (see install-envoy.ts), and when that fails the test fails, with or without CI=true.
 */
import { ENVOY_VERSION, envoyVersion, findEnvoy } from '../../compiler/6-validate/envoy-binary';
import { installEnvoy } from './install-envoy';

let cached: string | undefined;

/** Path of a working Envoy (`ENVOY_BIN`, `PATH`, or `.envoy/bin/envoy`, installed if missing). */
export function ensureEnvoy(): string {
  if (cached) return cached;
  let path = findEnvoy();
  if (!path) path = installEnvoy();
  const version = envoyVersion(path);
  if (!version) {
    throw new Error(`Envoy at ${path} does not run (\`${path} --version\` failed)` + (process.env.CI === 'true' ? ': CI needs a working Envoy' : ''));
  }
  if (!version.includes(`/${ENVOY_VERSION}/`)) {
    // A different Envoy gives different answers; say so once, but use it (ENVOY_BIN / PATH is a choice).
    process.stderr.write(`warning: tests use ${path} (${version}); envoyc targets Envoy ${ENVOY_VERSION}\n`);
  }
  cached = path;
  return path;
}
