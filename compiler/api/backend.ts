// Envoy Gateway's Backend: the generated types (generated/), under the names the compiler uses.
import type * as G from './generated/backend';

export type Backend = G.Backend;
export type BackendEndpoint = G.BackendSpecEndpoints;
