// RequestHeaderModifier and ResponseHeaderModifier filters as Envoy Gateway processes them
// (internal/gatewayapi/filters.go): names it may not touch and values it refuses are errors in its
// words, and what remains is normalized (adds first, then sets, each name once).
import type { HeaderModifier, HTTPRouteFilter } from '../api/routes';
import type { NodePath } from '../source';
import type { HeaderEdits } from './types';

export type ModifierType = 'RequestHeaderModifier' | 'ResponseHeaderModifier';

/** One problem Envoy Gateway reports, with the YAML path of the entry it is about and the index of its filter. */
export interface FilterError {
  message: string;
  path: NodePath;
  filter: number;
}

/**
 * Envoy Gateway's HeaderValueRegexp (`^[!-~]+([\t ]?[!-~]+)*$`): printable ASCII, single spaces or
 * tabs between words. Checked without that pattern, which backtracks exponentially in JavaScript.
 */
export function headerValueOk(v: string): boolean {
  if (!/^[!-~\t ]+$/.test(v) || /[\t ]{2}/.test(v)) return false;
  return /[!-~]/.test(v[0]!) && /[!-~]/.test(v[v.length - 1]!);
}

/** Envoy refuses to modify pseudo-headers and Host; the Gateway API forbids `/` and `:` in names. */
function modifiable(name: string): boolean {
  return !name.includes('/') && !name.includes(':') && name.toLowerCase() !== 'host';
}

/** Go's %q for the strings that can get here. */
const quote = (s: string) => JSON.stringify(s);

/** Envoy Gateway's wording, which differs between the two filters. */
function words(type: ModifierType) {
  const request = type === 'RequestHeaderModifier';
  const cannot = (verb: string) =>
    request
      ? `The RequestHeaderModifier filter cannot ${verb} the Host header or headers with a '/' or ':' character in them.${verb === 'remove' ? '' : ' To modify the Host header use the URLRewrite or the HTTPRouteFilter filter.'}`
      : `The ResponseHeaderModifier filter cannot ${verb === 'remove' ? 'remove' : 'set'} the Host header or headers with a '/' or ':' character in them.`;
  return {
    cannot,
    empty: (verb: string) => `${type} Filter cannot ${verb} a header with an empty name`,
    badValue: (verb: string) => `${type} Filter cannot ${verb} a header with an invalid value.`,
    nothing: `${type} Filter did not provide valid configuration to ${request ? 'add/set/remove' : 'add/remove'} any headers`,
  };
}

/**
 * The header edits of a rule's (or backendRef's) filters of one type; Envoy Gateway's errors, as
 * its status words them; and each offending entry (`problems`, for diagnostics: when nothing valid
 * remains, Envoy Gateway's one error hides which entries were wrong). `path`: the `filters` list.
 */
export function processHeaderModifiers(
  filters: readonly HTTPRouteFilter[],
  type: ModifierType,
  path: NodePath,
): { edits?: HeaderEdits; errors: FilterError[]; problems: FilterError[] } {
  const field = type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
  const w = words(type);
  const edits: HeaderEdits = { add: [], remove: [] };
  const errors: FilterError[] = [];
  const problems: FilterError[] = [];
  let seen = false;
  filters.forEach((f, fi) => {
    const mod: HeaderModifier | undefined = f.type === type ? f[field] : undefined;
    if (!mod) return;
    seen = true;
    const at = [...path, fi, field];
    let empty = true;
    const entries = [
      ...(mod.add ?? []).map((h, i) => ({ h, i, verb: 'add', mode: 'append' as const })),
      ...(mod.set ?? []).map((h, i) => ({ h, i, verb: 'set', mode: 'overwrite' as const })),
    ];
    const local: FilterError[] = [];
    for (const { h, i, verb, mode } of entries) {
      empty = false;
      const where = [...at, verb, i];
      if (h.name === '') local.push({ message: w.empty(verb), path: [...where, 'name'], filter: fi });
      else if (!modifiable(h.name)) local.push({ message: `Header: ${quote(h.name)}. ${w.cannot(verb)}`, path: [...where, 'name'], filter: fi });
      else if (!headerValueOk(h.value)) local.push({ message: `Header: ${quote(h.name)}. ${w.badValue(verb)}`, path: [...where, 'value'], filter: fi });
      else if (!edits.add.some((a) => a.name.toLowerCase() === h.name.toLowerCase())) edits.add.push({ name: h.name, value: h.value, mode });
    }
    (mod.remove ?? []).forEach((name, i) => {
      empty = false;
      if (name === '') local.push({ message: w.empty('remove'), path: [...at, 'remove', i], filter: fi });
      else if (!modifiable(name)) local.push({ message: `Header: ${quote(name)}. ${w.cannot('remove')}`, path: [...at, 'remove', i], filter: fi });
      else if (!edits.remove.some((r) => r.toLowerCase() === name.toLowerCase())) edits.remove.push(name);
    });
    problems.push(...local);
    if (edits.add.length === 0 && edits.remove.length === 0 && !empty) errors.push({ message: w.nothing, path: at, filter: fi });
    else errors.push(...local);
  });
  return seen ? { edits, errors, problems } : { errors, problems };
}
