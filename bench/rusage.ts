/**
 * Preloaded (`node -r dist/bench/rusage.js`) into a process the bench measures: at exit, writes the
 * whole process's CPU time and peak RSS as JSON to the file BENCH_RUSAGE_OUT names.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RUSAGE_OUT;
if (out)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
  });
