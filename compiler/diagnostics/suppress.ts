// `--suppress CODE[=RESOURCE]`: which findings a user chose not to see. Shared by the CLI's diagnostic
// policy (review/diagnostic-policy.ts) and by 1-load, which accepts a kind envoyc does not translate
// only when `unsupported_kind` is suppressed for it.

/** `--suppress CODE` or `--suppress CODE=RESOURCE`. */
export interface SuppressRule {
  code: string;
  /** `Kind/ns/name`, `ns/name`, `name`, or an input file or directory path. */
  resource?: string;
  /** As written, for messages. */
  text: string;
}

export function parseSuppress(text: string): SuppressRule {
  const i = text.indexOf('=');
  return i < 0 ? { code: text, text } : { code: text.slice(0, i), resource: text.slice(i + 1), text };
}

/** True when `rule` (a resource or path) names the resource `key` (`Kind/ns/name`) or the file it is in. */
export function resourceMatches(rule: string, key: string | undefined, file: string | undefined): boolean {
  if (file !== undefined && (file === rule || file.startsWith(rule.replace(/\/$/, '') + '/'))) return true;
  if (key === undefined) return false;
  const [, ns, name] = key.split('/');
  return key === rule || `${ns}/${name}` === rule || name === rule;
}

/** The rule of `rules` with `code` that covers the resource `key` in `file`, if any. */
export function findSuppression(rules: readonly SuppressRule[], code: string, key: string | undefined, file: string | undefined): SuppressRule | undefined {
  return rules.find((r) => r.code === code && (r.resource === undefined || resourceMatches(r.resource, key, file)));
}
