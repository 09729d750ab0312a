/**
 * An xDS directory read back as one static bootstrap, so `validate`, `diff`, `explain`, `match`
 * and `--check` see the same config as for `compile -o`: route configurations inline in their HCM,
 * secrets static, `dynamic_resources` gone. The inverse of `splitBootstrap`. Pure: the caller reads
 * the files; `origin` maps a place in the joined bootstrap back to the file and node it came from.
 */
import { referencedFile, RESOURCE_TYPES, type XdsKind } from './layout';
import { HCM_TYPE } from './split';

type Json = Record<string, any>;
export type JsonPath = (string | number)[];

/** One file as the caller found it: parsed, missing, or unreadable (the caller reports why). */
export type XdsRead = { value: unknown } | 'missing' | 'unreadable';

/** Something the directory lacks or holds wrongly, at the node that shows it. */
export interface XdsProblem {
  file: string;
  path: JsonPath;
  message: string;
}

export interface JoinedXds {
  bootstrap: Json;
  /** Every file of the directory the bootstrap reaches, the bootstrap first. */
  files: string[];
  /** The file and path a node of `bootstrap` was read from. */
  origin(path: JsonPath): { file: string; path: JsonPath };
  problems: XdsProblem[];
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A part of the joined bootstrap read from a file: `at` in the bootstrap is `base` in `file`. */
interface Mapping {
  at: JsonPath;
  file: string;
  base: JsonPath;
}

function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

class Joiner {
  readonly problems: XdsProblem[] = [];
  readonly files: string[] = [];
  readonly mappings: Mapping[] = [];
  readonly secrets = new Map<string, { secret: Json; file: string }>();

  constructor(private readonly read: (name: string) => XdsRead) {}

  /** The resources of a file of `kind`, named at (`from`, `fromPath`); checks their type and, for RDS and SDS, that there is one named `expect`. */
  resources(kind: Exclude<XdsKind, 'bootstrap'>, file: string, from: string, fromPath: JsonPath, expect?: string): Json[] | undefined {
    const r = this.read(file);
    if (r === 'unreadable') return undefined;
    if (r === 'missing') return this.problem(from, fromPath, `names ${file}, which is not in the directory`);
    if (!this.files.includes(file)) this.files.push(file);
    const list = isObject(r.value) ? r.value.resources : undefined;
    if (!Array.isArray(list)) return this.problem(file, [], 'expected a DiscoveryResponse: an object with a resources list');
    if (expect !== undefined && list.length !== 1) {
      return this.problem(
        file,
        ['resources'],
        `Envoy reads exactly one ${kind === 'rds' ? 'route configuration' : 'secret'} from a file; this one has ${list.length}`,
      );
    }
    const out: Json[] = [];
    list.forEach((res, i) => {
      if (!isObject(res) || res['@type'] !== RESOURCE_TYPES[kind])
        return this.problem(file, ['resources', i, '@type'], `expected @type ${RESOURCE_TYPES[kind]}`);
      if (expect !== undefined && res.name !== expect)
        return this.problem(file, ['resources', i, 'name'], `expected the ${kind === 'rds' ? 'route configuration' : 'secret'} ${expect}`);
      const { '@type': _type, ...rest } = res;
      out.push(rest);
    });
    return out;
  }

  problem(file: string, path: JsonPath, message: string): undefined {
    this.problems.push({ file, path, message });
    return undefined;
  }

