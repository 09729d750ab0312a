import { formatPath } from '../../proto';
import type { Diagnostic, Diagnostics } from '../diagnostics';
import { generatedConfigInvalid, generatedConfigWorkInProgress } from '../diagnostics/codes';
import { validateBootstrap } from './check';
import type { Finding } from './types';

export { validateBootstrap } from './check';
export type { Finding, ValidateMode } from './types';

/**
 * Phase 6: checks envoyc's own bootstrap against the Envoy schema in strict mode, plus the semantic
 * checks. Every finding is a bug in envoyc (phases 1-4 catch user errors), so each is reported as a
 * `generated_config_invalid` error without a span, except one: an API Envoy marks work in progress
 * (Envoy Gateway implements some features with one, e.g. custom_response for responseOverride).
 * Envoy accepts those with a warning at start, and so does envoyc, once per message or field.
 * `blame` turns a finding a user's EnvoyPatchPolicy brought in into a diagnostic at that patch.
 */
export function validate(bootstrap: object, diags: Diagnostics, blame?: (f: Finding) => Diagnostic | undefined): void {
  const workInProgress = new Set<string>();
  for (const f of validateBootstrap(bootstrap, 'strict')) {
    const blamed = blame?.(f);
    if (blamed) diags.add(blamed);
    else if (f.code !== 'envoy_work_in_progress') diags.add(generatedConfigInvalid(formatPath(f.path), f.message));
    else if (!workInProgress.has(f.message)) {
      workInProgress.add(f.message);
      diags.add(generatedConfigWorkInProgress(f.message));
    }
  }
}
