// Where the CRDs come from: Envoy Gateway's module at the version compiler/versions.ts pins, as
// `go mod download` puts it in the Go module cache. Nothing here reads the network by itself.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVOY_GATEWAY_VERSION } from '../../compiler/versions';

export const EG_MODULE = 'github.com/envoyproxy/gateway';
/** The CRDs Envoy Gateway's Helm chart installs, relative to the module root. */
export const CRD_DIR = 'charts/gateway-helm/charts/crds/crds';
export const GATEWAY_API_FILE = `${CRD_DIR}/gatewayapi-crds.yaml`;
export const EG_CRD_DIR = `${CRD_DIR}/generated`;

/** One CRD file as read: its path in the module, text and sha256. */
export interface CrdFile {
  path: string;
  text: string;
  sha256: string;
}

/** Downloads the pinned module into the Go module cache (if needed) and returns its directory. */
export function downloadModule(version = ENVOY_GATEWAY_VERSION): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `${EG_MODULE}@${version}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${EG_MODULE}@${version}: ${info.Error ?? 'no directory'}`);
  return info.Dir;
}

/** The module's directory when it is already in the local module cache (no download), else undefined. */
export function cachedModule(version = ENVOY_GATEWAY_VERSION): string | undefined {
  let cache: string;
  try {
    cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
  const dir = join(cache, 'github.com', 'envoyproxy', `gateway@${version}`);
  return cache && existsSync(join(dir, GATEWAY_API_FILE)) ? dir : undefined;
}

/** The Gateway API bundle first, then Envoy Gateway's CRDs in file-name order. */
export function readCrdFiles(moduleDir: string): CrdFile[] {
  const eg = readdirSync(join(moduleDir, EG_CRD_DIR))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${EG_CRD_DIR}/${f}`);
  return [GATEWAY_API_FILE, ...eg].map((path) => {
    const text = readFileSync(join(moduleDir, path), 'utf8');
    return { path, text, sha256: createHash('sha256').update(text).digest('hex') };
  });
}
