import { typed } from '../common';
import type { Any } from '../envoy';

/** `envoy.extensions.filters.http.buffer.v3.Buffer` (the HCM's, disabled until a route enables it). */
export function buildBufferFilter(maxRequestBytes: number): Any {
  return typed('envoy.extensions.filters.http.buffer.v3.Buffer', { max_request_bytes: maxRequestBytes });
}

/** A route's `BufferPerRoute` (§4.15). */
export function buildBufferPerRoute(maxRequestBytes: number): Any {
  return typed('envoy.extensions.filters.http.buffer.v3.BufferPerRoute', { buffer: { max_request_bytes: maxRequestBytes } });
}
