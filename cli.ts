#!/usr/bin/env node
// The envoyc command (compiler/cli/program.ts): from the bundle `npm run build` makes, with V8's
// code cache, when it is current; else from the modules tsc wrote.
import { currentBundle } from './compiler/cli/bundle';

const bundle = currentBundle();
void (bundle ?? (require('./compiler/cli/program') as typeof import('./compiler/cli/program'))).main(process.argv);
