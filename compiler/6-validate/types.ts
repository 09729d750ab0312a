import type { JsonPath } from '../../proto';
import type { Span } from '../source';

/** One problem found in an Envoy config by the schema walk or the semantic checks. */
export interface Finding {
  /** Diagnostic code (`envoy_unknown_field`, …). */
  code: string;
  severity: 'error' | 'warning';
  /** JSON path of the offending value (or, with `key`, of its map key). */
  path: JsonPath;
  key?: boolean;
  message: string;
  /** Set when the finding already knows its place (otherwise found from `path`). */
  span?: Span;
}

/** `envoy` accepts what Envoy's parser accepts (as warnings); `strict` wants canonical proto3 JSON. */
export type ValidateMode = 'envoy' | 'strict';
