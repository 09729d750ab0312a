import { error, note, warning, withRelated, type Diagnostic } from '../diagnostic';
import { didYouMean } from '../suggest';
import type { Span } from '../../source';
import { ENVOY_GATEWAY_VERSION } from '../../versions';

const EG = ENVOY_GATEWAY_VERSION;

// 1-load. `path` arguments are field paths as the API server prints them: `spec.rules[0].matches`.

export const yamlSyntax = (at: Span, message: string): Diagnostic => error('yaml_syntax', at, message);

/** A kind Gateway API or Envoy Gateway does not have (a misspelling?), or a known kind under an apiVersion that does not serve it. */
export const unknownKind = (at: Span, apiVersion: string, kind: string, hint: string): Diagnostic =>
  error('unknown_kind', at, `kind ${kind} (${apiVersion}) is none of Envoy Gateway ${EG}'s kinds nor a core kind envoyc reads${hint}; the object is not read`);

export const unservedVersion = (at: Span, apiVersion: string, kind: string, served: readonly string[], hint: string): Diagnostic =>
  error('unknown_kind', at, `${kind} is not served as ${apiVersion}${hint} (served: ${served.join(', ')}); the object is not read`);

/**
 * A kind Envoy Gateway translates and envoyc does not yet: the Envoy written would lack it. An error
 * unless `--suppress unsupported_kind[=RESOURCE]` accepts it (then a warning, which that hides).
 */
export const unsupportedKind = (at: Span, kind: string, name: string, accepted: boolean): Diagnostic =>
  (accepted ? warning : error)(
    'unsupported_kind',
    at,
    `envoyc does not translate ${kind} yet, so the Envoy written would lack ${kind} ${name}` +
      (accepted
        ? ' (accepted by --suppress unsupported_kind)'
        : `; to compile without it, pass --suppress unsupported_kind=${name} (or unsupported_kind for all)`),
  );

/** A kind that does not concern Envoy (a Deployment) or that Envoy Gateway v1.9 does not read: ignored, as Envoy Gateway ignores it. */
export const kindIgnored = (at: Span, apiVersion: string, kind: string, why: string): Diagnostic =>
  note('kind_ignored', at, `${kind} (${apiVersion}) ignored: ${why}`);

/** A document (or `List` item) that is not a mapping. */
export const invalidDocument = (at: Span, got: string): Diagnostic =>
  error('invalid_document', at, `expected a Kubernetes object (a mapping with apiVersion and kind), got ${got}`);

/** A mapping without `apiVersion` or `kind`. */
export const missingTypeMeta = (at: Span, field: 'apiVersion' | 'kind'): Diagnostic =>
  error('missing_type_meta', at, `object has no ${field}; every object needs apiVersion and kind`);

export const unknownField = (at: Span, field: string, where: string, known: readonly string[]): Diagnostic => {
  const hint = didYouMean(field, known);
  const expected = hint || (known.length ? `; expected one of: ${known.join(', ')}` : '; no fields are allowed here');
  return error('unknown_field', at, `unknown field "${field}" in ${where}${expected}`);
};

export const invalidType = (at: Span, path: string, expected: string, got: string): Diagnostic =>
  error('invalid_type', at, `${path} must be ${expected}, got ${got}`);

export const invalidEnum = (at: Span, path: string, value: string, allowed: readonly (string | number)[]): Diagnostic =>
  error('invalid_enum', at, `${path}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}${didYouMean(String(value), allowed.map(String))}`);

export const requiredField = (at: Span, path: string): Diagnostic => error('required_field', at, `${path} is required`);

/** A value that has the right type but breaks a pattern, length, range or item-count limit. */
export const invalidValue = (at: Span, path: string, message: string): Diagnostic => error('invalid_value', at, `${path}: ${message}`);

/** Two entries of a list-map (or set) with the same key. */
export const duplicateEntry = (at: Span, path: string, what: string): Diagnostic => error('duplicate_entry', at, `${path}: duplicate entry ${what}`);

/** A CEL rule (`x-kubernetes-validations`) of the CRD failed; the message is the CRD's. */
export const celRule = (at: Span, path: string, message: string): Diagnostic => error('cel_rule', at, `${path}: ${message}`);

/** A CEL rule of the CRD could not be evaluated on this value (the API server rejects the object too). */
export const celRuleError = (at: Span, path: string, message: string, why: string): Diagnostic =>
  error('cel_rule_error', at, `${path}: the rule "${message}" could not be evaluated: ${why}`);

export const duplicateObject = (at: Span, key: string, first: Span): Diagnostic =>
  withRelated(error('duplicate_object', at, `${key} is defined twice; this copy is ignored`), first, `${key} is first defined here`);

/** A seed-document spelling that is not the API, read as its canonical form (an error under --strict). */
export const nonCanonicalField = (at: Span, path: string, message: string): Diagnostic => ({
  ...warning('non_canonical_field', at, `${path} ${message}`),
  nonCanonical: true,
});
