import { setFlagsFromString } from 'node:v8';
import type { SourceFile } from '../source';

/**
 * Inputs up to this many characters (about 1,700 routes of the bench's inputs) compile without
 * TurboFan when the command has its process to itself. envoyc's choice, measured on 2 cores
 * (README, Performance, eighth round): a fresh `envoyc compile` of 100 routes spends its last tens
 * of milliseconds with TurboFan's background compiles taking CPU from the compile, and its exit
 * waits for the ones in flight; optimized code starts to pay for them near 1,000 routes, and from
 * 2,000 routes on the compile is faster with it.
 */
export const SMALL_INPUT_CHARS = 1 << 20;

/**
 * For a one-shot command in a process of its own (cli.ts), never for `watch`, tests or the bundle's
 * training run, which compile again and again in one process: small inputs run on V8's
 * interpreter and its baseline compiler only (`--max-opt=1`).
 */
export function tierForInputs(files: readonly SourceFile[]): void {
  let chars = 0;
  for (const f of files) chars += f.text.length;
  if (chars <= SMALL_INPUT_CHARS) setFlagsFromString('--max-opt=1');
}
