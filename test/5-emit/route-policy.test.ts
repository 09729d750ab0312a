import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildTypedPerFilterConfig } from '../../compiler/5-emit/http-filters';
import { buildRateLimitAction } from '../../compiler/5-emit/http-filters/rate-limit-actions';
import { buildHashPolicy, buildRetryPolicy, buildRouteMatch } from '../../compiler/5-emit/route';

test('hash policy: source IP → connection_properties', () => {
  assert.equal(buildHashPolicy({ type: 'sourceIp' }), { connection_properties: { source_ip: true } });
});

test('hash policy: cookie without attributes omits them', () => {
  assert.equal(buildHashPolicy({ type: 'cookie', name: 's', attributes: [] }), { cookie: { name: 's' } });
});

test('retry: empty status code list omitted; retry priority written', () => {
  const r = buildRetryPolicy({ retryOn: '5xx', numRetries: 1, retriableStatusCodes: [], retryPriorityUpdateFrequency: 3 });
  assert.is(r.retriable_status_codes, undefined);
  assert.equal((r.retry_priority as { name: string }).name, 'envoy.retry_priorities.previous_priorities');
});

test('route match: CONNECT uses connect_matcher', () => {
  assert.equal(buildRouteMatch({ connect: true, headers: [], queryParams: [] }), { connect_matcher: {} });
});

test('rate limit action: inverted CIDR match', () => {
  assert.equal(
    buildRateLimitAction({ type: 'remoteAddressMatch', key: 'k', value: 'invert:10.0.0.0/8', prefix: '10.0.0.0', prefixLen: 8, invert: true, distinct: false }),
    {
      remote_address_match: {
        descriptor_key: 'k',
        descriptor_value: 'invert:10.0.0.0/8',
        address_matcher: { ranges: [{ address_prefix: '10.0.0.0', prefix_len: 8 }], invert_match: true },
      },
    },
  );
});

test('typed_per_filter_config: one entry per enabled filter, by filter name', () => {
  const cfg = buildTypedPerFilterConfig({
    buffer: { maxRequestBytes: 1024 },
    bandwidthLimits: [{ direction: 'response', limitKbps: 2, trailers: {} }],
    compressors: [{ library: 'gzip', chooseFirst: true }],
  });
  assert.equal(Object.keys(cfg).sort(), ['envoy.filters.http.bandwidth_limit/response', 'envoy.filters.http.buffer', 'envoy.filters.http.compressor.gzip']);
  assert.equal(cfg['envoy.filters.http.bandwidth_limit/response']!.enable_response_trailers, true);
});

test.run();
