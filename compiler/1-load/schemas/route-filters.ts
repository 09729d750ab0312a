// HTTPRoute / GRPCRoute filters and backendRefs (Gateway API v1.2+ CRDs), with their CEL rules.
import { def, enm, int, list, obj, str, type ObjectSchema } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import { backendObjectRef, backendObjectRefFields, fraction, headerName, localObjectRef, port, preciseHostname, servicePortRequired } from './common';

const header = obj({ name: headerName, value: str({ minLength: 1, maxLength: 4096 }) }, { required: ['name', 'value'] });
const headerModifier = obj({
  set: list(header, { maxItems: 16, mapKey: 'name' }),
  add: list(header, { maxItems: 16, mapKey: 'name' }),
  remove: list(str({ minLength: 1, maxLength: 256 }), { maxItems: 16, set: true }),
});

const pathModifier = obj(
  {
    type: enm(['ReplaceFullPath', 'ReplacePrefixMatch']),
    replaceFullPath: str({ maxLength: 1024 }),
    replacePrefixMatch: str({ maxLength: 1024 }),
  },
  {
    required: ['type'],
    cel: [
      (p, c) => {
        if (p.type === 'ReplaceFullPath' && p.replaceFullPath === undefined)
          c.fail([], "replaceFullPath must be specified when type is set to 'ReplaceFullPath'");
        if (p.replaceFullPath !== undefined && p.type !== 'ReplaceFullPath')
          c.fail(['replaceFullPath'], "type must be 'ReplaceFullPath' when replaceFullPath is set");
        if (p.type === 'ReplacePrefixMatch' && p.replacePrefixMatch === undefined)
          c.fail([], "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'");
        if (p.replacePrefixMatch !== undefined && p.type !== 'ReplacePrefixMatch')
          c.fail(['replacePrefixMatch'], "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set");
      },
    ],
  },
);

const requestRedirect = obj({
  scheme: enm(['http', 'https']),
  hostname: preciseHostname,
  path: pathModifier,
  port,
  statusCode: def(int(undefined, undefined, { enum: [301, 302, 303, 307, 308] }), 302),
});

const requestMirror = obj(
  { backendRef: backendObjectRef, percent: int(0, 100), fraction },
  {
    required: ['backendRef'],
    cel: [
      (m, c) =>
        m.percent !== undefined && m.fraction !== undefined && c.fail([], 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter'),
    ],
  },
);

const cors = obj({
  allowOrigins: list(str({ minLength: 1, maxLength: 253 }), { maxItems: 64, set: true }),
  allowCredentials: { t: 'bool' },
  allowMethods: list(str(), { maxItems: 9, set: true }),
  allowHeaders: list(headerName, { maxItems: 64, set: true }),
  exposeHeaders: list(headerName, { maxItems: 64, set: true }),
  maxAge: def(int(1), 5),
});

/** The config block each filter type must carry (and no other). */
const FILTER_BLOCKS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
};

function checkFilterBlocks(f: Record<string, unknown>, c: CheckCtx): void {
  for (const [type, block] of Object.entries(FILTER_BLOCKS)) {
    if (f.type === type && f[block] === undefined) c.fail([], `filter.${block} must be specified for ${type} filter.type`);
    if (f.type !== type && f[block] !== undefined) c.fail([block], `filter.${block} must be nil if the filter.type is not ${type}`);
  }
}

function filterSchema(types: readonly string[]): ObjectSchema {
  const fields: Record<string, ObjectSchema | ReturnType<typeof enm>> = {
    type: enm(types),
    requestHeaderModifier: headerModifier,
    responseHeaderModifier: headerModifier,
    requestMirror,
    extensionRef: localObjectRef,
  };
  if (types.includes('RequestRedirect')) {
    fields.requestRedirect = requestRedirect;
    fields.urlRewrite = obj({ hostname: preciseHostname, path: pathModifier });
    fields.cors = cors;
  }
  return obj(fields, { required: ['type'], cel: [checkFilterBlocks] });
}

function checkFilterList(fs: { type: string }[], c: CheckCtx): void {
  const seen = new Set<string>();
  fs.forEach((f, i) => {
    if (f.type === 'RequestRedirect' || f.type === 'URLRewrite') {
      const other = f.type === 'RequestRedirect' ? 'URLRewrite' : 'RequestRedirect';
      if (seen.has(other)) c.fail([i], 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both');
    }
    if (f.type !== 'RequestMirror' && f.type !== 'ExtensionRef' && seen.has(f.type)) c.fail([i], `${f.type} filter cannot be repeated`);
    seen.add(f.type);
  });
}

const HTTP_FILTER_TYPES = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS'];
const GRPC_FILTER_TYPES = ['ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'];

export const httpFilters = list(filterSchema(HTTP_FILTER_TYPES), { maxItems: 16, cel: [checkFilterList] });
export const grpcFilters = list(filterSchema(GRPC_FILTER_TYPES), { maxItems: 16, cel: [checkFilterList] });

/** `HTTPBackendRef` / `GRPCBackendRef`: weight defaults to 1. */
export function backendRefs(filters: typeof httpFilters) {
  return list(obj({ ...backendObjectRefFields, weight: def(int(0, 1000000), 1), filters }, { required: ['name'], cel: [servicePortRequired] }), {
    maxItems: 16,
  });
}

/** L4 (TCP/TLS) backendRefs: `BackendRef` without filters. */
export const l4BackendRefs = list(obj({ ...backendObjectRefFields, weight: def(int(0, 1000000), 1) }, { required: ['name'], cel: [servicePortRequired] }), {
  minItems: 1,
  maxItems: 16,
});
