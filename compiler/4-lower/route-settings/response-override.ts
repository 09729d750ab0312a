import type { ResponseOverride } from '../../api/backendtrafficpolicy';
import type { ConfigMap } from '../../api/core';
import { escapeLonePercents } from '../../units/formatter';
import type { IrHeaderValue, IrResponseOverrideAction, IrResponseOverrideMatch, IrResponseOverrideRule } from '../../ir';

/**
 * A ConfigMap body as Envoy Gateway reads it: key `response.body`, else the first key (sorted,
 * for determinism), else the first binaryData entry. 3-merge rejected a missing or empty ConfigMap.
 */
function configMapBody(cm: ConfigMap | undefined): string | undefined {
  const data = cm?.data ?? {};
  if (data['response.body'] !== undefined) return data['response.body'];
  const first = Object.keys(data).sort()[0];
  if (first !== undefined) return data[first];
  const bin = Object.keys(cm?.binaryData ?? {}).sort()[0];
  return bin !== undefined ? Buffer.from(cm!.binaryData![bin]!, 'base64').toString('utf8') : undefined;
}

function lowerMatch(o: ResponseOverride): IrResponseOverrideMatch {
  return {
    statusCodes: (o.match.statusCodes ?? []).map((c) => (c.type === 'Range' && c.range ? { start: c.range.start, end: c.range.end } : { value: c.value ?? 0 })),
    headers: (o.match.responseHeaders ?? []).map((h) => ({
      name: h.name,
      match: h.value.type === 'Prefix' ? { type: 'Prefix', value: h.value.value } : { type: h.value.type, value: h.value.value },
    })),
    ...(o.source === 'Local' ? { localReply: true } : o.source === 'Backend' ? { localReply: false } : {}),
  };
}

function lowerAction(o: ResponseOverride, configMap: (name: string) => ConfigMap | undefined): IrResponseOverrideAction {
  if (o.redirect) {
    const r = o.redirect;
    return {
      type: 'redirect',
      ...(r.scheme !== undefined ? { scheme: r.scheme } : {}),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
      ...(r.path?.replaceFullPath !== undefined ? { path: r.path.replaceFullPath } : {}),
      ...(r.port !== undefined ? { port: r.port } : {}),
      statusCode: r.statusCode ?? 302,
    };
  }
  const resp = o.response ?? {};
  // Header values and the body are format strings in Envoy: a lone `%` is written as `%%`.
  const headers: IrHeaderValue[] = [];
  if (resp.contentType !== undefined) headers.push({ name: 'Content-Type', value: escapeLonePercents(resp.contentType), mode: 'overwrite' });
  for (const h of resp.header?.add ?? []) headers.push({ name: h.name, value: escapeLonePercents(h.value), mode: 'append' });
  for (const h of resp.header?.set ?? []) headers.push({ name: h.name, value: escapeLonePercents(h.value), mode: 'overwrite' });
  const body = resp.body?.type === 'ValueRef' ? configMapBody(configMap(resp.body.valueRef?.name ?? '')) : resp.body?.inline;
  return {
    type: 'local',
    ...(resp.statusCode !== undefined ? { statusCode: resp.statusCode } : {}),
    ...(body !== undefined ? { body: escapeLonePercents(body) } : {}),
    headers,
  };
}

/** `responseOverride[]` → the custom_response filter's rules (§4.16), first match wins. */
export function lowerResponseOverrides(
  overrides: ResponseOverride[],
  policy: { namespace: string; name: string },
  configMap: (name: string) => ConfigMap | undefined,
): IrResponseOverrideRule[] {
  return overrides.map((o, i) => ({
    name: `backendtrafficpolicy/${policy.namespace}/${policy.name}/responseoverride/rule/${i}`,
    match: lowerMatch(o),
    action: lowerAction(o, configMap),
  }));
}
