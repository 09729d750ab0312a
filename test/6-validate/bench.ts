import { validateBootstrap } from '../../compiler/6-validate';
import { largeBootstrap } from './large-bootstrap';

/**
 * Validation timing for the 10,000-route budget (< 300 ms warm, < 0.5 s with schema loading).
 * Run in a fresh process: `node dist/test/6-validate/bench.js`. Also callable from the bench script.
 */
export function benchValidate(routes = 10000, clusters = 1000, warmRuns = 5): { coldMs: number; warmMs: number[]; findings: number } {
  const bootstrap = largeBootstrap(routes, clusters);
  let t = process.hrtime.bigint();
  const findings = validateBootstrap(bootstrap, 'strict').length;
  const coldMs = Number(process.hrtime.bigint() - t) / 1e6;
  const warmMs: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    t = process.hrtime.bigint();
    validateBootstrap(bootstrap, 'strict');
    warmMs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { coldMs, warmMs, findings };
}

if (require.main === module) {
  const r = benchValidate();
  const fmt = (n: number) => n.toFixed(0);
  console.log(
    `validate 10k routes / 1k clusters: cold (incl. schema load) ${fmt(r.coldMs)} ms, warm ${r.warmMs.map(fmt).join(' / ')} ms, findings ${r.findings}`,
  );
}
