/**
 * The files of an xDS directory (`compile --xds-dir`), and how Envoy finds them: a bootstrap that
 * points at `lds` and `cds`, one file per route configuration (`rds-<name>`) and per secret
 * (`sds-<name>`), all in one directory that Envoy watches for files moved into it.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { OutputFormat } from '../5-emit/serialize';

export type XdsKind = 'bootstrap' | 'lds' | 'cds' | 'rds' | 'sds';

/** The resource type each file of a kind holds (a DiscoveryResponse's `resources[]` are Anys of it). */
export const RESOURCE_TYPES: Record<Exclude<XdsKind, 'bootstrap'>, string> = {
  lds: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  cds: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  rds: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  sds: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
};

/** The bootstrap's name in the directory (`envoy -c DIR/envoy.yaml`). */
export const BOOTSTRAP_STEM = 'envoy';

/** Longest file stem we write: names can reach 569 characters (namespace/gateway/listener), file systems stop at 255 bytes. */
const MAX_STEM = 200;

/**
 * A resource name as a file stem, one-to-one: lowercase letters, digits, `.` and `-` stay, `/`
 * (the separator in every generated name) becomes `_`, anything else `%XX`. Kubernetes names never
 * hold `_` or capitals, so the usual stem reads as the name (`default_edge_http`) and two names
 * never share a file, even on a case-insensitive file system. Over-long stems end in a hash.
 */
export function fileStem(name: string): string {
  let stem = '';
  for (const ch of name) {
    if (/[a-z0-9.-]/.test(ch)) stem += ch;
    else if (ch === '/') stem += '_';
    else for (const b of Buffer.from(ch, 'utf8')) stem += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (stem.length <= MAX_STEM) return stem;
  return `${stem.slice(0, MAX_STEM - 17)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/** The file name of one resource file (or the bootstrap, or the LDS and CDS files). */
export function xdsFileName(kind: XdsKind, format: OutputFormat, resourceName?: string): string {
  if (kind === 'bootstrap') return `${BOOTSTRAP_STEM}.${format}`;
  if (kind === 'lds' || kind === 'cds') return `${kind}.${format}`;
  return `${kind}-${fileStem(resourceName!)}.${format}`;
}

/** The kind of a file envoyc writes into an xDS directory, by name; undefined for anything else. */
export function xdsKindOf(fileName: string): XdsKind | undefined {
  const m = /^(?:(envoy|lds|cds)|(rds|sds)-.+)\.(?:yaml|json)$/.exec(fileName);
  if (!m) return undefined;
  return m[1] === 'envoy' ? 'bootstrap' : ((m[1] ?? m[2]) as XdsKind);
}

/**
 * `envoy.config.core.v3.ConfigSource` for a file of the directory: Envoy reloads it whenever a file
 * is moved into the directory (`watched_directory`), which is how every update arrives.
 */
export function pathConfigSource(dir: string, fileName: string): object {
  return { path_config_source: { path: posix.join(dir, fileName), watched_directory: { path: dir } }, resource_api_version: 'V3' };
}

/** The file a config source names, as a name inside the directory. */
export function referencedFile(configSource: unknown): string | undefined {
  const path = (configSource as { path_config_source?: { path?: unknown } } | undefined)?.path_config_source?.path;
  return typeof path === 'string' ? posix.basename(path) : undefined;
}
