import { warning, type Diagnostic } from '../diagnostic';

// review: compile --suppress (compiler/review/diagnostic-policy.ts)

export const suppressUnused = (rule: string): Diagnostic =>
  warning('suppress_unused', undefined, `--suppress ${rule} matched no diagnostic: check the code (README, "Diagnostic codes") and the resource`);
