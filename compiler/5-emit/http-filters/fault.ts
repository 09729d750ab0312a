import type { IrFault } from '../../ir';
import { duration, typed } from '../common';
import type { Any } from '../envoy';

const TYPE = 'envoy.extensions.filters.http.fault.v3.HTTPFault';

/** The HCM's fault filter: empty, each route brings its faults. */
export function buildFaultFilter(): Any {
  return typed(TYPE);
}

/** A route's `HTTPFault` (§4.11). */
export function buildFaultPerRoute(f: IrFault): Any {
  return typed(TYPE, {
    ...(f.delay ? { delay: { fixed_delay: duration(f.delay.fixedDelayMs), percentage: f.delay.percentage } } : {}),
    ...(f.abort
      ? {
          abort: {
            ...(f.abort.httpStatus !== undefined ? { http_status: f.abort.httpStatus } : {}),
            ...(f.abort.grpcStatus !== undefined ? { grpc_status: f.abort.grpcStatus } : {}),
            percentage: f.abort.percentage,
          },
        }
      : {}),
  });
}
