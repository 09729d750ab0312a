import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BackendTrafficPolicySpec } from '../../compiler/api/backendtrafficpolicy';
import type { AppliedBtp as AppliedPolicy } from '../../compiler/3-merge/kinds/backendtrafficpolicy';
import { lowerClusterSettings, type ClusterSettingsInput } from '../../compiler/4-lower/cluster-settings';
import { statusRanges } from '../../compiler/4-lower/cluster-settings/health-check';
import type { IrClusterSettings } from '../../compiler/ir';

const HTTP1: ClusterSettingsInput = { discovery: 'static', protocol: 'http1', forceHttp1: false, hostname: 'app.example.com' };
const H2: ClusterSettingsInput = { ...HTTP1, protocol: 'http2' };
const TCP: ClusterSettingsInput = { discovery: 'static', protocol: 'tcp', forceHttp1: false, hostname: '' };

function applied(spec: BackendTrafficPolicySpec): AppliedPolicy {
  return { spec, policies: ['BackendTrafficPolicy/default/p'], owners: {}, invalid: false };
}

const ACTIVE = { timeout: '1s', interval: '3s', unhealthyThreshold: 3, healthyThreshold: 1 };
const PASSIVE = {
  splitExternalLocalOriginErrors: false,
  interval: '3s',
  consecutiveLocalOriginFailures: 5,
  consecutive5XxErrors: 5,
  baseEjectionTime: '30s',
  maxEjectionPercent: 10,
  alwaysEjectOneEndpoint: false,
};

