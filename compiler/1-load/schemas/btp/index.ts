// BackendTrafficPolicy (gateway.envoyproxy.io/v1alpha1): the spec, assembled from one file per field group.
import { bool, enm, obj } from '../../schema/dsl';
import { dnsSubdomain, metadata, resource } from '../common';
import { circuitBreaker, connection, dns, http2, proxyProtocol, tcpKeepalive } from './cluster';
import { healthCheck } from './health-check';
import { admissionControl, bandwidthLimit, compression, faultInjection, httpUpgrade, requestBuffer } from './http-filters';
import { loadBalancer } from './load-balancer';
import { rateLimit } from './rate-limit';
import { responseOverride, telemetry } from './response-override';
import { retry, timeout } from './retry-timeout';
import { checkSpec, targetingFields } from './targeting';

export const btpSpec = obj(
  {
    ...targetingFields,
    loadBalancer,
    retry,
    timeout,
    circuitBreaker,
    healthCheck,
    connection,
    tcpKeepalive,
    proxyProtocol,
    dns,
    http2,
    useClientProtocol: bool(),
    routingType: enm(['Service', 'Endpoint']),
    rateLimit,
    bandwidthLimit,
    faultInjection,
    admissionControl,
    compression,
    compressor: compression,
    httpUpgrade,
    requestBuffer,
    responseOverride,
    telemetry,
  },
  { cel: [checkSpec] },
);

export const backendTrafficPolicySchema = resource(metadata(dnsSubdomain), btpSpec);
