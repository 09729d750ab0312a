/**
 * EnvoyProxy settings that are Envoy command-line flags (concurrency, log levels, drain timeout,
 * extraArgs): `envoyc compile` prints them, and an Envoy started with what it printed runs with them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { setup, useCleanup } from './harness';
import { startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario }>('e2e: EnvoyProxy flags');
useCleanup(t);

const PROXY = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata:
  name: flags
  namespace: default
spec:
  concurrency: 2
  logging:
    level: {default: info, upstream: debug}
  shutdown:
    drainTimeout: 30s
  extraArgs: [--disable-hot-restart]
`;

setup(t, async (ctx) => {
  const gateway = withEnvoyProxy('flags');
  ctx.s = await startScenario({ name: 'envoy-flags', yaml: [gateway, PROXY], printedFlags: true });
});

t('compile prints the flags, and Envoy started with them runs with the concurrency, log levels and drain time asked for', async (ctx) => {
  assert.match(ctx.s.diagnostics, 'default/eg: run Envoy with these flags too: --log-level info --cpuset-threads --drain-strategy immediate --concurrency 2');
  const options = JSON.parse(await ctx.s.envoy.admin('/server_info')).command_line_options;
  assert.is(options.concurrency, 2);
  assert.is(options.drain_time, '30s');
  assert.is(options.drain_strategy, 'Immediate');
  assert.is(options.log_level, 'info');
  assert.is(options.component_log_level, 'upstream:debug');
  assert.is(options.disable_hot_restart, true);
});

t.run();
