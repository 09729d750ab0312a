// `envoy.filters.http.stateful_session` for HTTPRoute `sessionPersistence` (Envoy Gateway's session_persistence.go).
import type { IrSessionPersistence } from '../../ir';
import { duration, typed } from '../common';
import type { Any, Message } from '../envoy';

/** `StatefulSession`: a cookie-based or header-based session state. */
function buildStatefulSession(s: IrSessionPersistence): Message {
  const state =
    s.type === 'cookie'
      ? {
          name: 'envoy.http.stateful_session.cookie',
          typed_config: typed('envoy.extensions.http.stateful_session.cookie.v3.CookieBasedSessionState', {
            cookie: { name: s.name, path: s.path, ...(s.ttlMs !== undefined ? { ttl: duration(s.ttlMs) } : {}) },
          }),
        }
      : {
          name: 'envoy.http.stateful_session.header',
          typed_config: typed('envoy.extensions.http.stateful_session.header.v3.HeaderBasedSessionState', { name: s.name }),
        };
  return { session_state: state };
}

/** The HCM filter, configured as the first route that uses it (every route overrides it). */
export function buildSessionPersistenceFilter(s: IrSessionPersistence): Any {
  return typed('envoy.extensions.filters.http.stateful_session.v3.StatefulSession', buildStatefulSession(s));
}

/** `StatefulSessionPerRoute`: the route's own session. */
export function buildSessionPersistencePerRoute(s: IrSessionPersistence): Any {
  return typed('envoy.extensions.filters.http.stateful_session.v3.StatefulSessionPerRoute', { stateful_session: buildStatefulSession(s) });
}
