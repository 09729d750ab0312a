// Envoy Gateway v1.9's traffic and security tasks (site/content/en/v1.9/tasks/) and examples/kubernetes:
// each is compiled through a golden case written from it (`golden/egdocs-*`, whose bootstraps real
// Envoy validates in test/envoy/validate-outputs.test.ts), or listed here as excluded, with why.
// When a kind lands, move its entries from EXCLUDED to COVERED with a case. test/eg-docs-pages.json
// (written by tools/eg-docs-pages from an Envoy Gateway v1.9.0 checkout) lists every traffic task
// page and example file: each must be accounted for, by its own entry or its directory's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './support/golden';
import REQUIRED from './eg-docs-pages.json';

/** Task page or example file → the golden cases written from it. */
const COVERED: Record<string, string[]> = {
  'tasks/traffic/backend.md': ['egdocs-backend'],
  'tasks/traffic/backend-utilization.md': ['egdocs-backend-utilization'],
  'tasks/traffic/bandwidth-limit.md': ['egdocs-bandwidth-limit'],
  'tasks/traffic/circuit-breaker.md': ['egdocs-circuit-breaker'],
  'tasks/traffic/client-traffic-policy.md': ['egdocs-client-traffic-policy'],
  'tasks/traffic/direct-response.md': ['egdocs-direct-response'],
  'tasks/traffic/connection-limit.md': ['egdocs-connection-limit'],
  'tasks/traffic/failover.md': ['egdocs-failover'],
  'tasks/traffic/global-rate-limit.md': ['egdocs-global-rate-limit'],
  'tasks/traffic/http-routing.md': ['egdocs-http-routing-task'],
  'tasks/traffic/fault-injection.md': ['egdocs-fault-injection'],
  'tasks/traffic/grpc-routing.md': ['egdocs-grpc-routing'],
  'tasks/traffic/grpc-timeouts.md': ['egdocs-grpc-routing'],
  'tasks/traffic/host-header-normalization.md': ['egdocs-host-header-normalization'],
  'tasks/traffic/http-connect-tunnels.md': ['egdocs-http-connect-tunnels'],
  'tasks/traffic/http-redirect.md': ['egdocs-http-redirect'],
  'tasks/traffic/http-request-headers.md': ['egdocs-http-headers'],
  'tasks/traffic/http-request-mirroring.md': ['egdocs-http-request-mirroring'],
  'tasks/traffic/http-response-headers.md': ['egdocs-http-headers'],
  'tasks/traffic/http-timeouts.md': ['egdocs-http-timeouts'],
  'tasks/traffic/http-traffic-splitting.md': ['egdocs-http-traffic-splitting'],
  'tasks/traffic/http-urlrewrite.md': ['egdocs-http-urlrewrite'],
  'tasks/traffic/http3.md': ['egdocs-http3'],
  'tasks/traffic/load-balancing.md': ['egdocs-load-balancing'],
  'tasks/traffic/multicluster-service.md': ['egdocs-multicluster-service'],
  'tasks/traffic/local-rate-limit.md': ['egdocs-local-rate-limit'],
  'tasks/traffic/request-buffering.md': ['egdocs-request-buffering'],
  'tasks/traffic/response-compression.md': ['egdocs-response-compression'],
  'tasks/traffic/response-override.md': ['egdocs-response-override'],
  'tasks/traffic/retry.md': ['egdocs-retry'],
  'tasks/traffic/routing-outside-kubernetes.md': ['egdocs-routing-outside-kubernetes'],
  'tasks/traffic/session-persistence.md': ['egdocs-session-persistence'],
  'tasks/traffic/tcp-routing.md': ['egdocs-tcp-routing'],
  'tasks/traffic/udp-routing.md': ['egdocs-udp-routing'],
  'tasks/traffic/zone-aware-routing.md': ['egdocs-zone-aware-routing'],
  'tasks/security/apikey-auth.md': ['egdocs-apikey-auth'],
  'tasks/security/basic-auth.md': ['egdocs-basic-auth'],
  'tasks/security/cors.md': ['egdocs-cors'],
  'tasks/security/csrf.md': ['egdocs-csrf'],
  'tasks/security/jwt-authentication.md': ['egdocs-jwt'],
  'tasks/security/ext-auth.md': ['egdocs-ext-auth'],
  'tasks/security/oidc.md': ['egdocs-oidc'],
  'tasks/security/jwt-claim-authorization.md': ['egdocs-authorization'],
  'tasks/security/restrict-ip-access.md': ['egdocs-authorization'],
  'tasks/security/http-header-method-auth.md': ['egdocs-authorization'],
  'tasks/security/geoip-authorization.md': ['egdocs-geoip-authorization'],
  'examples/kubernetes/quickstart.yaml': ['input-eg-quickstart'],
  'examples/kubernetes/admission-control.yaml': ['egdocs-admission-control'],
  'examples/kubernetes/multicluster-service.yaml': ['egdocs-multicluster-service'],
  'examples/kubernetes/grpc-routing.yaml': ['egdocs-grpc-routing'],
  'examples/kubernetes/tcp-routing.yaml': ['egdocs-tcp-routing'],
  'examples/kubernetes/tls-termination.yaml': ['egdocs-tls-termination'],
  'examples/kubernetes/backend-utilization.yaml': ['egdocs-backend-utilization'],
  'examples/kubernetes/zone-aware-routing.yaml': ['egdocs-zone-aware-routing'],
  'examples/kubernetes/http-routing.yaml': ['egdocs-http-routing'],
  'examples/kubernetes/tls-passthrough.yaml': ['egdocs-tls-passthrough'],
  'examples/kubernetes/envoy-proxy-config.yaml': ['egdocs-envoy-proxy-config'],
  'examples/kubernetes/merged-gateways.yaml': ['egdocs-merged-gateways'],
  'examples/kubernetes/mergepatch.yaml': ['egdocs-mergepatch'],
  'examples/kubernetes/accesslog/': ['egdocs-accesslog'],
  'examples/kubernetes/metric/disable-prometheus.yaml': ['egdocs-metric'],
  'examples/kubernetes/metric/otel-sink.yaml': ['egdocs-metric'],
  'examples/kubernetes/metric/pod-monitor.yaml': ['egdocs-metric'],
  'examples/kubernetes/metric/stats-compression.yaml': ['egdocs-metric'],
  'examples/kubernetes/tracing/': ['egdocs-tracing'],
  'examples/kubernetes/jwt/': ['egdocs-jwt'],
};

