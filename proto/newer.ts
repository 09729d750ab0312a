/**
 * Version skew: the schema is the Envoy 1.31 API, our target is Envoy 1.40. Types and fields listed
 * here exist in newer Envoy releases but not in the 1.31 protos; the validator reports them as
 * "not checked" warnings instead of unknown-type / unknown-field errors. Keep each entry with its reason.
 */

/** `@type` full names added after 1.31 that Envoy 1.40 accepts. */
export const NEWER_TYPES: ReadonlyMap<string, string> = new Map([
  [
    'envoy.extensions.clusters.dns.v3.DnsCluster',
    'the DNS cluster extension (cluster_type envoy.cluster.dns) replaces STRICT_DNS/LOGICAL_DNS in newer Envoy',
  ],
]);

/** Fields added after 1.31, by message full name. */
export const NEWER_FIELDS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map();

/**
 * PGV rules of the 1.31 protos that newer Envoy no longer enforces, by `Message.field` full name.
 * The validator drops these rules. Each was confirmed with Envoy 1.40 `--mode validate`.
 */
export const RELAXED_RULES: ReadonlyMap<string, string> = new Map([
  ['envoy.type.v3.TokenBucket.max_tokens', 'Envoy 1.40 accepts max_tokens: 0 (the 1.31 rule is uint32.gt 0)'],
]);
