import type { ResourceKey } from '../1-load/types';
import type { Span } from '../source';

/** Where an IR node came from: the resource (and the span of the part) that produced it. */
export interface Origin {
  key: ResourceKey;
  span?: Span;
}

/** `metadata.filter_metadata["envoy-gateway"].resources[]`, as Envoy Gateway writes it. */
export interface IrResourceRef {
  kind: string;
  namespace: string;
  name: string;
  /** Listener name (Gateway) or rule name (routes), when there is one. */
  sectionName?: string;
}