/** Task pages and example files not compiled, and why. */
const EXCLUDED: Record<string, string> = {
  'tasks/traffic/_index.md': 'no configuration',
  'tasks/traffic/gatewayapi-support.md': 'no configuration',
  'tasks/traffic/gateway-address.md': 'a Gateway address patch only (Kubernetes Service addresses; nothing in Envoy)',
  'examples/kubernetes/application.yaml': 'a backend Deployment and Service only, no Gateway API objects',
  'examples/kubernetes/udp-routing-example-backend.yaml': 'a backend Deployment and Service only (the UDPRoute is in egdocs-udp-routing)',
  'examples/kubernetes/ext-auth-grpc-service.yaml': 'an ext-auth server Deployment only (its SecurityPolicy is in egdocs-ext-auth)',
  'examples/kubernetes/ext-auth-http-service.yaml': 'an ext-auth server Deployment only (its SecurityPolicy is in egdocs-ext-auth)',
  'examples/kubernetes/ext-proc-grpc-service.yaml': 'an ext_proc server Deployment only (EnvoyExtensionPolicy ext_proc is in golden eep-ext-proc)',
  'examples/kubernetes/geoip-anonymous-ip-db.yaml': 'a GeoIP database ConfigMap only, no Gateway API objects',
  'examples/kubernetes/gateway-namespace-mode.yaml': "EG's gateway namespace deployment mode: Kubernetes deployment, nothing in Envoy beyond the quickstart's",
};

test('every task page and example is either compiled by a case or excluded with a reason, not both', () => {
  const both = Object.keys(COVERED).filter((k) => k in EXCLUDED);
  assert.equal(both, []);
  for (const [doc, why] of Object.entries(EXCLUDED)) assert.ok(why.length > 0, doc);
});

test('every traffic task page and example file of Envoy Gateway v1.9 is compiled or excluded', () => {
  const keys = [...Object.keys(COVERED), ...Object.keys(EXCLUDED)];
  const accounted = (path: string) => keys.some((k) => k === path || (k.endsWith('/') && path.startsWith(k)));
  assert.equal(
    (REQUIRED as string[]).filter((p) => !accounted(p)),
    [],
  );
});

test('every egdocs case is named by a page it is written from', () => {
  const named = new Set(Object.values(COVERED).flat());
  const cases = readdirSync(join(ROOT, 'golden')).filter((n) => n.startsWith('egdocs-'));
  assert.equal(
    cases.filter((c) => !named.has(c)),
    [],
  );
});

for (const [doc, cases] of Object.entries(COVERED)) {
  test(`${doc} compiles with no error, to a bootstrap`, () => {
    for (const c of cases) {
      const out = join(ROOT, 'golden', c, 'out');
      assert.ok(existsSync(out), `golden/${c} exists`);
      const diagnostics = readFileSync(join(out, 'diagnostics.txt'), 'utf8');
      assert.not.match(diagnostics, / error /, `golden/${c} has no error`);
      const bootstraps = readdirSync(out).filter((f) => f.endsWith('.yaml') && readFileSync(join(out, f), 'utf8').includes('static_resources:'));
      assert.ok(bootstraps.length > 0, `golden/${c} writes a bootstrap`);
    }
  });
}

test.run();
