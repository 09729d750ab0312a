// The CRDs' CEL rules parsed ahead of time (compiler/1-load/cel/ahead.ts reads the file): every rule
// a generated schema carries, except update rules, as @bufbuild/cel parses it. One rule a line, sorted,
// so a new Envoy Gateway release shows as a readable diff.
import { parse } from '@bufbuild/cel';
import type { CrdSchemaFile } from '../../compiler/api/openapi';
import { encodeParsed, isUpdateRule } from '../../compiler/1-load/cel/ahead';

/** The rules of every schema in `kinds`, each once. */
function rulesOf(kinds: readonly CrdSchemaFile[]): string[] {
  const rules = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const r of (v as { 'x-kubernetes-validations'?: { rule: string }[] })['x-kubernetes-validations'] ?? []) rules.add(r.rule);
      Object.values(v).forEach(walk);
    }
  };
  walk(kinds);
  return [...rules].filter((r) => !isUpdateRule(r)).sort();
}

/**
 * `cel-rules.json`: rule text → its parsed expression as a JSON string, so a run parses the trees
 * of the rules it evaluates (a few of some 250), not every tree when the file is loaded.
 */
export function celRulesFile(kinds: readonly CrdSchemaFile[]): string {
  const lines = rulesOf(kinds).map((r) => `${JSON.stringify(r)}: ${JSON.stringify(JSON.stringify(encodeParsed(parse(r).expr)))}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
