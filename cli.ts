#!/usr/bin/env node
// The envoyc command (compiler/cli/program.ts): from the bundle `npm run build` makes, with V8's
// code cache, when it is current; else from the modules tsc wrote.
import { currentBundle } from './compiler/cli/bundle';

const bundle = currentBundle();
void (bundle ?? (require('./compiler/cli/program') as typeof import('./compiler/cli/program'))).main(process.argv, { ownProcess: true }).then(exitWhenIdle);

/**
 * With nothing left to run, Node still waits for V8's background compile jobs before it exits
 * (25–40 ms after a 100-route compile, more with teardown). When the command is done and nothing is
 * pending (no unwritten output, no watcher, no child), exit at once; otherwise Node exits as it
 * always does.
 */
function exitWhenIdle(): void {
  if (process.getActiveResourcesInfo().length === 0) process.exit();
}
