/**
 * Synthetic inputs for the benchmark: one Gateway, `routes` HTTPRoutes (a hostname, a path
 * match, two backendRefs), the Services they name, and `policies` BackendTrafficPolicies
 * on evenly spread routes with retry, timeout, circuitBreaker and healthCheck. Deterministic.
 * 10,000 routes with 1,000 policies come to about 5 MB of YAML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedInputs {
  dir: string;
  files: string[];
  bytes: number;
}

const NS = 'default';

function gateway(): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: bench
  namespace: ${NS}
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 8080
`;
}

/** Route i sends to services i and i+1 (mod the count), so every Service is used twice. */
function route(i: number, routes: number): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-${i}
  namespace: ${NS}
spec:
  parentRefs:
  - name: bench
  hostnames:
  - app-${i}.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api/v${i % 3}
    backendRefs:
    - name: svc-${i}
      port: 8080
    - name: svc-${(i + 1) % routes}
      port: 8080
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ${NS}
spec:
  ports:
  - name: http
    port: 8080
`;
}

function policy(i: number, target: number): string {
  return `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: policy-${i}
  namespace: ${NS}
spec:
  targetRefs:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    name: route-${target}
  retry:
    numRetries: ${1 + (i % 4)}
    retryOn:
      triggers: [connect-failure, retriable-status-codes]
      httpStatusCodes: [502, 503]
    perRetry:
      timeout: 250ms
      backOff:
        baseInterval: 100ms
        maxInterval: 1s
  timeout:
    tcp:
      connectTimeout: 5s
    http:
      requestTimeout: ${10 + (i % 20)}s
      connectionIdleTimeout: 60s
  circuitBreaker:
    maxConnections: ${512 + i}
    maxPendingRequests: 256
    maxParallelRequests: 1024
    maxParallelRetries: 16
  healthCheck:
    active:
      type: HTTP
      timeout: 1s
      interval: 5s
      unhealthyThreshold: 3
      healthyThreshold: 1
      http:
        path: /healthz
        expectedStatuses: [200]
    passive:
      consecutive5XxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
`;
}

/** Writes gateway.yaml, services.yaml, routes.yaml and policies.yaml into `dir`. */
export function generate(dir: string, routes: number, policies: number): GeneratedInputs {
  mkdirSync(dir, { recursive: true });
  const step = policies > 0 ? Math.max(1, Math.floor(routes / policies)) : 1;
  const contents: Record<string, string> = {
    'gateway.yaml': gateway(),
    'services.yaml': Array.from({ length: routes }, (_, i) => service(i)).join('---\n'),
    'routes.yaml': Array.from({ length: routes }, (_, i) => route(i, routes)).join('---\n'),
  };
  if (policies > 0) contents['policies.yaml'] = Array.from({ length: policies }, (_, i) => policy(i, (i * step) % routes)).join('---\n');
  let bytes = 0;
  const files: string[] = [];
  for (const [name, text] of Object.entries(contents)) {
    writeFileSync(join(dir, name), text);
    files.push(join(dir, name));
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes };
}
