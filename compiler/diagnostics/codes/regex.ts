import { error, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// Every phase that meets a user's regex (compiler/regex/check.ts reports it).

/** A regex Envoy's RE2 refuses (syntax, Latin-1, program size, empty). */
export const invalidRegex = (at: Span, where: string, pattern: string, reason: string): Diagnostic =>
  error('invalid_regex', at, `${where}: Envoy refuses the regex ${JSON.stringify(pattern)}: ${reason}`);
