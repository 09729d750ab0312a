import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

/**
 * The Envoy API schema, loaded lazily from the `.proto` files that ship in `@grpc/grpc-js-xds`'s
 * `deps/` folder (the Envoy 1.31 API, data-plane-api f8b75d1, with PGV rules).
 *
 * The bootstrap proto's import closure is loaded first; every other package directory is loaded the
 * first time an `@type` names a type in it. Only files whose whole import closure exists are loaded
 * (78 shipped protos import files that are not shipped: leftover v2 files, opencensus, OTel, …), so
 * protobufjs never meets a missing file and never leaves a half-filled root. If a load still fails,
 * the root is rebuilt from the files that loaded before.
 */

const PKG_ROOT = path.dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
const DEPS = path.join(PKG_ROOT, 'deps');
/** Include roots, in protoc `-I` order. */
const INCLUDE = ['envoy-api', 'xds', 'protoc-gen-validate', 'googleapis'].map((d) => path.join(DEPS, d));
/** protobufjs ships `descriptor.proto` (needed by validate.proto and the annotations). */
const PROTOBUFJS_ROOT = path.dirname(require.resolve('protobufjs/package.json'));
/** Well-known types protobufjs defines itself (its `common` table); never read from disk. */
const BUNDLED = new Set(['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers'].map((n) => `google/protobuf/${n}.proto`));

export const BOOTSTRAP_TYPE = 'envoy.config.bootstrap.v3.Bootstrap';
const BOOTSTRAP_FILE = 'envoy/config/bootstrap/v3/bootstrap.proto';

const resolved = new Map<string, string | undefined>();

/** Resolves an import path (`envoy/config/core/v3/base.proto`) to a file on disk, if shipped. */
function resolveImport(importPath: string): string | undefined {
  if (resolved.has(importPath)) return resolved.get(importPath);
  const file = findImport(importPath);
  resolved.set(importPath, file);
  return file;
}

function findImport(importPath: string): string | undefined {
  if (importPath.startsWith('google/protobuf/')) {
    const p = path.join(PROTOBUFJS_ROOT, importPath);
    if (fs.existsSync(p)) return p;
  }
  for (const dir of INCLUDE) {
    const p = path.join(dir, importPath);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

const IMPORT_RE = /^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm;
const importsCache = new Map<string, string[] | null>();

/** The imports of one file, or null when the file is not shipped. */
function importsOf(importPath: string): string[] | null {
  let imports = importsCache.get(importPath);
  if (imports !== undefined) return imports;
  const file = BUNDLED.has(importPath) ? undefined : resolveImport(importPath);
  if (BUNDLED.has(importPath)) imports = [];
  else if (!file) imports = null;
  else imports = [...fs.readFileSync(file, 'utf8').matchAll(IMPORT_RE)].map((m) => m[1]!);
  importsCache.set(importPath, imports);
  return imports;
}

const loadableCache = new Map<string, boolean>();

/** True when the file and everything it imports, transitively, is shipped. */
export function isLoadable(importPath: string, visiting = new Set<string>()): boolean {
  const known = loadableCache.get(importPath);
  if (known !== undefined) return known;
  if (visiting.has(importPath)) return true; // a cycle: decided by the outer call
  visiting.add(importPath);
  const imports = importsOf(importPath);
  const ok = imports !== null && imports.every((i) => isLoadable(i, visiting));
  loadableCache.set(importPath, ok);
  return ok;
}

/** The `.proto` files directly in an include-relative directory (`envoy/config/core/v3`). */
function protoFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const root of INCLUDE) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) continue;
    for (const f of fs.readdirSync(abs).sort()) if (f.endsWith('.proto')) out.push(`${dir}/${f}`);
  }
  return out;
}

/** True when the 1.31 API has a directory with `.proto` files for this proto package. */
export function packageExists(pkg: string): boolean {
  return protoFilesIn(pkg.replace(/\./g, '/')).length > 0;
}

