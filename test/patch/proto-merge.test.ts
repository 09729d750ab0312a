import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { protoMerge } from '../../compiler/patch/proto-merge';
import { BOOTSTRAP_TYPE } from '../../proto';

const ANY = (type: string, fields: object) => ({ '@type': `type.googleapis.com/${type}`, ...fields });
const MONITOR = 'envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig';

const rows: [string, object, object, object][] = [
  ['a scalar replaces', { stats_flush_interval: '5s' }, { stats_flush_interval: '10s' }, { stats_flush_interval: '10s' }],
  [
    'a message merges field by field',
    { overload_manager: { refresh_interval: '0.250s', resource_monitors: [{ name: 'm' }] } },
    { overload_manager: { refresh_interval: '1s' } },
    { overload_manager: { refresh_interval: '1s', resource_monitors: [{ name: 'm' }] } },
  ],
  [
    'a repeated field appends',
    { static_resources: { clusters: [{ name: 'a' }] } },
    { static_resources: { clusters: [{ name: 'b' }] } },
    { static_resources: { clusters: [{ name: 'a' }, { name: 'b' }] } },
  ],
  [
    'setting one member of a oneof clears the others',
    { admin: { address: { socket_address: { address: '127.0.0.1', port_value: 19000 } } } },
    { admin: { address: { pipe: { path: '/tmp/a.sock' } } } },
    { admin: { address: { pipe: { path: '/tmp/a.sock' } } } },
  ],
  [
    'an Any is replaced whole',
    {
      overload_manager: { resource_monitors: [], refresh_interval: '1s' },
      typed_dns_resolver_config: { name: 'r', typed_config: ANY(MONITOR, { max_active_downstream_connections: 5 }) },
    },
    { typed_dns_resolver_config: { typed_config: ANY(MONITOR, {}) } },
    { overload_manager: { resource_monitors: [], refresh_interval: '1s' }, typed_dns_resolver_config: { name: 'r', typed_config: ANY(MONITOR, {}) } },
  ],
  ['a Struct (node metadata) merges by key', { node: { metadata: { a: 1, b: 2 } } }, { node: { metadata: { b: 3 } } }, { node: { metadata: { a: 1, b: 3 } } }],
  ['a key the type does not have is set as written (the output check reports it)', { a: 1 }, { nonsense: true }, { a: 1, nonsense: true }],
];

for (const [name, dst, src, want] of rows)
  test(name, () => {
    const before = structuredClone(dst);
    assert.equal(protoMerge(dst as Record<string, unknown>, src as Record<string, unknown>, BOOTSTRAP_TYPE), want);
    assert.equal(dst, before, 'the base is not changed');
  });

test.run();
