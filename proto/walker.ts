import type { IssueKind, JsonPath, ProtoIssue } from './issues';

/**
 * `envoy`: accept what Envoy's own JSON parser accepts (protobuf's legacy syntax, case-insensitive
 * enums, Envoy's YAML conversion) and report those forms as `non_canonical` warnings.
 * `strict`: canonical proto3 JSON only; those forms are errors (used for envoyc's own output).
 */
export type Mode = 'envoy' | 'strict';

/** Returned by value checks that already reported a problem. */
export const INVALID = Symbol('invalid');
/** Returned for a present message whose value PGV only needs to know exists. */
export const PRESENT = Symbol('present');
export type Normalized = string | number | bigint | boolean | Uint8Array | typeof INVALID | typeof PRESENT;

/** The walk's state shared by the value checkers: the mode, the current path and the findings. */
export class Walk {
  readonly issues: ProtoIssue[] = [];
  readonly path: JsonPath = [];
  /** Above zero inside a message PGV does not validate (`message.skip`): its rules are not checked. */
  rulesOff = 0;

  constructor(readonly mode: Mode) {}

  report(kind: IssueKind, severity: 'error' | 'warning', message: string, extra: Partial<ProtoIssue> = {}): void {
    this.issues.push({ kind, severity, path: this.path.slice(), message, ...extra });
  }

  error(kind: IssueKind, message: string, extra: Partial<ProtoIssue> = {}): typeof INVALID {
    this.report(kind, 'error', message, extra);
    return INVALID;
  }

  /** A form Envoy's parser accepts but canonical proto3 JSON does not. */
  lenient(message: string): void {
    if (this.mode === 'envoy') this.report('non_canonical', 'warning', `${message} (Envoy accepts this, but it is not canonical proto3 JSON)`);
    else this.report('non_canonical', 'error', `${message} (not canonical proto3 JSON)`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A short description of a JSON value for messages: `string "abc"`, `number 5`, `a list`. */
export function describe(v: unknown, sensitive = false): string {
  if (sensitive) return 'a value (redacted: sensitive field)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v)}`;
  if (typeof v === 'bigint') return `number ${v}`;
  return `${typeof v} ${String(v)}`;
}