const rows: { name: string; spec?: BackendTrafficPolicySpec; input?: ClusterSettingsInput; pick: (s: IrClusterSettings) => unknown; want: unknown }[] = [
  {
    name: 'no policy: Envoy Gateway defaults only',
    pick: (s) => s,
    want: {
      connectTimeoutMs: 10_000,
      perConnectionBufferLimitBytes: 32_768,
      loadBalancer: { policy: 'LeastRequest', locality: { type: 'weighted' } },
      circuitBreakers: { maxRetries: 1024 },
    },
  },
  {
    name: 'no policy, dns discovery: DNS defaults',
    input: { ...HTTP1, discovery: 'dns' },
    pick: (s) => s.dns,
    want: { refreshRateMs: 30_000, respectDnsTtl: true, lookupFamily: 'V4_PREFERRED' },
  },
  {
    name: 'no policy, HTTP/2 backend: explicit h2 with Envoy Gateway windows',
    input: H2,
    pick: (s) => s.http,
    want: { protocol: { type: 'http2', http2: { initialStreamWindowSize: 65_536, initialConnectionWindowSize: 1_048_576 } } },
  },
  { name: 'no policy, forced HTTP/1.1: explicit h1', input: { ...H2, forceHttp1: true }, pick: (s) => s.http, want: { protocol: { type: 'http1' } } },
  {
    name: 'ConsistentHash: Maglev, table size, no locality weighting',
    spec: { loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 1021 } } },
    pick: (s) => s.loadBalancer,
    want: { policy: 'Maglev', locality: { type: 'none' }, tableSize: 1021 },
  },
  {
    name: 'ConsistentHash, table size not prime: default load balancer (TCP routes)',
    spec: { loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 1000 } } },
    pick: (s) => s.loadBalancer.policy,
    want: 'LeastRequest',
  },
  {
    name: 'DynamicModule: least request (not translated)',
    spec: { loadBalancer: { type: 'DynamicModule', dynamicModule: { name: 'm', lbPolicyName: 'p' } } },
    pick: (s) => s.loadBalancer,
    want: { policy: 'LeastRequest', locality: { type: 'weighted' } },
  },
  {
    name: 'leastRequest.choiceCount: choice count',
    spec: { loadBalancer: { type: 'LeastRequest', leastRequest: { choiceCount: 3 } } },
    pick: (s) => s.loadBalancer.choiceCount,
    want: 3,
  },
  {
    name: 'slowStart on RoundRobin: window in ms',
    spec: { loadBalancer: { type: 'RoundRobin', slowStart: { window: '1m' } } },
    pick: (s) => s.loadBalancer.slowStartWindowMs,
    want: 60_000,
  },
  {
    name: 'preferLocal {}: zone aware with min cluster size 6',
    spec: { loadBalancer: { type: 'RoundRobin', zoneAware: { preferLocal: {} } } },
    pick: (s) => s.loadBalancer.locality,
    want: { type: 'zoneAware', zoneAware: { minClusterSize: 6 } },
  },
  {
    name: 'preferLocal.force {}: force_local_zone min size 1',
    spec: { loadBalancer: { type: 'LeastRequest', zoneAware: { preferLocal: { minEndpointsThreshold: 3, percentageEnabled: 50, force: {} } } } },
    pick: (s) => s.loadBalancer.locality,
    want: { type: 'zoneAware', zoneAware: { minClusterSize: 3, routingEnabledPercent: 50, forceLocalZoneMinSize: 1 } },
  },
  {
    name: 'weightedZones with BackendUtilization: weighted (wrr_locality)',
    spec: {
      loadBalancer: {
        type: 'BackendUtilization',
        backendUtilization: { keepResponseHeaders: false },
        zoneAware: { weightedZones: [{ zone: 'a', weight: 2 }] },
      },
    },
    pick: (s) => s.loadBalancer.locality,
    want: { type: 'weighted' },
  },
  {
    name: 'BackendUtilization: periods > 0 only, penalty / 100, out-of-band',
    spec: {
      loadBalancer: {
        type: 'BackendUtilization',
        backendUtilization: {
          blackoutPeriod: '0s',
          weightUpdatePeriod: '2s',
          errorUtilizationPenaltyPercent: 50,
          keepResponseHeaders: false,
          outOfBand: { port: 9000 },
        },
      },
    },
    pick: (s) => s.loadBalancer.backendUtilization,
    want: { weightUpdatePeriodMs: 2000, errorUtilizationPenalty: 0.5, outOfBand: { port: 9000 } },
  },
  {
    name: 'endpointOverride: plain fallback without slow start or table size',
    spec: {
      loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 65_537 }, endpointOverride: { extractFrom: [{ header: 'x-h' }] } },
    },
    pick: (s) => s.loadBalancer,
    want: { policy: 'Maglev', locality: { type: 'none' }, overrideHostHeaders: ['x-h'] },
  },
  { name: 'timeout.tcp.connectTimeout: connect timeout', spec: { timeout: { tcp: { connectTimeout: '250ms' } } }, pick: (s) => s.connectTimeoutMs, want: 250 },
  {
    name: 'timeout.http + maxRequestsPerConnection: common options over explicit h1',
    spec: {
      timeout: { http: { connectionIdleTimeout: '1m', maxConnectionDuration: '1h' } },
      circuitBreaker: { maxConnections: 1, maxPendingRequests: 2, maxParallelRequests: 3, maxParallelRetries: 4, maxRequestsPerConnection: 5 },
    },
    pick: (s) => s.http,
    want: { protocol: { type: 'http1' }, common: { idleTimeoutMs: 60_000, maxConnectionDurationMs: 3_600_000, maxRequestsPerConnection: 5 } },
  },
  {
    name: 'circuitBreaker with retryBudget 3 (Envoy default concurrency omitted) and perEndpoint',
    spec: {
      circuitBreaker: {
        maxConnections: 1,
        maxPendingRequests: 2,
        maxParallelRequests: 3,
        maxParallelRetries: 4,
        perEndpoint: { maxConnections: 7 },
        retryBudget: { percent: { numerator: 1, denominator: 4 }, minRetryConcurrency: 3 },
      },
    },
    pick: (s) => s.circuitBreakers,
    want: { maxConnections: 1, maxPendingRequests: 2, maxRequests: 3, maxRetries: 4, perHostMaxConnections: 7, retryBudget: { budgetPercent: 25 } },
  },
  {
    name: 'active HTTP: host falls back to the route hostname, method upper-cased, [200] expected',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'HTTP', http: { path: '/h', method: 'get' } } } },
    pick: (s) => s.healthCheck?.checker,
    want: { type: 'http', host: 'app.example.com', path: '/h', method: 'GET', expectedStatuses: [{ start: 200, end: 201 }], retriableStatuses: [] },
  },
  {
    name: 'active TCP: text payloads hex-encoded',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'TCP', tcp: { send: { type: 'Text', text: 'hi' }, receive: { type: 'Binary', binary: 'aGk=' } } } } },
    pick: (s) => s.healthCheck?.checker,
    want: { type: 'tcp', send: { text: '6869' }, receive: { binary: 'aGk=' } },
  },
  {
    name: 'active GRPC without grpc: empty checker',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'GRPC' } } },
    pick: (s) => s.healthCheck?.checker,
    want: { type: 'grpc' },
  },
  {
    name: 'healthCheckLog matches [Success, FailureSeriesStart]: success only, /dev/stdout',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'TCP', tcp: {}, healthCheckLog: { matches: ['Success', 'FailureSeriesStart'] } } } },
    pick: (s) => [s.healthCheck?.alwaysLogFailures, s.healthCheck?.alwaysLogSuccess, s.healthCheck?.eventLogPath],
    want: [false, true, '/dev/stdout'],
  },
  {
    name: 'no healthCheckLog: no flags, no event logger',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'TCP', tcp: {} } } },
    pick: (s) => [s.healthCheck?.alwaysLogFailures, s.healthCheck?.alwaysLogSuccess, s.healthCheck?.eventLogPath],
    want: [false, false, undefined],
  },
  {
    name: 'passive maxEjectionPercent 0: omitted (Envoy 10%)',
    spec: { healthCheck: { passive: { ...PASSIVE, maxEjectionPercent: 0 } } },
    pick: (s) => s.outlierDetection?.maxEjectionPercent,
    want: undefined,
  },
  {
    name: 'panicThreshold 50: omitted (Envoy default)',
    spec: { healthCheck: { panicThreshold: 50 } },
    pick: (s) => s.healthyPanicThresholdPercent,
    want: undefined,
  },
  { name: 'panicThreshold 0: kept (disables panic mode)', spec: { healthCheck: { panicThreshold: 0 } }, pick: (s) => s.healthyPanicThresholdPercent, want: 0 },
  { name: 'bufferLimit 1Mi: bytes', spec: { connection: { bufferLimit: '1Mi' } }, pick: (s) => s.perConnectionBufferLimitBytes, want: 1_048_576 },
  {
    name: 'bufferLimit over uint32: default stays (invalid policy)',
    spec: { connection: { bufferLimit: '8Gi' } },
    pick: (s) => s.perConnectionBufferLimitBytes,
    want: 32_768,
  },
  {
    name: 'preconnect: percent / 100',
    spec: { connection: { preconnect: { perEndpointPercent: 250 } } },
    pick: (s) => s.preconnect,
    want: { perUpstreamRatio: 2.5 },
  },
  {
    name: 'tcpKeepalive: durations truncated to seconds',
    spec: { tcpKeepalive: { idleTime: '1500ms', interval: '1m' } },
    pick: (s) => s.tcpKeepalive,
    want: { timeSeconds: 1, intervalSeconds: 60 },
  },
  {
    name: 'dns lookupFamily IPv4AndIPv6: ALL',
    spec: { dns: { lookupFamily: 'IPv4AndIPv6' } },
    input: { ...HTTP1, discovery: 'dns' },
    pick: (s) => s.dns?.lookupFamily,
    want: 'ALL',
  },
  { name: 'dns on a static cluster: nothing', spec: { dns: { dnsRefreshRate: '1s' } }, pick: (s) => s.dns, want: undefined },
  { name: 'http2 on an HTTP/1.1 cluster: ignored', spec: { http2: { maxConcurrentStreams: 5 } }, pick: (s) => s.http, want: undefined },
  {
    name: 'http2 onInvalidMessage TerminateConnection: override false',
    spec: { http2: { onInvalidMessage: 'TerminateConnection' } },
    input: H2,
    pick: (s) => s.http?.protocol,
    want: { type: 'http2', http2: { initialStreamWindowSize: 65_536, initialConnectionWindowSize: 1_048_576, overrideStreamErrorOnInvalidHttpMessage: false } },
  },
  {
    name: 'useClientProtocol beats forced HTTP/1.1',
    spec: { useClientProtocol: true },
    input: { ...HTTP1, forceHttp1: true },
    pick: (s) => s.http?.protocol.type,
    want: 'downstream',
  },
  {
    name: 'TCP cluster: no useClientProtocol, http2 or admission control',
    spec: { useClientProtocol: true, http2: { maxConcurrentStreams: 1 }, admissionControl: {} },
    input: TCP,
    pick: (s) => s.http,
    want: undefined,
  },
  {
    name: 'TCP cluster: common HTTP options still written (Envoy Gateway)',
    spec: { timeout: { http: { connectionIdleTimeout: '1s' } } },
    input: TCP,
    pick: (s) => s.http,
    want: { protocol: { type: 'http1' }, common: { idleTimeoutMs: 1000 } },
  },
  {
    name: 'TCP cluster: HTTP health check host empty',
    spec: { healthCheck: { active: { ...ACTIVE, type: 'HTTP', http: { path: '/' } } } },
    input: TCP,
    pick: (s) => (s.healthCheck?.checker as { host: string }).host,
    want: '',
  },
  {
    name: 'admissionControl: gRPC names to codes, HTTP codes to single ranges',
    spec: { admissionControl: { successCriteria: { http: { statusCodes: [200] }, grpc: { statusCodes: ['Ok', 'Unavailable'] } } } },
    pick: (s) => s.http?.admissionControl,
    want: { httpSuccessStatus: [{ start: 200, end: 201 }], grpcSuccessStatus: [0, 14] },
  },
  { name: 'proxyProtocol V1', spec: { proxyProtocol: { version: 'V1' } }, pick: (s) => s.proxyProtocol, want: 'V1' },
];

for (const r of rows) {
  test(r.name, () => {
    const s = lowerClusterSettings(r.spec ? applied(r.spec) : undefined, r.input ?? HTTP1);
    assert.equal(r.pick(s), r.want);
  });
}

const ranges: { name: string; codes: number[]; want: { start: number; end: number }[] }[] = [
  { name: 'statusRanges: consecutive codes merge', codes: [200, 201, 202], want: [{ start: 200, end: 203 }] },
  {
    name: 'statusRanges: unsorted with duplicates',
    codes: [204, 200, 200, 201],
    want: [
      { start: 200, end: 202 },
      { start: 204, end: 205 },
    ],
  },
  { name: 'statusRanges: none', codes: [], want: [] },
];
for (const r of ranges) test(r.name, () => assert.equal(statusRanges(r.codes), r.want));

test.run();
