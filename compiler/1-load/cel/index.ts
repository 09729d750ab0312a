// The CRDs' CEL rules (`x-kubernetes-validations`), evaluated with @bufbuild/cel as the API server
// evaluates them: on the node's value after defaulting, each rule planned once (on first use) and
// shared by every node and kind that carries it. Rules on `oldSelf` (updates) are skipped: offline
// there is no old object. The CRDs' rules come parsed ahead of time (ahead.ts); a rule that is not
// among them (a test's) is parsed here.
import { celEnv, isCelError, parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { CelRuleSpec } from '../../api/openapi';
import type { SchemaNode } from '../schema/node';
import { andAll, decodeParsed, isUpdateRule, type ParsedRule } from './ahead';
import { toCel } from './convert';
import { KUBERNETES_FUNCS, RE2_ENGINE } from './kubernetes';
import { readingKey, readsOf, type Reads } from './reads';

type Program = (ctx: { self: CelInput }) => CelResult;

/** A failed rule (`error` unset) or one that could not be evaluated. `message` is the CRD's. */
export interface RuleOutcome {
  message: string;
  error?: string;
}

let env: ReturnType<typeof celEnv> | undefined;
const programs = new Map<string, Program | null>();

/** The environment rules run in: the API server's has cel-go's strings extension (upperAscii, split, …) and Kubernetes' library. */
export function ruleEnvironment(): ReturnType<typeof celEnv> {
  return (env ??= celEnv({ funcs: [...strings, ...KUBERNETES_FUNCS], re2: RE2_ENGINE }));
}

/** compiler/api/generated/cel-rules.json: rule → its parsed expression, encoded (ahead.ts), as JSON text. */
let aheadOfTime: Record<string, string> | undefined;
const parsed = new Map<string, ParsedRule>();

/** The parsed expression of an evaluated rule. */
function parsedRule(rule: string): ParsedRule {
  let p = parsed.get(rule);
  if (p === undefined) {
    const encoded = (aheadOfTime ??= require('../../api/generated/cel-rules.json') as Record<string, string>)[rule];
    p = encoded === undefined ? parse(rule).expr : (decodeParsed(JSON.parse(encoded)) as ParsedRule);
    parsed.set(rule, p);
  }
  return p;
}

/** The planned rule; null for a rule envoyc does not evaluate (an update rule). */
function programOf(rule: string): Program | null {
  let p = programs.get(rule);
  if (p === undefined) {
    p = isUpdateRule(rule) ? null : planned(parsedRule(rule));
    programs.set(rule, p);
  }
  return p;
}

function planned(expr: ParsedRule): Program {
  return plan(ruleEnvironment(), expr as Parameters<typeof plan>[1]) as Program;
}

/** Outcomes per node schema and reading (reads.ts): inputs repeat what rules read (every route's number of matches, a backendRef's kind). */
interface Memo {
  reads: Reads;
  byReading: Map<string, readonly RuleOutcome[]>;
  lookups: number;
  hits: number;
}
const memos = new WeakMap<SchemaNode, Memo | null>();
/** Readings remembered per node schema before that node's memo starts over (bounds memory on huge inputs). */
const MEMO_LIMIT = 4096;
/** After this many lookups, a node whose readings rarely repeat (every backendRef names its own Service) stops memoizing. */
const MEMO_TRIAL = 512;

const SCALARS = new Set(['string', 'integer', 'number', 'boolean', 'intOrString']);

/** Values of `s` are flat (scalars, objects of scalars, lists of those): cheap to key by their JSON. */
function isSmall(s: SchemaNode): boolean {
  const flat = (n: SchemaNode) => SCALARS.has(n.kind) || (n.kind === 'list' && SCALARS.has(n.items?.kind ?? ''));
  const obj = (n: SchemaNode) => n.kind === 'object' && [...(n.fields?.values() ?? [])].every(flat);
  return flat(s) || obj(s) || (s.kind === 'list' && s.items !== undefined && obj(s.items));
}

/** The memo of a node: rules that read the whole value are memoized only on small values (their key is the value's JSON). */
function memoOf(s: SchemaNode): Memo | null {
  let m = memos.get(s);
  if (m === undefined) {
    const reads = readsOf(s.rules!.filter((r) => !isUpdateRule(r.rule)).map((r) => parsedRule(r.rule)));
    memos.set(s, (m = !reads.whole || isSmall(s) ? { reads, byReading: new Map(), lookups: 0, hits: 0 } : null));
  }
  if (m && m.lookups === MEMO_TRIAL && m.hits * 4 < m.lookups) memos.set(s, (m = null));
  return m;
}

/**
 * Evaluates the rules of `s` on `value`: the outcome of each that does not hold. A rule's outcome
 * depends on what it reads of the value alone (no `oldSelf`), so equal readings share one
 * evaluation (and one list: read it, do not change it).
 */
export function evaluateRules(s: SchemaNode, value: unknown): readonly RuleOutcome[] {
  const memo = memoOf(s);
  if (!memo) return ruleOutcomes(s, value);
  const key = readingKey(value, memo.reads, s);
  // JSON writes NaN and Infinity as null: a reading with a null in it is not a key.
  if (key.includes('null')) return ruleOutcomes(s, value);
  memo.lookups++;
  let outcomes = memo.byReading.get(key);
  if (outcomes) memo.hits++;
  else {
    outcomes = ruleOutcomes(s, value);
    if (memo.byReading.size >= MEMO_LIMIT) memo.byReading.clear();
    memo.byReading.set(key, outcomes);
  }
  return outcomes;
}

/** All rules of a node joined with `&&`: one evaluation when they all hold (the common case). */
const joined = new WeakMap<SchemaNode, Program | null>();

function joinedProgram(s: SchemaNode): Program | null {
  let p = joined.get(s);
  if (p === undefined) {
    const rules = s.rules!.filter((r) => !isUpdateRule(r.rule));
    p = rules.length > 1 ? planned(andAll(rules.map((r) => parsedRule(r.rule)))) : null;
    joined.set(s, p);
  }
  return p;
}

/** The outcomes of the rules of `s` on `value`, evaluated (no memo). */
export function ruleOutcomes(s: SchemaNode, value: unknown): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  const self = toCel(value, s);
  if (joinedProgram(s)?.({ self }) === true) return out;
  for (const r of s.rules!) {
    const program = programOf(r.rule);
    if (!program) continue;
    const result = program({ self });
    if (result === true) continue;
    const message = messageOf(r);
    out.push(
      isCelError(result)
        ? { message, error: result.message }
        : result === false
          ? { message }
          : { message, error: `the rule gave ${String(result)}, not a boolean` },
    );
  }
  return out;
}

function messageOf(r: CelRuleSpec): string {
  return r.message ?? `failed rule: ${r.rule}`;
}
