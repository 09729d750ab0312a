// A kind's structural schema → TypeScript types of the object as 1-load returns it: every field that
// has a CRD default is present (1-load applies defaults), so only fields that are neither required nor
// defaulted are optional. Nested objects get interfaces named after their path (as `cdk8s import`
// names them); identical shapes share the first name.
import type { CrdSchemaFile, OpenApiSchema } from '../../compiler/api/openapi';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** A type as written (`t`, with interface names) and as a name-free shape key (`k`, to share names). */
interface Ts {
  t: string;
  k: string;
}

const plain = (t: string): Ts => ({ t, k: t });

class Emitter {
  /** Shape → interface name (identical shapes are declared once). */
  private readonly byShape = new Map<string, string>();
  private readonly names = new Set<string>();
  readonly decls: string[] = [];
  /** Shape → the shortest name it was met under (first pass), so a shared type gets its plainest name. */
  readonly preferred = new Map<string, string>();

  constructor(
    readonly file: CrdSchemaFile,
    private readonly naming?: ReadonlyMap<string, string>,
  ) {}

  resolve(s: OpenApiSchema): OpenApiSchema {
    return s.$ref ? this.resolve(this.file.definitions[s.$ref]!) : s;
  }

  /** The type of a value of schema `s`; `name` is the interface name an object would get. */
  type(raw: OpenApiSchema, name: string): Ts {
    const s = this.resolve(raw);
    if (s['x-kubernetes-int-or-string']) return plain('number | string');
    const values = this.enumValues(s);
    let t: Ts;
    if (values) t = plain(values.map((v) => JSON.stringify(v)).join(' | '));
    else
      switch (s.type) {
        case 'string':
          t = plain('string');
          break;
        case 'integer':
        case 'number':
          t = plain('number');
          break;
        case 'boolean':
          t = plain('boolean');
          break;
        case 'array': {
          const item = this.type(s.items ?? {}, name);
          t = { t: `${wrap(item.t)}[]`, k: `${wrap(item.k)}[]` };
          break;
        }
        case 'object':
          t = this.object(s, name);
          break;
        default:
          t = plain('unknown');
      }
    return s.nullable ? { t: `${t.t} | null`, k: `${t.k} | null` } : t;
  }

  /** `enum`, narrowed by the enums of `allOf` members (a value must be in all of them). */
  private enumValues(s: OpenApiSchema): readonly unknown[] | undefined {
    let values = s.enum;
    for (const m of s.allOf ?? []) if (m.enum) values = values ? values.filter((v) => m.enum!.includes(v)) : m.enum;
    return values;
  }

  private object(s: OpenApiSchema, name: string): Ts {
    if (!s.properties) {
      const extra = s.additionalProperties;
      if (extra && typeof extra === 'object') {
        const v = this.type(extra, name);
        return { t: `Record<string, ${v.t}>`, k: `Record<string, ${v.k}>` };
      }
      return plain(s['x-kubernetes-preserve-unknown-fields'] || extra === true ? 'Record<string, unknown>' : 'Record<string, never>');
    }
    const lines: string[] = [];
    const keys: string[] = [];
    const required = new Set(s.required ?? []);
    for (const [prop, raw] of Object.entries(s.properties)) {
      const ps = this.resolve(raw);
      const key = IDENT.test(prop) ? prop : JSON.stringify(prop);
      const optional = !required.has(prop) && ps.default === undefined;
      const doc = ps.default !== undefined ? `  /** Default: ${JSON.stringify(ps.default)}. */\n` : '';
      const t = this.type(raw, name + pascal(prop));
      lines.push(`${doc}  ${key}${optional ? '?' : ''}: ${t.t};`);
      keys.push(`${doc}${key}${optional ? '?' : ''}:${t.k};`);
    }
    if (s['x-kubernetes-preserve-unknown-fields']) (lines.push('  [key: string]: unknown;'), keys.push('[key: string]: unknown;'));
    const k = `{${keys.join('')}}`;
    return { t: this.declare(name, lines.join('\n'), k), k };
  }

  private declare(name: string, body: string, shape: string): string {
    const prev = this.preferred.get(shape);
    if (prev === undefined || name.length < prev.length) this.preferred.set(shape, name);
    const known = this.byShape.get(shape);
    if (known) return known;
    let unique = this.naming?.get(shape) ?? name;
    for (let i = 2; this.names.has(unique); i++) unique = `${name}${i}`;
    this.names.add(unique);
    this.byShape.set(shape, unique);
    this.decls.push(`export interface ${unique} {\n${body}\n}`);
    return unique;
  }
}

function wrap(t: string): string {
  return t.includes(' ') ? `(${t})` : t;
}

/** The TypeScript module of one kind: the object type named after the kind, and its nested types. */
export function kindTypes(file: CrdSchemaFile, header: string): string {
  // Twice: the first pass learns the shortest path name of each shared shape, the second writes.
  const first = new Emitter(file);
  rootFields(first, file);
  const em = new Emitter(file, first.preferred);
  const versions = Object.keys(file.versions);
  const fields = rootFields(em, file);
  const kind = [
    `/** ${file.kind} (${file.group}, served as ${versions.join(', ')}), as 1-load returns it: CRD defaults applied. */`,
    `export interface ${file.kind} {`,
    '  apiVersion: string;',
    `  kind: '${file.kind}';`,
    '  metadata: ObjectMeta;',
    ...fields,
    '}',
  ].join('\n');
  return [header, "import type { ObjectMeta } from '../meta';", kind, ...em.decls].join('\n\n') + '\n';
}

/** The fields of the kind's object besides apiVersion, kind and metadata. */
function rootFields(em: Emitter, file: CrdSchemaFile): string[] {
  // One type for every served version: what any of them allows (TLSRoute v1 requires hostnames, v1alpha2 does not).
  const root = Object.values(file.versions)
    .map((r) => em.resolve(r))
    .reduce((a, b) => widen(em, a, b));
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {})
    .filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k))
    .map(([k, s]) => `  ${k}${required.has(k) || em.resolve(s).default !== undefined ? '' : '?'}: ${em.type(s, file.kind + pascal(k)).t};`);
}

/** A schema whose type admits the values of both `a` and `b` (for one type over several versions). */
function widen(em: Emitter, x: OpenApiSchema, y: OpenApiSchema): OpenApiSchema {
  const a = em.resolve(x);
  const b = em.resolve(y);
  if (a === b) return a;
  const out: Record<string, unknown> = { ...a };
  out.required = (a.required ?? []).filter((k) => b.required?.includes(k));
  if (a.default !== undefined && JSON.stringify(a.default) !== JSON.stringify(b.default)) delete out.default;
  if (a.enum) out.enum = b.enum ? [...a.enum, ...b.enum.filter((v) => !a.enum!.includes(v))] : undefined;
  if (a.properties || b.properties) {
    const props: Record<string, OpenApiSchema> = { ...b.properties, ...a.properties };
    for (const k of Object.keys(props)) if (a.properties?.[k] && b.properties?.[k]) props[k] = widen(em, a.properties[k]!, b.properties[k]!);
    out.properties = props;
  }
  if (a.items && b.items) out.items = widen(em, a.items, b.items);
  return out as OpenApiSchema;
}
