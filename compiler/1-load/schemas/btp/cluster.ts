// Cluster-scoped BTP settings: circuitBreaker (btp-fields.md §4.4, seed `maxRequests` §8),
// connection, tcpKeepalive, proxyProtocol, dns and http2 (§4.8).
import { def, enm, int, obj, str } from '../../schema/dsl';
import { duration, fraction, quantity } from '../common';
import { durationMs } from '../httproute';
import { movedTo } from './seed';

const uint32 = int(0, 4294967295);
const threshold = def(uint32, 1024);

export const circuitBreaker = obj(
  {
    maxConnections: threshold,
    maxPendingRequests: threshold,
    maxParallelRequests: threshold,
    maxParallelRetries: threshold,
    maxRequestsPerConnection: uint32,
    perEndpoint: obj({ maxConnections: threshold }),
    retryBudget: obj({ percent: fraction, minRetryConcurrency: uint32 }, { required: ['percent'] }),
  },
  { legacy: { maxRequests: movedTo(['maxParallelRequests'], threshold) } },
);

export const connection = obj({
  bufferLimit: quantity,
  socketBufferLimit: quantity,
  preconnect: obj({ perEndpointPercent: int(100, 300), predictivePercent: int(100) }),
});

export const tcpKeepalive = obj({ probes: uint32, idleTime: duration, interval: duration });

export const proxyProtocol = obj({ version: enm(['V1', 'V2']) }, { required: ['version'] });

export const dns = obj({
  dnsRefreshRate: duration,
  respectDnsTtl: { t: 'bool' },
  lookupFamily: enm(['IPv4', 'IPv6', 'IPv4Preferred', 'IPv6Preferred', 'IPv4AndIPv6']),
});

export const http2 = obj({
  initialStreamWindowSize: quantity,
  initialConnectionWindowSize: quantity,
  maxConcurrentStreams: int(1, 2147483647),
  onInvalidMessage: str(),
  connectionKeepalive: obj(
    { interval: duration, timeout: duration, intervalJitter: int(0, 100), idleInterval: duration },
    {
      cel: [
        (k, c) =>
          k.interval !== undefined &&
          k.timeout !== undefined &&
          durationMs(k.timeout) >= durationMs(k.interval) &&
          c.fail(['timeout'], 'timeout must be less than interval'),
      ],
    },
  ),
});