  /** A listener or cluster with its RDS and SDS references inlined; `at` is its place in the joined bootstrap. */
  inline(v: unknown, file: string, fileAt: JsonPath, at: JsonPath): unknown {
    if (Array.isArray(v)) return v.map((x, i) => this.inline(x, file, [...fileAt, i], [...at, i]));
    if (!isObject(v)) return v;
    const rdsFile = v['@type'] === HCM_TYPE ? referencedFile(v.rds?.config_source) : undefined;
    if (rdsFile) {
      const [rc] = this.resources('rds', rdsFile, file, [...fileAt, 'rds', 'config_source', 'path_config_source', 'path'], v.rds.route_config_name) ?? [];
      if (rc) {
        const { rds: _rds, ...rest } = v;
        this.mappings.push({ at: [...at, 'route_config'], file: rdsFile, base: ['resources', 0] });
        // A route configuration's own secret references (an OAuth2 filter's, per route) are inlined too.
        return { ...(this.inline(rest, file, fileAt, at) as Json), route_config: this.inline(rc, rdsFile, ['resources', 0], [...at, 'route_config']) };
      }
    }
    const sdsFile = Object.keys(v).length === 2 && typeof v.name === 'string' ? referencedFile(v.sds_config) : undefined;
    if (sdsFile) {
      const known = this.secrets.get(v.name);
      const [secret] = known ? [known.secret] : (this.resources('sds', sdsFile, file, [...fileAt, 'sds_config', 'path_config_source', 'path'], v.name) ?? []);
      if (secret) {
        this.secrets.set(v.name, { secret, file: sdsFile });
        return { name: v.name };
      }
    }
    const out: Json = {};
    for (const k in v) out[k] = this.inline(v[k], file, [...fileAt, k], [...at, k]);
    return out;
  }

  /** The listeners or clusters of the LDS or CDS file a config source names, placed after `offset` static ones. */
  list(kind: 'lds' | 'cds', source: unknown, bootstrapFile: string, sourceAt: JsonPath, offset: number): Json[] {
    const file = referencedFile(source);
    if (!file) return [];
    const list = this.resources(kind, file, bootstrapFile, [...sourceAt, 'path_config_source', 'path']) ?? [];
    const at: JsonPath = ['static_resources', kind === 'lds' ? 'listeners' : 'clusters'];
    return list.map((r, i) => {
      this.mappings.push({ at: [...at, offset + i], file, base: ['resources', i] });
      return this.inline(r, file, ['resources', i], [...at, offset + i]) as Json;
    });
  }
}

/** Joins the directory whose bootstrap is `bootstrapFile`; `read` gives each file by its name in the directory. */
export function joinXds(bootstrapFile: string, read: (name: string) => XdsRead): JoinedXds {
  const j = new Joiner(read);
  const r = read(bootstrapFile);
  const b: Json = r !== 'missing' && r !== 'unreadable' && isObject(r.value) ? r.value : {};
  j.files.push(bootstrapFile);
  const { dynamic_resources: dyn, static_resources: st = {}, ...rest } = b;
  const staticListeners = (st.listeners ?? []) as Json[];
  const staticClusters = (st.clusters ?? []) as Json[];
  const listeners = [...staticListeners, ...j.list('lds', dyn?.lds_config, bootstrapFile, ['dynamic_resources', 'lds_config'], staticListeners.length)];
  const clusters = [...staticClusters, ...j.list('cds', dyn?.cds_config, bootstrapFile, ['dynamic_resources', 'cds_config'], staticClusters.length)];
  // Secrets in name order, as 5-emit writes them; the static ones keep their place in the bootstrap.
  const secrets: { secret: Json; file: string; at?: number }[] = [
    ...((st.secrets ?? []) as Json[]).map((secret, at) => ({ secret, file: bootstrapFile, at })),
    ...j.secrets.values(),
  ].sort((a, b) => (a.secret.name < b.secret.name ? -1 : a.secret.name > b.secret.name ? 1 : 0));
  secrets.forEach((s, i) => {
    j.mappings.push({
      at: ['static_resources', 'secrets', i],
      file: s.file,
      base: s.at === undefined ? ['resources', 0] : ['static_resources', 'secrets', s.at],
    });
  });
  const bootstrap: Json = {
    ...rest,
    static_resources: { ...st, listeners, clusters, ...(secrets.length ? { secrets: secrets.map((s) => s.secret) } : {}) },
  };
  const origin = (path: JsonPath) => {
    let best: Mapping | undefined;
    for (const m of j.mappings) if (startsWith(path, m.at) && (!best || m.at.length > best.at.length)) best = m;
    return best ? { file: best.file, path: [...best.base, ...path.slice(best.at.length)] } : { file: bootstrapFile, path };
  };
  return { bootstrap, files: j.files, origin, problems: j.problems };
}

/** True when `value` is a bootstrap that reads its listeners or clusters from files. */
export function isXdsBootstrap(value: unknown): boolean {
  const dyn = isObject(value) ? value.dynamic_resources : undefined;
  return !!(referencedFile(dyn?.lds_config) || referencedFile(dyn?.cds_config));
}
