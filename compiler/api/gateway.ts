// GatewayClass, Gateway and ListenerSet: the generated types (generated/), under the names the compiler uses.
import type * as G from './generated/gateway';

export type { GatewayClass } from './generated/gatewayclass';
export type Gateway = G.Gateway;
export type GatewaySpec = G.GatewaySpec;
export type Listener = G.GatewaySpecListeners;
/** A `SecretObjectReference` (certificateRefs): kind defaults to Secret, group to core. */
export type SecretObjectReference = G.GatewaySpecListenersTlsCertificateRefs;
export type RouteGroupKind = G.GatewaySpecListenersAllowedRoutesKinds;
export type { ListenerSet } from './generated/listenerset';
