// EnvoyPatchPolicy patches as the patch step after emit applies them (Envoy Gateway's
// `ir.EnvoyPatchPolicy` and `ir.JSONPatchConfig`).
import type { ResourceKey } from '../1-load/types';
import type { Span } from '../source';

/** The xDS resource types a patch can name. */
export type XdsTypeUrl =
  | 'type.googleapis.com/envoy.config.listener.v3.Listener'
  | 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration'
  | 'type.googleapis.com/envoy.config.cluster.v3.Cluster'
  | 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'
  | 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';

/** One `spec.jsonPatches[i]`. */
export interface IrJsonPatch {
  type: XdsTypeUrl;
  /** The resource's name (a ClusterLoadAssignment's `cluster_name`). */
  name: string;
  operation: { op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'; path?: string; jsonPath?: string; from?: string; value?: unknown };
  /** `spec.jsonPatches[i]` and its fields, for diagnostics. */
  at: { patch: Span; name: Span; op: Span; path: Span; jsonPath: Span; from: Span; value: Span };
}

/** One accepted EnvoyPatchPolicy on this Envoy, in Envoy Gateway's order (priority, then age, then namespace and name). */
export interface IrPatchPolicy {
  key: ResourceKey;
  patches: IrJsonPatch[];
}

/**
 * An EnvoyProxy's `bootstrap` customization, applied to the finished bootstrap before EnvoyPatchPolicies:
 * `Merge` (protobuf's merge of `value`) or `JSONPatch` (its operations, in order).
 */
export type IrBootstrapOverride = { proxy: ResourceKey; at: Span } & (
  | { type: 'Merge'; value: Record<string, unknown> }
  | { type: 'Replace'; value: Record<string, unknown> }
  | { type: 'JSONPatch'; patches: { operation: IrJsonPatch['operation']; at: Span }[] }
);
