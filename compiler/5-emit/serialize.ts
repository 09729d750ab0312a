import stableStringify from 'fast-json-stable-stringify';
import { stringify as yamlStringify } from 'yaml';

export type OutputFormat = 'yaml' | 'json';

type KeyCompare = (a: { key: string; value: unknown }, b: { key: string; value: unknown }) => number;
/** The package's own typings omit its `cmp` option, which it has always supported. */
const stringifyWith = stableStringify as unknown as (value: unknown, opts: { cmp: KeyCompare }) => string;

/** Keys that read best first (a condition's type, a cluster's type); everything else is alphabetical. */
const FIRST_KEYS = ['@type', 'name', 'type'];

function rank(key: string): number {
  const i = FIRST_KEYS.indexOf(key);
  return i === -1 ? FIRST_KEYS.length : i;
}

/** Plain data with keys in a fixed order (`@type`, `name`, `type`, then alphabetical) and no undefined values. */
export function canonicalize<T>(value: T): T {
  const text = stringifyWith(value, { cmp: (a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) });
  return JSON.parse(text) as T;
}

/** Same data, same bytes: canonical key order, two-space indent, `\n` line ends, trailing newline. */
export function serialize(value: unknown, format: OutputFormat): string {
  const data = canonicalize(value);
  if (format === 'json') return JSON.stringify(data, null, 2) + '\n';
  return yamlStringify(data, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}
