import { editDistance, nearest } from '../compiler/diagnostics/suggest';
import { ENVOY_VERSION } from '../compiler/versions';
import { getSchema } from './schema';
import { typeInfo } from './type-info';
import type { Validator } from './validate';
import { describe, INVALID, isPlainObject, type Normalized } from './walker';
import { WELL_KNOWN_TYPES } from './well-known';

/**
 * `google.protobuf.Any` (`typed_config`): the type URL is resolved (loading its package on first
 * use) and the rest of the object validated as that type, recursively. TypedStruct is unwrapped.
 * A type that is not in Envoy's API is an error, as Envoy makes it.
 */

const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);
const AT_TYPE = new Set(['@type']);
/** v2-era packages: Envoy v3 no longer has these types. */
const V2_PACKAGE = /^envoy\.(api\.v2|config\.[\w.]+\.v2(alpha\d*)?)\./;

/** Validates an Any; returns its type URL (for `any.in` rules). */
export function checkAny(v: Validator, value: unknown): Normalized {
  if (!isPlainObject(value)) return v.error('type_mismatch', `expected an object with "@type" (Any), got ${describe(value)}`);
  const url = value['@type'];
  if (url === undefined) {
    if (Object.keys(value).length === 0) {
      // `FilterConfig.config: {}` is how a route switches on a filter disabled in the HCM: Envoy
      // rejects a FilterConfig without a config, and an empty Any prints as {} in proto3 JSON.
      const p = v.path;
      const filterConfig = p[p.length - 1] === 'config' && p[p.length - 3] === 'typed_per_filter_config';
      if (!filterConfig) v.lenient('empty Any ({}) with no "@type"');
      return INVALID;
    }
    return v.error('any_invalid', 'missing "@type": an Any needs "@type": "type.googleapis.com/<full.message.Name>"');
  }
  v.path.push('@type');
  const name = checkTypeUrl(v, url);
  v.path.pop();
  if (name === undefined) return INVALID;
  if (WELL_KNOWN_TYPES.has(name)) {
    for (const k of Object.keys(value)) {
      if (k === '@type' || k === 'value') continue;
      v.path.push(k);
      v.error('unknown_field', `unknown field "${k}" in an Any holding ${name} (only "value")`, { key: true });
      v.path.pop();
    }
    v.path.push('value');
    v.message(name, value.value);
    v.path.pop();
  } else {
    v.message(name, value, AT_TYPE);
    if (TYPED_STRUCTS.has(name)) checkTypedStruct(v, value);
  }
  return url as string;
}

/** Resolves a type URL to a loaded message name, or reports why it cannot (returns undefined). */
function checkTypeUrl(v: Validator, url: unknown): string | undefined {
  if (typeof url !== 'string') {
    v.error('any_invalid', `"@type" must be a string, got ${describe(url)}`);
    return undefined;
  }
  const slash = url.lastIndexOf('/');
  const name = url.slice(slash + 1);
  if (slash < 0 || !name) {
    const hint = name ? `; write "type.googleapis.com/${name}"` : '';
    v.error('any_invalid', `"@type" must be a type URL like "type.googleapis.com/<full.message.Name>"${hint}`);
    return undefined;
  }
  if (V2_PACKAGE.test(name)) {
    v.error('any_unknown_type', `${name} is a v2 API type; Envoy v3 no longer accepts it${suggest(name)}`);
    return undefined;
  }
  const info = WELL_KNOWN_TYPES.has(name) || name === 'google.protobuf.Any' ? 'wkt' : typeInfo(name);
  if (info && (info === 'wkt' || info.kind === 'message')) {
    if (info === 'wkt' || info.inEnvoyBuild) return name;
    v.error('any_unknown_type', `${name} is in Envoy's API, but Envoy ${ENVOY_VERSION} is built without it, so it rejects the type${suggest(name)}`);
    return undefined;
  }
  const hint = suggest(name);
  v.error('any_unknown_type', `unknown type ${name}${hint}`);
  return undefined;
}

let suggestible: string[] | undefined;

function suggest(name: string): string {
  // Only types Envoy knows, and no v2 ones (Envoy's build has none).
  const schema = getSchema();
  const all = (suggestible ??= schema.messageNames().filter((n) => schema.inEnvoyBuild(n)));
  const short = name.slice(name.lastIndexOf('.') + 1);
  // A typo: close to a known full name, measured against the message name's length so that a
  // long package prefix does not make every envoy.* name "close".
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(short.length / 3)) + 1;
  for (const n of all) {
    const d = editDistance(name, n);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  if (!best) {
    // The same message name in one other package (e.g. a v2 name for a v3 type).
    const same = all.filter((n) => n.endsWith(`.${short}`));
    best = same.length ? (nearest(name, same) ?? (same.length === 1 ? same[0] : undefined)) : undefined;
  }
  return best && best !== name ? ` (did you mean "type.googleapis.com/${best}"?)` : '';
}

function checkTypedStruct(v: Validator, value: Record<string, unknown>): void {
  const url = value.type_url ?? value.typeUrl;
  if (url === undefined) return;
  v.path.push(value.type_url !== undefined ? 'type_url' : 'typeUrl');
  const name = checkTypeUrl(v, url);
  v.path.pop();
  if (name && isPlainObject(value.value)) {
    v.path.push('value');
    v.message(name, value.value);
    v.path.pop();
  }
}
