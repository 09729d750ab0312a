#!/usr/bin/env node
// The envoyc command (compiler/cli/program.ts): from the bundle `npm run build` makes, with V8's
// code cache, when it is current; else from the modules tsc wrote.
import { setFlagsFromString } from 'node:v8';
import { currentBundle } from './compiler/cli/bundle';

/**
 * Bytecode a function runs between two of V8's tiering checks: four times V8's default (132 KiB),
 * so TurboFan compiles only what a compile runs most (about half the functions it would). A run
 * has one input to compile, and on two cores TurboFan's background compiles take CPU from it; the
 * code of the hottest functions pays for itself, the rest did not. envoyc's choice, measured (README,
 * Performance, eighth round): 10,000 routes 3.15 -> 2.64 s CPU and 2.25 -> 2.02 s wall; 100 routes
 * as fast as with no TurboFan at all. Set after the code cache is read: V8 refuses a cache made
 * under other flags. Tests and the bundle's training run keep V8's default.
 */
const INTERRUPT_BUDGET = 4 * 132 * 1024;

const bundle = currentBundle();
setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
void (bundle ?? (require('./compiler/cli/program') as typeof import('./compiler/cli/program'))).main(process.argv).then(exitWhenIdle);

/**
 * With nothing left to run, Node still waits for V8's background compile jobs before it exits
 * (25–40 ms after a 100-route compile, more with teardown). When the command is done and nothing is
 * pending (no unwritten output, no watcher, no child), exit at once; otherwise Node exits as it
 * always does.
 */
function exitWhenIdle(): void {
  if (process.getActiveResourcesInfo().length === 0) process.exit();
}
