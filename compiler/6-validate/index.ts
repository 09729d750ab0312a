import { formatPath } from '../../proto';
import type { Diagnostics } from '../diagnostics';
import { generatedConfigInvalid } from '../diagnostics/codes';
import { validateBootstrap } from './check';

export { validateBootstrap } from './check';
export type { Finding, ValidateMode } from './types';

/**
 * Phase 6: checks envoyc's own bootstrap against the Envoy schema in strict mode, plus the semantic
 * checks. Every finding is a bug in envoyc (phases 1-4 catch user errors), so each is reported as a
 * `generated_config_invalid` error without a span. Types on the documented newer-than-1.31 allow-list
 * (proto/newer.ts) are not findings here: the Envoy differential test over the goldens covers them.
 */
export function validate(bootstrap: object, diags: Diagnostics): void {
  for (const f of validateBootstrap(bootstrap, 'strict')) {
    // Work-in-progress APIs are what Envoy Gateway emits for some features (custom_response's
    // matcher); Envoy only warns about them, so they are not bugs in envoyc's output.
    if (f.knownNewer || f.code === 'envoy_work_in_progress') continue;
    diags.add(generatedConfigInvalid(formatPath(f.path), f.message));
  }
}
