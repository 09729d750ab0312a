import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { envoyConfigSyntax } from '../diagnostics/codes';
import type { SourceFile, SourceRef } from '../source';
import type { Finding, ValidateMode } from './types';

/** An Envoy config file read for `envoyc validate`: its value and the YAML nodes to place findings. */
export interface ConfigInput {
  value: unknown;
  ref: SourceRef;
  /** Syntax errors (the value is unusable when there are any). */
  syntax: Diagnostic[];
  /** Keys written twice in one mapping. */
  duplicates: Finding[];
}

/** How many alias expansions the yaml package may resolve: plenty for hand-written anchors, finite for hostile ones. */
const MAX_ALIAS_COUNT = 10000;

/**
 * Parses YAML or JSON (JSON is read as YAML, as Envoy does for `.yaml`, and the `yaml` parser
 * accepts JSON). Integers become bigints so uint64 values above 2^53 stay exact.
 */
export function readConfig(file: SourceFile, mode: ValidateMode): ConfigInput {
  const doc = parseDocument(file.text, { uniqueKeys: false, intAsBigInt: true, lineCounter: new LineCounter(), prettyErrors: false });
  const node = (doc.contents ?? doc) as Node;
  const ref: SourceRef = { file: file.path, node };
  const syntax = doc.errors.map((e) => envoyConfigSyntax({ file: file.path, start: e.pos[0], end: e.pos[1] }, e.message.split('\n')[0]!));
  if (syntax.length) return { value: undefined, ref, syntax, duplicates: [] };
  const duplicates: Finding[] = [];
  findDuplicateKeys(file.path, doc.contents as Node | null, [], duplicates, mode);
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), ref, syntax, duplicates };
  } catch (e) {
    // The yaml package refuses aliases that expand without bound ("billion laughs"): a finding, not a crash.
    const at = { file: file.path, start: node.range?.[0] ?? 0, end: node.range?.[0] ?? 0 };
    return { value: undefined, ref, syntax: [envoyConfigSyntax(at, `the YAML cannot be expanded: ${(e as Error).message}`)], duplicates: [] };
  }
}

/** Envoy's YAML reader keeps the last of two equal keys without a word; almost always a mistake. */
function findDuplicateKeys(file: string, node: Node | null | undefined, path: (string | number)[], out: Finding[], mode: ValidateMode): void {
  if (isSeq(node)) node.items.forEach((item, i) => findDuplicateKeys(file, item as Node, [...path, i], out, mode));
  if (!isMap(node)) return;
  const seen = new Set<string>();
  node.items.forEach((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (seen.has(key)) {
      const range = (pair.key as Node | null)?.range;
      out.push({
        code: 'envoy_duplicate_key',
        severity: mode === 'strict' ? 'error' : 'warning',
        path: [...path, key],
        key: true,
        message: `key "${key}" appears twice in this mapping; Envoy keeps the last value`,
        ...(range ? { span: { file, start: range[0], end: range[1] } } : {}),
      });
    }
    seen.add(key);
    findDuplicateKeys(file, pair.value as Node, [...path, key], out, mode);
  });
}
