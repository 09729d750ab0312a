/**
 * The one check every regex site calls: Envoy's verdict on a regex, reported where the regex is
 * written as `invalid_regex`. Later policy kinds call it the same way.
 */
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { Span } from '../source';
import { checkRegex } from '.';

/**
 * Reports `pattern` at `at` when Envoy would refuse it; true when Envoy accepts it. `where` names
 * the object and field (`HTTPRoute default/web: path`).
 */
export function checkRegexAt(diags: Diagnostics, at: Span, pattern: string, where: string): boolean {
  const v = checkRegex(pattern);
  if (!v.ok) diags.add(d.invalidRegex(at, where, pattern, v.reason));
  return v.ok;
}
