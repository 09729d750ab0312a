import type { Span } from '../source';

/** A note tells what was ignored on purpose (a Deployment among the inputs); it never fails a run. */
export type Severity = 'error' | 'warning' | 'note';

/** One finding about the input (or, from 6-validate, about our own output). */
export interface Diagnostic {
  /** Stable, greppable snake_case code, e.g. `backend_ref_not_found`. README lists them all. */
  code: string;
  severity: Severity;
  message: string;
  /** The smallest YAML node that is wrong; absent only for whole-run problems. */
  span?: Span;
  /** Other places worth showing, e.g. "first defined here". */
  related?: { span: Span; message: string }[];
  /**
   * A warning about a spelling or form that is not the canonical API (seed-document variants).
   * `--strict` turns these into errors.
   */
  nonCanonical?: boolean;
}

export function error(code: string, span: Span | undefined, message: string): Diagnostic {
  return span ? { code, severity: 'error', message, span } : { code, severity: 'error', message };
}

export function warning(code: string, span: Span | undefined, message: string): Diagnostic {
  return span ? { code, severity: 'warning', message, span } : { code, severity: 'warning', message };
}

export function note(code: string, span: Span | undefined, message: string): Diagnostic {
  return span ? { code, severity: 'note', message, span } : { code, severity: 'note', message };
}

/** Attaches a related location ("defined first here") to a diagnostic. */
export function withRelated(d: Diagnostic, span: Span, message: string): Diagnostic {
  return { ...d, related: [...(d.related ?? []), { span, message }] };
}
