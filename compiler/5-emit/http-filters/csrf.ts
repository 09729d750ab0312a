import type { IrCsrf } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

/** `envoy.extensions.filters.http.csrf.v3.CsrfPolicy` on the listener: enforcing nothing (0%); each route's policy decides. */
export function buildCsrfFilter(): Any {
  return typed('envoy.extensions.filters.http.csrf.v3.CsrfPolicy', { filter_enabled: { default_value: { numerator: 0, denominator: 'HUNDRED' } } });
}

/** Per route: `envoy.extensions.filters.http.csrf.v3.CsrfPolicy`. */
export function buildCsrfPolicy(c: IrCsrf): Any {
  return typed('envoy.extensions.filters.http.csrf.v3.CsrfPolicy', {
    filter_enabled: { default_value: c.enforced },
    ...(c.shadow ? { shadow_enabled: { default_value: { numerator: 100, denominator: 'HUNDRED' } } } : {}),
    ...(c.additionalOrigins.length
      ? { additional_origins: c.additionalOrigins.map((o) => ('exact' in o ? { exact: o.exact } : { safe_regex: { regex: o.regex } })) }
      : {}),
  });
}
