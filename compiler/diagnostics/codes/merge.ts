import { warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';
import { didYouMean } from '../suggest';

// 3-merge: policy attachment, precedence and translation (every policy kind)

export const policyTargetNotFound = (at: Span, policy: string, target: string, hint: string): Diagnostic =>
  warning('policy_target_not_found', at, `${policy}: target ${target} does not exist or is not attached to any Gateway${hint}; nothing is applied for it`);

export const policySectionNotFound = (at: Span, policy: string, message: string): Diagnostic =>
  warning('policy_section_not_found', at, `${policy}: ${message}`);

export const policyConflicted = (at: Span, policy: string, message: string): Diagnostic =>
  warning('policy_conflicted', at, `${policy} is not applied: ${message}`);

export const policyInvalid = (at: Span, policy: string, effect: string, message: string): Diagnostic =>
  warning('policy_invalid', at, `${policy} fails to translate, so ${effect}: ${message}`);

export const deprecatedField = (at: Span, policy: string, message: string): Diagnostic => warning('deprecated_field', at, `${policy}: ${message}`);

export const policiesIgnored = (at: Span, policy: string, flag: string): Diagnostic =>
  warning('policies_ignored', at, `${policy} is ignored (${flag}): compiled as if it were absent`);

export const ignoredNamespaceUnknown = (namespace: string, known: string[]): Diagnostic =>
  warning(
    'ignored_namespace_unknown',
    undefined,
    `--no-policies-in ${namespace}: no object in the inputs is in namespace ${namespace}${didYouMean(namespace, known)}, so it ignores nothing`,
  );

export const policyNotTranslated = (at: Span, policy: string, field: string, why: string): Diagnostic =>
  warning('policy_field_not_translated', at, `${policy}: ${field} is accepted but not translated: ${why}`);

export const rateLimitServiceMissing = (at: Span, policy: string): Diagnostic => ({
  code: 'ratelimit_service_missing',
  severity: 'error',
  message: `${policy} uses rateLimit.global, which needs an Envoy rate limit service: pass --ratelimit-service HOST:PORT`,
  span: at,
});

export const policyFieldIneffective = (at: Span, policy: string, field: string, why: string): Diagnostic =>
  warning('policy_field_ineffective', at, `${policy}: ${field} is written to the bootstrap but has no effect there: ${why}`);
