import { error, warning, type Diagnostic } from '../diagnostic';
import type { Span } from '../../source';

// review: compile --suppress, match, routes-test (compiler/review/)

export const suppressUnused = (rule: string): Diagnostic =>
  warning('suppress_unused', undefined, `--suppress ${rule} matched no diagnostic: check the code (README, "Diagnostic codes") and the resource`);

export const regexNotSimulated = (at: Span | undefined, route: string, regex: string, why: string): Diagnostic =>
  warning('regex_not_simulated', at, `route ${route}: regex ${JSON.stringify(regex)} cannot be simulated (${why}); match treats it as not matching`);

export const routesTestInvalid = (at: Span | undefined, message: string): Diagnostic => error('routes_test_invalid', at, message);
