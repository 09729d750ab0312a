/**
 * A static bootstrap (5-emit's output) split into the files of an xDS directory, so the one
 * translation serves both forms. Pure: data in, data out.
 *
 * Routes are served by RDS from one file per route configuration, not inline in the listeners:
 * Envoy applies a new route configuration to the connections already open, while a changed inline
 * route configuration changes the listener, whose connections then drain and keep the old routes
 * until they close. Secrets are served by SDS from one file each: a new certificate is used for
 * the next handshakes with no listener change. Envoy's file subscriptions take exactly one route
 * configuration or secret per file.
 */
import type { OutputFormat } from '../5-emit/serialize';
import type { Bootstrap } from '../5-emit';
import { pathConfigSource, RESOURCE_TYPES, xdsFileName, type XdsKind } from './layout';

type Json = Record<string, any>;

export const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

/** Where Envoy finds the directory (`--xds-path`, default the directory as given) and the file format. */
export interface XdsTarget {
  dir: string;
  format: OutputFormat;
}

/** One file of an xDS directory. */
export interface XdsFile {
  name: string;
  kind: XdsKind;
  /** The bootstrap, or an `envoy.service.discovery.v3.DiscoveryResponse` holding the resources. */
  value: Json;
  /** Holds a private key: written readable by its owner only. */
  private: boolean;
}

/** `xds/`, `./xds` and `xds` name the same directory; Envoy gets one spelling. */
export function normalizeDir(dir: string): string {
  const d = dir.replace(/\\/g, '/').replace(/\/+$/, '') || '/';
  return d.replace(/^(\.\/)+(?=.)/, '');
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `v` with `fn` applied to every object, innermost last (`fn` sees the original object). */
function mapObjects(v: unknown, fn: (o: Json) => Json | undefined): unknown {
  if (Array.isArray(v)) return v.map((x) => mapObjects(x, fn));
  if (!isObject(v)) return v;
  const replaced = fn(v);
  if (replaced) return replaced;
  const out: Json = {};
  for (const k in v) out[k] = mapObjects(v[k], fn);
  return out;
}

function discoveryResponse(kind: Exclude<XdsKind, 'bootstrap'>, resources: Json[]): Json {
  return { resources: resources.map((r) => ({ '@type': RESOURCE_TYPES[kind], ...r })) };
}

/** The split: a bootstrap reading LDS and CDS from files, a file per route configuration and secret. */
export function splitBootstrap(b: Bootstrap, target: XdsTarget): XdsFile[] {
  const dir = normalizeDir(target.dir);
  const file = (kind: XdsKind, name?: string) => xdsFileName(kind, target.format, name);
  const { listeners, clusters, secrets = [], ...otherStatic } = b.static_resources;
  const secretNames = new Set(secrets.map((s) => s.name));
  const referenced = new Set<string>();
  const routeConfigs = new Map<string, Json>();
  const rewrite = (o: Json): Json | undefined => {
    // An HCM's inline route configuration becomes RDS from its own file.
    if (o['@type'] === HCM_TYPE && isObject(o.route_config)) {
      const { route_config: rc, ...rest } = o;
      const name = rc.name as string;
      // Secrets a route names (an OAuth2 filter's, per route) become SDS from their files too.
      const routed = mapObjects(rc, rewrite) as Json;
      if (routeConfigs.has(name) && JSON.stringify(routeConfigs.get(name)) !== JSON.stringify(routed)) {
        throw new Error(`two different route configurations are named ${name}`);
      }
      routeConfigs.set(name, routed);
      return { ...(mapObjects(rest, rewrite) as Json), rds: { route_config_name: name, config_source: pathConfigSource(dir, file('rds', name)) } };
    }
    // A reference to a static secret (an SdsSecretConfig with only a name) becomes SDS from its file.
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'name' && secretNames.has(o.name)) {
      referenced.add(o.name);
      return { name: o.name, sds_config: pathConfigSource(dir, file('sds', o.name)) };
    }
    return undefined;
  };
  const dynamicListeners = listeners.map((l) => mapObjects(l, rewrite) as Json);
  const dynamicClusters = clusters.map((c) => mapObjects(c, rewrite) as Json);
  // A secret nothing was found to reference stays static, so it works as before.
  const staticSecrets = secrets.filter((s) => !referenced.has(s.name));
  const staticRest = { ...otherStatic, ...(staticSecrets.length ? { secrets: staticSecrets } : {}) };
  const { static_resources: _static, ...bootstrapRest } = b;
  const bootstrap: Json = {
    ...bootstrapRest,
    ...(Object.keys(staticRest).length ? { static_resources: staticRest } : {}),
    dynamic_resources: { lds_config: pathConfigSource(dir, file('lds')), cds_config: pathConfigSource(dir, file('cds')) },
  };
  const files: XdsFile[] = [
    { name: file('bootstrap'), kind: 'bootstrap', value: bootstrap, private: staticSecrets.length > 0 },
    { name: file('lds'), kind: 'lds', value: discoveryResponse('lds', dynamicListeners), private: false },
    { name: file('cds'), kind: 'cds', value: discoveryResponse('cds', dynamicClusters), private: false },
    ...[...routeConfigs].map(([name, rc]): XdsFile => ({ name: file('rds', name), kind: 'rds', value: discoveryResponse('rds', [rc]), private: false })),
    ...secrets
      .filter((s) => referenced.has(s.name))
      // A validation context holds only certificates; anything else holds a key.
      .map((s): XdsFile => ({ name: file('sds', s.name), kind: 'sds', value: discoveryResponse('sds', [s]), private: s.validation_context === undefined })),
  ];
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
