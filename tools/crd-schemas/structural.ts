// A CRD version's openAPIV3Schema → its structural facts only (no descriptions or other prose), with
// subtrees that occur more than once written once under `definitions` (EnvoyProxy embeds the same
// Kubernetes pod and backend settings many times over).
import type { CelRuleSpec, CrdSchemaFile, OpenApiSchema } from '../../compiler/api/openapi';

/** The keys kept, in the order they are written. Anything not listed and not prose stops the generator. */
const KEPT = [
  'type',
  'format',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'nullable',
  'default',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'x-kubernetes-validations',
] as const;
const PROSE = new Set(['description', 'title', 'example', 'externalDocs']);
const RULE_KEYS = new Set(['rule', 'message']);

type Raw = Record<string, unknown>;

/** The structural facts of one schema node, recursively. `where` names it in errors. */
export function structural(raw: Raw, where: string): OpenApiSchema {
  for (const k of Object.keys(raw)) if (!PROSE.has(k) && !(KEPT as readonly string[]).includes(k)) throw new Error(`${where}: unexpected schema key "${k}"`);
  const out: Record<string, unknown> = {};
  for (const k of KEPT) {
    const v = raw[k];
    if (v === undefined) continue;
    switch (k) {
      case 'properties':
        out[k] = Object.fromEntries(Object.entries(v as Record<string, Raw>).map(([name, s]) => [name, structural(s, `${where}.${name}`)]));
        break;
      case 'items':
      case 'not':
        out[k] = structural(v as Raw, `${where}[*]`);
        break;
      case 'additionalProperties':
        out[k] = typeof v === 'boolean' ? v : structural(v as Raw, `${where}.*`);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[k] = (v as Raw[]).map((s, i) => structural(s, `${where}.${k}[${i}]`));
        break;
      case 'x-kubernetes-validations':
        out[k] = (v as Raw[]).map((r) => rule(r, where));
        break;
      default:
        out[k] = v;
    }
  }
  // `anyOf: [{type: integer}, {type: string}]` only spells out x-kubernetes-int-or-string.
  if (out['x-kubernetes-int-or-string'] && isIntOrStringAnyOf(out.anyOf)) delete out.anyOf;
  return out as OpenApiSchema;
}

function rule(r: Raw, where: string): CelRuleSpec {
  for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) throw new Error(`${where}: x-kubernetes-validations uses "${k}", which envoyc does not evaluate`);
  return r.message === undefined ? { rule: String(r.rule) } : { rule: String(r.rule), message: String(r.message) };
}

function isIntOrStringAnyOf(v: unknown): boolean {
  return JSON.stringify(v) === JSON.stringify([{ type: 'integer' }, { type: 'string' }]);
}

/** A served version's root schema without `status` (the API server never takes it as input). */
export function versionRoot(raw: Raw, where: string): OpenApiSchema {
  const props = { ...(raw.properties as Record<string, Raw>) };
  delete props.status;
  return structural({ ...raw, properties: props }, where);
}

/** Subtrees shorter than this (as JSON) are repeated rather than referenced. */
const MIN_SHARED = 400;

function children(s: OpenApiSchema): [string, OpenApiSchema][] {
  const out: [string, OpenApiSchema][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push([`.${k}`, v]);
  if (s.items) out.push(['[*]', s.items]);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(['.*', s.additionalProperties]);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) s[k]?.forEach((v, i) => out.push([`.${k}[${i}]`, v]));
  if (s.not) out.push(['.not', s.not]);
  return out;
}

function mapChildren(s: OpenApiSchema, f: (child: OpenApiSchema, seg: string) => OpenApiSchema): OpenApiSchema {
  const out: Record<string, unknown> = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, f(v, `.${k}`)]));
  if (s.items) out.items = f(s.items, '[*]');
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = f(s.additionalProperties, '.*');
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (s[k]) out[k] = s[k]!.map((v, i) => f(v, `.${k}[${i}]`));
  if (s.not) out.not = f(s.not, '.not');
  return out as OpenApiSchema;
}

/** One kind's file: identical subtrees (and identical versions) written once, under the path where they first occur. */
export function shareRepeats(kind: string, group: string, scope: CrdSchemaFile['scope'], versions: [string, OpenApiSchema][]): CrdSchemaFile {
  const counts = new Map<string, number>();
  const count = (s: OpenApiSchema): void => {
    const key = JSON.stringify(s);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const [, c] of children(s)) count(c);
  };
  for (const [, root] of versions) count(root);
  const named = new Map<string, string>();
  const definitions: Record<string, OpenApiSchema> = {};
  const visit = (s: OpenApiSchema, path: string): OpenApiSchema => {
    const key = JSON.stringify(s);
    if ((counts.get(key) ?? 0) < 2 || key.length < MIN_SHARED) return mapChildren(s, (c, seg) => visit(c, path + seg));
    const known = named.get(key);
    if (known) return { $ref: known };
    named.set(key, path);
    definitions[path] = mapChildren(s, (c, seg) => visit(c, path + seg));
    return { $ref: path };
  };
  const roots = versions.map(([v, root]) => [v, visit(root, v)] as const);
  // A subtree repeated only inside copies of another one ends up referenced once: write it in place.
  const refs = new Map<string, number>();
  const countRefs = (s: OpenApiSchema): void => {
    if (s.$ref) refs.set(s.$ref, (refs.get(s.$ref) ?? 0) + 1);
    for (const [, c] of children(s)) countRefs(c);
  };
  for (const [, r] of roots) countRefs(r);
  for (const d of Object.values(definitions)) countRefs(d);
  const inline = (s: OpenApiSchema): OpenApiSchema => (s.$ref && refs.get(s.$ref) === 1 ? inline(definitions[s.$ref]!) : mapChildren(s, inline));
  const kept: Record<string, OpenApiSchema> = {};
  for (const [name, d] of Object.entries(definitions)) if (refs.get(name)! > 1) kept[name] = mapChildren(d, inline);
  return { kind, group, scope, versions: Object.fromEntries(roots.map(([v, r]) => [v, inline(r)])), definitions: kept };
}
