import { didYouMean } from '../../diagnostics/suggest';
import type { Finding } from '../types';
import { At } from './access';
import { checkClusterRefs, checkDuplicateNames, checkLbConfig, checkStaticHostnames, checkStatusRanges, checkTerminalFilters } from './checks';
import { checkExtensionSlots, checkRetryOn } from './slots';

/**
 * The checks Envoy does in C++ on top of the schema. Reads the bootstrap defensively and never
 * throws: a check that trips over an unexpected shape is skipped (the schema walk reports the shape).
 */
export function checkSemantics(bootstrap: unknown): Finding[] {
  const out: Finding[] = [];
  const report = (f: Finding) => out.push(f);
  const root = new At(bootstrap);
  const checks: ((r: At) => void)[] = [
    (r) => checkDuplicateNames(r, report),
    (r) => checkClusterRefs(r, report, didYouMean),
    (r) => checkTerminalFilters(r, report),
    (r) => checkStatusRanges(r, report),
    (r) => checkLbConfig(r, report),
    (r) => checkStaticHostnames(r, report),
    (r) => checkExtensionSlots(r, report),
    (r) => checkRetryOn(r, report, didYouMean),
  ];
  for (const check of checks) {
    try {
      check(root);
    } catch {
      // Skipped: the value has a shape the schema walk already reports.
    }
  }
  return out;
}
