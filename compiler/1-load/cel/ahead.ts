// CEL rules parsed ahead of time: `npm run gen:crd-schemas` writes the syntax tree of every CRD rule
// to compiler/api/generated/cel-rules.json, so a run plans a rule without running the CEL parser
// (cold, it was most of a small compile's CEL time). Each tree is there as JSON text, parsed when its
// rule is first evaluated. The tree is @bufbuild/cel's own (plain objects);
// JSON has no BigInt and no bytes, so those two are written as `{"$int": "…"}` and
// `{"$bytes": "<base64>"}`.

/** The parsed form of a rule: @bufbuild/cel's `Expr`, as plan() takes it. */
export type ParsedRule = object;

/** Rules envoyc does not evaluate: those on `oldSelf` (updates; offline there is no old object). */
export function isUpdateRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

/** The CEL operator `&&` (cel-spec's `_&&_`). */
const LOGICAL_AND = '_&&_';

/**
 * `(r1) && (r2) && …` built from the parsed rules, as the parser nests it (left to right). Its
 * expression ids repeat the rules' own: it is only asked whether everything holds, and a rule that
 * does not is evaluated again on its own for its message.
 */
export function andAll(rules: readonly ParsedRule[]): ParsedRule {
  return rules.reduce((a, b) => ({
    $typeName: 'cel.expr.Expr',
    id: 0n,
    exprKind: { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: LOGICAL_AND, args: [a, b] } },
  }));
}

/** A parsed tree as JSON. */
export function encodeParsed(v: unknown): unknown {
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(encodeParsed);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeParsed(x);
  return out;
}

/** The tree encodeParsed() wrote. */
export function decodeParsed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeParsed);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$int === 'string') return BigInt(o.$int);
  if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
  const out: Record<string, unknown> = {};
  for (const k in o) out[k] = decodeParsed(o[k]);
  return out;
}
