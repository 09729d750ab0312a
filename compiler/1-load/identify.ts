// Which kind and served version an object is, from its `kind` and `apiVersion`; anything else is
// reported here: a misspelled kind or apiVersion of Gateway API or Envoy Gateway (an error, with the
// nearest real one), or a kind that does not concern Envoy (a note: ignored, as Envoy Gateway would).
import * as d from '../diagnostics/codes/load';
import { nearest, type Diagnostics } from '../diagnostics';
import type { Span } from '../source';
import { apiVersionOf, ENVOY_GROUPS, KIND_BY_NAME, KIND_DEFS, servedVersion, type KindDef } from './kinds';
import type { RawObject } from './parse';

export interface Identified {
  def: KindDef;
  version: string;
}

const span = (raw: RawObject, at: RawObject['kindNode']): Span => ({ file: raw.file, start: at.range?.[0] ?? 0, end: at.range?.[1] ?? 0 });
const hint = (s: string | undefined): string => (s === undefined ? '' : ` (did you mean "${s}"?)`);

/** The object's kind and version when envoyc checks it; undefined (and reported) otherwise. */
export function identify(raw: RawObject, diags: Diagnostics): Identified | undefined {
  const def = KIND_BY_NAME.get(raw.kind);
  const group = raw.apiVersion.includes('/') ? raw.apiVersion.slice(0, raw.apiVersion.indexOf('/')) : '';
  if (!def) {
    const close = nearest(
      raw.kind,
      KIND_DEFS.filter((k) => ENVOY_GROUPS.has(group) || k.group === group).map((k) => k.kind),
    );
    if (ENVOY_GROUPS.has(group) || close !== undefined) diags.add(d.unknownKind(span(raw, raw.kindNode), raw.apiVersion, raw.kind, hint(close)));
    else diags.add(d.kindIgnored(span(raw, raw.kindNode), raw.apiVersion, raw.kind, 'it does not concern Envoy'));
    return undefined;
  }
  const version = servedVersion(def, raw.apiVersion);
  if (version === undefined) {
    const served = def.versions.map((v) => apiVersionOf(def.group, v));
    diags.add(d.unservedVersion(span(raw, raw.apiVersionNode), raw.apiVersion, raw.kind, served, hint(nearest(raw.apiVersion, served))));
    return undefined;
  }
  if (typeof def.handling === 'object' && 'ignored' in def.handling) {
    diags.add(d.kindIgnored(span(raw, raw.kindNode), raw.apiVersion, raw.kind, def.handling.ignored));
    return undefined;
  }
  return { def, version };
}