/** Holds the protobufjs root and what has been loaded into it. */
class Schema {
  root!: protobuf.Root;
  /** Import paths loaded so far, in load order (used to rebuild the root after a failed load). */
  private loaded: string[] = [];
  private readonly triedPackages = new Set<string>();
  /** Bumped whenever the root is rebuilt, so reflection caches keyed on old objects are dropped. */
  generation = 0;

  constructor() {
    this.reset([]);
    this.loadFiles([BOOTSTRAP_FILE]);
  }

  private reset(files: string[]): void {
    const root = new protobuf.Root();
    root.resolvePath = (_origin: string, target: string) => (BUNDLED.has(target) ? target : (resolveImport(target) ?? target));
    if (files.length) root.loadSync(files, { keepCase: true });
    root.resolveAll();
    this.root = root;
    this.loaded = [...files];
    this.generation++;
  }

  /** Loads files whose closure is complete; returns false (root unchanged) if protobufjs still fails. */
  private loadFiles(files: string[]): boolean {
    const todo = files.filter((f) => isLoadable(f) && !this.loaded.includes(f));
    if (!todo.length) return true;
    try {
      this.root.loadSync(todo, { keepCase: true });
      this.root.resolveAll();
      this.loaded.push(...todo);
      return true;
    } catch {
      this.reset(this.loaded);
      return false;
    }
  }

  /** Looks a message or enum up by full name, loading its package directory on first miss. */
  lookup(fullName: string): protobuf.Type | protobuf.Enum | undefined {
    const found = this.find(fullName);
    if (found) return found;
    const parts = fullName.split('.');
    // `a.b.v3.Msg.Nested`: the package is the longest prefix that names a directory of protos.
    for (let i = parts.length - 1; i > 0; i--) {
      const pkg = parts.slice(0, i).join('.');
      if (this.triedPackages.has(pkg)) continue;
      const files = protoFilesIn(pkg.replace(/\./g, '/'));
      if (!files.length) continue;
      this.triedPackages.add(pkg);
      this.loadFiles(files);
      return this.find(fullName);
    }
    return undefined;
  }

  private find(fullName: string): protobuf.Type | protobuf.Enum | undefined {
    const obj = this.root.lookup(fullName);
    return obj instanceof protobuf.Type || obj instanceof protobuf.Enum ? obj : undefined;
  }

  get fileCount(): number {
    return this.loaded.length;
  }
}

let schema: Schema | undefined;

/** The process-wide schema, created (bootstrap closure loaded) on first use. */
export function getSchema(): Schema {
  return (schema ??= new Schema());
}

export type { Schema };

const MESSAGE_RE = /^(?:message|enum)\s+(\w+)/gm;
const PACKAGE_RE = /^package\s+([\w.]+)\s*;/m;
let allTypeNames: string[] | undefined;
let unloadableNames: Set<string> | undefined;

/**
 * Every top-level message name in every loadable shipped file (for "did you mean" on unknown
 * `@type`s). Reads all files once, on the first unknown type only.
 */
export function allMessageNames(): string[] {
  if (!allTypeNames) scanAll();
  return allTypeNames!;
}

/** True for a message that is declared in a shipped file that cannot load (missing imports). */
export function isUnloadableType(fullName: string): boolean {
  if (!unloadableNames) scanAll();
  return unloadableNames!.has(fullName);
}

function scanAll(): void {
  const names: string[] = [];
  const unloadable = new Set<string>();
  const walk = (root: string, rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(root, r);
      else if (entry.name.endsWith('.proto')) {
        const text = fs.readFileSync(path.join(root, r), 'utf8');
        const pkg = PACKAGE_RE.exec(text)?.[1];
        if (!pkg) continue;
        const ok = isLoadable(r);
        for (const m of text.matchAll(MESSAGE_RE)) {
          if (ok) names.push(`${pkg}.${m[1]}`);
          else unloadable.add(`${pkg}.${m[1]}`);
        }
      }
    }
  };
  for (const root of INCLUDE.slice(0, 2)) walk(root, '');
  allTypeNames = names.sort();
  unloadableNames = unloadable;
}
