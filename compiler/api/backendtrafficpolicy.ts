// Envoy Gateway v1.9 BackendTrafficPolicy: the generated types (generated/), under the names the
// compiler uses, plus envoyc's one extension field (`loadBalancer.leastRequest`, from seed documents).
// Fields with a CRD default are always present once loaded. Reference: spec/btp-fields.md.
import type { FromSchema } from './from-schema';
import type * as G from './generated/backendtrafficpolicy';
import type { leastRequestSchema } from '../1-load/seed';

/** Gateway API `Duration` string, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, e.g. `500ms`, `1h30m`. */
export type Duration = string;
/** Kubernetes `resource.Quantity`: bytes as an integer or a string such as `32Ki`, `1Mi`. */
export type Quantity = number | string;
/** Gateway API `Fraction`: numerator ≤ denominator; denominator default 100. */
export type Fraction = G.BackendTrafficPolicySpecCircuitBreakerRetryBudgetPercent;

export type PolicyTargetReference = G.BackendTrafficPolicySpecTargetRef;
export type TargetSelector = G.BackendTrafficPolicySpecTargetSelectors;

/** With envoyc's `leastRequest` (LeastRequest's choice_count; not part of the Envoy Gateway API). */
export type LoadBalancer = G.BackendTrafficPolicySpecLoadBalancer & { leastRequest?: FromSchema<typeof leastRequestSchema> };
export type ConsistentHash = G.BackendTrafficPolicySpecLoadBalancerConsistentHash;
export type Retry = G.BackendTrafficPolicySpecRetry;
export type Timeout = G.BackendTrafficPolicySpecTimeout;
export type CircuitBreaker = G.BackendTrafficPolicySpecCircuitBreaker;
export type HealthCheck = G.BackendTrafficPolicySpecHealthCheck;
export type ActiveHealthCheck = G.BackendTrafficPolicySpecHealthCheckActive;
export type PassiveHealthCheck = G.BackendTrafficPolicySpecHealthCheckPassive;
/** `{type: Text|Binary, text?, binary?}` → Envoy `HealthCheck.Payload`. */
export type HealthCheckPayload = G.BackendTrafficPolicySpecHealthCheckActiveTcpSend;
export type Connection = G.BackendTrafficPolicySpecConnection;
export type TcpKeepalive = G.BackendTrafficPolicySpecTcpKeepalive;
export type DnsSettings = G.BackendTrafficPolicySpecDns;
export type Http2Settings = G.BackendTrafficPolicySpecHttp2;
export type RateLimit = G.BackendTrafficPolicySpecRateLimit;
/** A global or local rate limit rule (both have this shape). */
export type RateLimitRule = G.BackendTrafficPolicySpecRateLimitLocalRules;
export type RateLimitCost = G.BackendTrafficPolicySpecRateLimitLocalRulesCostRequest;
export type BandwidthLimit = G.BackendTrafficPolicySpecBandwidthLimit;
export type FaultInjection = G.BackendTrafficPolicySpecFaultInjection;
export type AdmissionControl = G.BackendTrafficPolicySpecAdmissionControl;
export type Compression = G.BackendTrafficPolicySpecCompressor;
export type HttpUpgrade = G.BackendTrafficPolicySpecHttpUpgrade;
export type ResponseOverride = G.BackendTrafficPolicySpecResponseOverride;
export type Telemetry = G.BackendTrafficPolicySpecTelemetry;

export type BackendTrafficPolicySpec = Omit<G.BackendTrafficPolicySpec, 'loadBalancer'> & { loadBalancer?: LoadBalancer };
export type BackendTrafficPolicy = Omit<G.BackendTrafficPolicy, 'spec'> & { spec: BackendTrafficPolicySpec };
