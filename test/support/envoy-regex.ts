/**
 * Real Envoy as the oracle for regexes: many regexes go into one bootstrap (one route each) and one
 * `envoy --mode validate` run says whether Envoy accepts them all. With the runtime key
 * `re2.max_program_size.warn_level` at 0 (and the error level out of the way), Envoy logs the RE2
 * program size of every regex it compiles: the ground truth for `compiler/regex/`'s sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEnvoy } from './envoy';

function bootstrap(patterns: string[], runtime: Record<string, number>): string {
  const routes = patterns.map((regex, i) => ({ name: `r${i}`, match: { safe_regex: { regex } }, direct_response: { status: 200 } }));
  return JSON.stringify({
    layered_runtime: { layers: [{ name: 'static', static_layer: runtime }] },
    static_resources: {
      listeners: [
        {
          name: 'l',
          address: { socket_address: { address: '127.0.0.1', port_value: 10000 } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'x',
                    http_filters: [
                      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
                    ],
                    route_config: { virtual_hosts: [{ name: 'v', domains: ['*'], routes }] },
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  });
}

/** One `envoy --mode validate` run over a bootstrap; its exit status and log. */
export function envoyValidate(config: string): { ok: boolean; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-regex-'));
  try {
    const file = join(dir, 'b.json');
    writeFileSync(file, config);
    const r = spawnSync(ensureEnvoy(), ['--mode', 'validate', '-c', file, '-l', 'warning', '--log-format', '%v'], { encoding: 'latin1', timeout: 60_000 });
    return { ok: r.status === 0, log: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether Envoy (with its default limits) accepts every one of `patterns` as a route's `safe_regex`. */
export function envoyAcceptsAll(patterns: string[]): { ok: boolean; log: string } {
  return envoyValidate(bootstrap(patterns, {}));
}

/** The ones among `patterns` that Envoy refuses, found by halving (few runs when most are accepted). */
export function envoyRefused(patterns: string[]): string[] {
  if (patterns.length === 0 || envoyAcceptsAll(patterns).ok) return [];
  if (patterns.length === 1) return patterns;
  const mid = patterns.length >> 1;
  return [...envoyRefused(patterns.slice(0, mid)), ...envoyRefused(patterns.slice(mid))];
}

/**
 * Envoy's RE2 program size for each pattern (all must be valid RE2), in one run. The log line
 * names the pattern; patterns are matched to lines in order, as Envoy compiles routes in order.
 */
export function envoyProgramSizes(patterns: string[]): number[] {
  const { ok, log } = envoyValidate(bootstrap(patterns, { 're2.max_program_size.warn_level': 0, 're2.max_program_size.error_level': 1_000_000 }));
  if (!ok) throw new Error(`Envoy refused the corpus: ${log.slice(-2000)}`);
  const sizes = [...log.matchAll(/RE2 program size of (\d+) > max program size of 0 set for the warn level/g)].map((m) => Number(m[1]));
  if (sizes.length !== patterns.length) throw new Error(`Envoy logged ${sizes.length} sizes for ${patterns.length} regexes`);
  return sizes;
}
