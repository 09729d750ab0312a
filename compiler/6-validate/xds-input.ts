/**
 * `envoyc validate` on an xDS directory (`compile --xds-dir`): the bootstrap and the files it
 * reaches are checked as the one static bootstrap they amount to, and every finding is placed in
 * the file and at the node it comes from.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { validateMessage } from '../../proto';
import type { Diagnostic } from '../diagnostics';
import { xdsDirectoryInvalid } from '../diagnostics/codes';
import { spanAt, type SourceFile } from '../source';
import { joinXds, type XdsRead } from '../xds/join';
import { findingOf, validateBootstrap } from './check';
import type { Finding, ValidateMode } from './types';
import { readConfig, type ConfigInput } from './yaml-input';

/** A bootstrap that reads LDS or CDS from files, and the files of its directory. */
export interface XdsSet {
  bootstrap: SourceFile;
  /** Files of the directory by name: those given, else read from disk when the bootstrap reaches them. */
  files: Map<string, SourceFile>;
}

const XDS_HINT = /dynamic_resources[\s\S]*path_config_source|path_config_source[\s\S]*dynamic_resources/;

function isXdsBootstrapFile(f: SourceFile): boolean {
  if (!XDS_HINT.test(f.text)) return false;
  const v = readConfig(f, 'envoy').value as { dynamic_resources?: Record<string, any> } | undefined;
  return !!(v?.dynamic_resources?.lds_config?.path_config_source || v?.dynamic_resources?.cds_config?.path_config_source);
}

/** Splits the inputs into xDS directories and plain bootstrap files. `read` finds a file the inputs lack. */
export function groupXdsSets(files: SourceFile[], read: (path: string) => string | undefined = readIfExists): { sets: XdsSet[]; plain: SourceFile[] } {
  const sets = files.filter(isXdsBootstrapFile).map((bootstrap): XdsSet => ({ bootstrap, files: new Map() }));
  const claimed = new Set<SourceFile>();
  for (const set of sets) {
    const dir = posix.dirname(set.bootstrap.path);
    const given = new Map(files.filter((f) => posix.dirname(f.path) === dir).map((f) => [posix.basename(f.path), f]));
    // The join names each file it needs; the given ones are used, the others read from disk.
    joinXds(posix.basename(set.bootstrap.path), (name) => {
      let f = given.get(name);
      if (!f) {
        const text = read(posix.join(dir, name));
        if (text === undefined) return 'missing';
        f = { path: posix.join(dir, name), text };
      }
      set.files.set(name, f);
      claimed.add(f);
      const v = readConfig(f, 'envoy');
      return v.syntax.length ? 'unreadable' : { value: v.value };
    });
  }
  return { sets, plain: files.filter((f) => !claimed.has(f)) };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What `checkXdsSet` found: syntax and directory problems as diagnostics, schema findings placed in their files. */
export interface XdsSetCheck {
  diagnostics: Diagnostic[];
  findings: Finding[];
  /** The joined bootstrap as JSON, for `envoy --mode validate` (which does not read dynamic resources). */
  envoyView?: SourceFile;
}

/** 64-bit integers were read exactly (bigint); proto3 JSON takes the large ones as strings. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v), 1);
}

export function checkXdsSet(set: XdsSet, mode: ValidateMode): XdsSetCheck {
  const inputs = new Map<string, ConfigInput>([...set.files].map(([name, f]) => [name, readConfig(f, mode)]));
  const diagnostics = [...inputs.values()].flatMap((i) => i.syntax);
  const bootstrapName = posix.basename(set.bootstrap.path);
  const joined = joinXds(bootstrapName, (name): XdsRead => {
    const input = inputs.get(name);
    return !input ? 'missing' : input.syntax.length ? 'unreadable' : { value: input.value };
  });
  const place = (file: string, path: (string | number)[], key?: boolean) => spanAt(inputs.get(file)!.ref, path, { key: !!key });
  for (const p of joined.problems) diagnostics.push(xdsDirectoryInvalid(place(p.file, p.path), p.message));
  const findings: Finding[] = [...inputs.values()].flatMap((i) => i.duplicates);
  for (const f of validateBootstrap(joined.bootstrap, mode)) {
    const o = joined.origin(f.path);
    findings.push({ ...f, path: o.path, span: place(o.file, o.path, f.key) });
  }
  // The joined view has no dynamic_resources: the bootstrap's own are checked as written.
  const dyn = (inputs.get(bootstrapName)?.value as { dynamic_resources?: unknown } | undefined)?.dynamic_resources;
  for (const issue of validateMessage(dyn, 'envoy.config.bootstrap.v3.Bootstrap.DynamicResources', { mode })) {
    const f = findingOf(issue);
    const path = ['dynamic_resources', ...f.path];
    findings.push({ ...f, path, span: place(bootstrapName, path, f.key) });
  }
  const broken = diagnostics.length > 0;
  return { diagnostics, findings, ...(broken ? {} : { envoyView: { path: set.bootstrap.path, text: toJson(joined.bootstrap) } }) };
}
