// GRPCRoute (gateway.networking.k8s.io v1), as in the Gateway API v1.2+ CRDs.
import { def, enm, list, obj, str } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import { dnsSubdomain, headerName, hostname, metadata, parentRefs, resource, sectionName } from './common';
import { checkRules, sessionPersistence } from './httproute';
import { backendRefs, grpcFilters } from './route-filters';

const SERVICE = { source: String.raw`^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$` };
const SERVICE_RE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const METHOD_RE = /^[A-Za-z_][A-Za-z_0-9]*$/;

function checkMethod(m: { type: string; service?: string; method?: string }, c: CheckCtx): void {
  if (m.service === undefined && m.method === undefined) c.fail([], "One or both of 'service' or 'method' must be specified");
  if (m.type !== 'Exact') return;
  if (m.service !== undefined && !SERVICE_RE.test(m.service)) c.fail(['service'], `service must only contain valid characters (matching ${SERVICE.source})`);
  if (m.method !== undefined && !METHOD_RE.test(m.method)) c.fail(['method'], `method must only contain valid characters (matching ${METHOD_RE.source})`);
}

const match = obj({
  method: obj(
    { type: def(enm(['Exact', 'RegularExpression']), 'Exact'), service: str({ maxLength: 1024 }), method: str({ maxLength: 1024 }) },
    { cel: [checkMethod] },
  ),
  headers: list(
    obj(
      { type: def(enm(['Exact', 'RegularExpression']), 'Exact'), name: headerName, value: str({ minLength: 1, maxLength: 4096 }) },
      { required: ['name', 'value'] },
    ),
    { maxItems: 16, mapKey: 'name' },
  ),
});

const rule = obj({
  name: sectionName,
  matches: list(match, { maxItems: 64 }),
  filters: grpcFilters,
  backendRefs: backendRefs(grpcFilters),
  sessionPersistence,
});

export const grpcRouteSchema = resource(
  metadata(dnsSubdomain),
  obj({ parentRefs, hostnames: list(hostname, { maxItems: 16 }), rules: list(rule, { maxItems: 16, cel: [checkRules] }) }),
);
