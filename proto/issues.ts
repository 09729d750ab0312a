/** A path into the JSON value: object keys and array indexes (`static_resources.clusters[0].name`). */
export type JsonPath = (string | number)[];

/**
 * What the validator can find. Each kind becomes one diagnostic code (`compiler/diagnostics/codes/validate.ts`).
 * - `unknown_field`: a key the message does not have.
 * - `type_mismatch`: a JSON value of the wrong kind (string for an int, number for a Duration, …).
 * - `value_invalid`: the right kind but an unparseable or out-of-range value (`"250ms"`, -1 for uint32).
 * - `enum_unknown`, `oneof_conflict`, `oneof_required`.
 * - `any_invalid` (no or malformed `@type`), `any_unknown_type` (not a type of Envoy's API).
 * - `rule_violation`: a protoc-gen-validate rule.
 * - `deprecated`, `disallowed_field` and `disallowed_enum` (deprecated and rejected by default), `work_in_progress`.
 * - `non_canonical`: a form Envoy's lenient parser accepts but proto3 JSON does not (error in strict mode).
 * - `duplicate_key`, `precision_loss`.
 */
export type IssueKind =
  | 'unknown_field'
  | 'type_mismatch'
  | 'value_invalid'
  | 'enum_unknown'
  | 'oneof_conflict'
  | 'oneof_required'
  | 'any_invalid'
  | 'any_unknown_type'
  | 'rule_violation'
  | 'deprecated'
  | 'disallowed_field'
  | 'disallowed_enum'
  | 'work_in_progress'
  | 'non_canonical'
  | 'duplicate_key'
  | 'precision_loss';

/** One finding of the reflective validator. */
export interface ProtoIssue {
  kind: IssueKind;
  severity: 'error' | 'warning';
  /** Where: the value (or, with `key`, the map key) at this path. */
  path: JsonPath;
  /** Point at the key rather than the value (unknown fields, duplicate keys). */
  key?: boolean;
  message: string;
}

/** `static_resources.clusters[0].name`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_@][\w@]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(root)';
}
