import { error, warning, type Diagnostic, type Severity } from '../diagnostic';
import type { Span } from '../../source';

// The EnvoyPatchPolicy step: patches applied to the finished bootstrap (compiler/patch/).

/** No resource of the patch's type and name in this Envoy's config (Envoy Gateway: Programmed=False, ResourceNotFound). */
export const patchResourceNotFound = (at: Span, policy: string, resource: string, hint: string): Diagnostic =>
  warning('patch_resource_not_found', at, `${policy}: no ${resource} in this Envoy's config${hint}; the patch is not applied`);

/** The JSON Patch operation does not apply (Envoy Gateway: Programmed=False, Invalid); the resource is left unpatched. */
export const patchFailed = (at: Span, policy: string, resource: string, problem: string): Diagnostic =>
  warning('patch_failed', at, `${policy}: the patch to ${resource} is not applied: ${problem}`);

/** The config a patch produced fails Envoy's schema or Envoy's own checks: nothing is written. */
export const patchResultInvalid = (severity: Severity, at: Span, policy: string, problem: string): Diagnostic =>
  (severity === 'error' ? error : warning)(
    'patch_result_invalid',
    at,
    `${policy}: the patched Envoy config ${severity === 'error' ? 'is invalid' : 'has a problem'}: ${problem}`,
  );
