import type { Ir } from '../ir';
import { buildBootstrap } from './bootstrap';
import type { EmittedBootstrap } from './envoy';

export type { Bootstrap, EmittedBootstrap } from './envoy';

/** Phase 5: IR → one Envoy bootstrap per config. Pure: user errors were caught in phases 1–4. */
export function emit(ir: Ir): EmittedBootstrap[] {
  return ir.configs.map((c) => ({ name: c.name, fileStem: c.fileStem, bootstrap: buildBootstrap(c) }));
}
