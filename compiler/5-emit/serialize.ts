import stableStringify from 'fast-json-stable-stringify';
import { stringify as yamlStringify } from 'yaml';

export type OutputFormat = 'yaml' | 'json';

type KeyCompare = (a: { key: string; value: unknown }, b: { key: string; value: unknown }) => number;
/** The package's own typings omit its `cmp` option, which it has always supported. */
const stringifyWith = stableStringify as unknown as (value: unknown, opts: { cmp: KeyCompare }) => string;

/** Keys that read best first (a condition's type, a cluster's type); everything else is alphabetical. */
const FIRST_KEYS = ['@type', 'name', 'type'];

function rank(key: string): number {
  return key === FIRST_KEYS[0] ? 0 : key === FIRST_KEYS[1] ? 1 : key === FIRST_KEYS[2] ? 2 : 3;
}

function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Plain data with keys in a fixed order (`@type`, `name`, `type`, then alphabetical) and no undefined values. */
export function canonicalize<T>(value: T): T {
  return JSON.parse(stringifyWith(value, { cmp: (a, b) => compareKeys(a.key, b.key) })) as T;
}

/** Words a YAML reader could take for something other than a string. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const LONGEST_RESERVED = 'false'.length;
/** YAML 1.1 booleans the `yaml` package (YAML 1.2) writes plain, but Envoy's YAML 1.1 reader takes for true/false. */
const YAML11_BOOLEAN = /^(?:yes|no|on|off|y|n)$/i;
/** Strings that are plain scalars for any YAML reader: no indicator first, no `: ` or ` #` inside. */
const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

/**
 * A scalar as the `yaml` package writes it (plain when safe, quoted when not), so the fast writer's
 * output is byte-identical to it. Strings outside the obviously plain class ask the package once.
 */
class ScalarWriter {
  /** Every string outside the plain class seen, written: the package is slow, and such strings repeat. */
  private readonly cache = new Map<string, string>();
  /** Keys, written: a few hundred distinct property names, whose hashes V8 already holds, so a lookup beats the class test. */
  private readonly keys = new Map<string, string>();

  key(k: string): string {
    let out = this.keys.get(k);
    if (out === undefined) this.keys.set(k, (out = this.string(k)));
    return out;
  }

  string(s: string): string {
    // Most values (names) are plain as they are: no lookup (a lookup hashes the string).
    if (PLAIN_SAFE.test(s) && (s.length > LONGEST_RESERVED || !RESERVED.test(s))) return s;
    let out = this.cache.get(s);
    if (out === undefined) {
      out = YAML11_BOOLEAN.test(s) ? JSON.stringify(s) : yamlStringify(s, { lineWidth: 0 }).replace(/\n$/, '');
      // A multi-line string would need block indentation; a JSON string is a valid YAML scalar too.
      if (out.includes('\n')) out = JSON.stringify(s);
      this.cache.set(s, out);
    }
    return out;
  }

  scalar(v: unknown): string {
    if (typeof v === 'string') return this.string(v);
    if (v === null) return 'null';
    return String(v);
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Up to this many keys are sorted in place by insertion: Array.prototype.sort copies every array it sorts (130 MB of garbage at 10,000 routes). */
const INSERTION_SORT_MAX_KEYS = 16;

function sortedKeys(o: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const k in o) if (o[k] !== undefined) keys.push(k);
  if (keys.length > INSERTION_SORT_MAX_KEYS) return keys.sort(compareKeys);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && compareKeys(keys[j]!, key) > 0; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** Two spaces per level, cached: indentation strings are written millions of times. */
const INDENTS: string[] = [''];
function indentOf(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[depth]!;
}

/**
 * Characters of YAML a streamed write hands on at a time (writeYamlTo): small enough that the string
 * being built dies young (1 MB pieces spent a third of the time more, measured at 10,000 routes).
 */
const PIECE_CHARS = 1 << 16;

/**
 * Block-style YAML for plain JSON data, in the layout of the `yaml` package with `indentSeq`
 * (two-space indent, sequences indented under their key), written in one pass into strings of
 * whole lines of at least `piece` characters, each handed to `sink`: the package builds a document
 * tree of the whole output first, which costs seconds and gigabytes on 10,000 routes, and a line
 * array would be garbage to collect.
 */
function writeYaml(value: unknown, sink: (piece: string) => void, piece: number): void {
  const scalars = new ScalarWriter();
  let out = '';
  /** Above zero while a shared object is rendered on its own: its text must come out whole. */
  let rendering = 0;
  /** Frozen objects rendered, with the depth of that text: emit shares them across routes and clusters, which hold them at one depth. */
  const rendered = new WeakMap<object, { depth: number; text: string }>();
  const lineEnd = (): void => {
    if (rendering === 0 && out.length >= piece) {
      sink(out);
      out = '';
    }
  };
  const emptyOrScalar = (v: unknown): string | undefined => {
    if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
    if (isMap(v)) {
      for (const k in v) if (v[k] !== undefined) return undefined;
      return '{}';
    }
    return scalars.scalar(v);
  };
  // Lines at `depth`; `first` starts the first line instead of the indentation ("- " for a list item).
  const node = (v: unknown, depth: number, first: string): void => {
    const indent = indentOf(depth);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const lead = i === 0 ? first : indent;
        const inline = emptyOrScalar(v[i]);
        if (inline !== undefined) {
          out += `${lead}- ${inline}\n`;
          lineEnd();
        } else node(v[i], depth + 1, lead === indent ? `${indent}- ` : `${lead}- `);
      }
      return;
    }
    const map = v as Record<string, unknown>;
    const keys = sortedKeys(map);
    for (let i = 0; i < keys.length; i++) {
      const child = map[keys[i]!];
      const key = scalars.key(keys[i]!);
      const inline = emptyOrScalar(child);
      out += i === 0 ? first : indent;
      if (inline !== undefined) {
        out += `${key}: ${inline}\n`;
        lineEnd();
      } else {
        out += `${key}:\n`;
        lineEnd();
        if (Object.isFrozen(child)) sharedNode(child as object, depth + 1);
        else node(child, depth + 1, indentOf(depth + 1));
      }
    }
  };
  // A frozen object's lines at `depth`: rendered again only where it sits at another depth than last time.
  const sharedNode = (v: object, depth: number): void => {
    let seen = rendered.get(v);
    if (seen?.depth !== depth) {
      const before = out;
      out = '';
      rendering++;
      node(v, depth, indentOf(depth));
      rendering--;
      rendered.set(v, (seen = { depth, text: out }));
      out = before;
    }
    out += seen.text;
    lineEnd();
  };
  const top = emptyOrScalar(value);
  if (top !== undefined) out = `${top}\n`;
  else node(value, 0, '');
  if (out) sink(out);
}

/** The YAML serialize() gives, handed to `sink` in pieces of whole lines (a very large bootstrap is never one string). */
export function writeYamlTo(value: unknown, sink: (piece: string) => void): void {
  writeYaml(value, sink, PIECE_CHARS);
}

/** Same data, same bytes: canonical key order, two-space indent, `\n` line ends, trailing newline. */
export function serialize(value: unknown, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(canonicalize(value), null, 2) + '\n';
  let text = '';
  writeYaml(value, (piece) => (text = piece), Infinity);
  return text;
}
