// spec.rateLimit (btp-fields.md §4.9): shared rule schema, local and global.
import { bool, def, enm, int, list, obj, str, type ObjectSchema } from '../../schema/dsl';
import type { CheckCtx } from '../../schema/walk';

const invert = def(bool(), false);

/** Header / query-param matcher: Exact and RegularExpression need a value; Distinct has none and no invert. */
function checkValueMatch(m: any, c: CheckCtx): void {
  if (m.type === 'Distinct') {
    if (m.value !== undefined) c.fail(['value'], 'value must not be set when type is Distinct');
    if (m.invert === true) c.fail(['invert'], 'invert is not supported for Distinct match type');
  } else if (m.value === undefined) c.fail([], `value is required when type is ${m.type}`);
}

const valueMatch = (nameMax: number) =>
  obj(
    {
      name: str({ minLength: 1, maxLength: nameMax }),
      type: def(enm(['Exact', 'RegularExpression', 'Distinct']), 'Exact'),
      value: str({ maxLength: 1024 }),
      invert,
    },
    { required: ['name'], cel: [checkValueMatch] },
  );

const clientSelector = obj(
  {
    headers: list(valueMatch(256), { maxItems: 128 }),
    methods: list(obj({ value: enm(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']), invert }, { required: ['value'] })),
    path: obj({ type: def(enm(['Exact', 'PathPrefix', 'RegularExpression']), 'PathPrefix'), value: def(str({ maxLength: 1024 }), '/'), invert }),
    sourceCIDR: obj({ type: def(enm(['Exact', 'Distinct']), 'Exact'), value: str({ minLength: 1, maxLength: 256 }), invert }, { required: ['value'] }),
    queryParams: list(valueMatch(256), { maxItems: 16 }),
  },
  {
    cel: [
      (s, c) =>
        s.headers === undefined &&
        s.methods === undefined &&
        s.path === undefined &&
        s.sourceCIDR === undefined &&
        s.queryParams === undefined &&
        c.fail([], 'at least one of headers, methods, path, sourceCIDR or queryParams must be specified'),
    ],
  },
);

const metadataKey = obj({ namespace: str(), key: str() }, { required: ['namespace', 'key'] });

const cost = obj(
  { from: enm(['Number', 'Metadata']), number: int(0), metadata: metadataKey },
  {
    required: ['from'],
    cel: [
      (k, c) => {
        if (k.from === 'Number' && (k.number === undefined || k.metadata !== undefined)) c.fail([], 'only number must be set when from is Number');
        if (k.from === 'Metadata' && (k.metadata === undefined || k.number !== undefined)) c.fail([], 'only metadata must be set when from is Metadata');
      },
    ],
  },
);

const rule = obj(
  {
    clientSelectors: list(clientSelector, { maxItems: 8 }),
    limit: obj(
      { requests: int(0, 4294967295), unit: enm(['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year']), fromMetadata: metadataKey },
      { required: ['requests', 'unit'] },
    ),
    cost: obj({ request: cost, response: cost }),
    shared: def(bool(), false),
    shadowMode: def(bool(), false),
    xRateLimitHeaders: enm(['Off', 'DraftVersion03']),
  },
  { required: ['limit'] },
);

function localRules(rules: any[], c: CheckCtx): void {
  rules.forEach((r, i) => {
    if (r.cost?.response !== undefined) c.fail([i, 'cost', 'response'], 'response cost is not supported for Local Rate Limits');
    if (r.limit?.fromMetadata !== undefined) c.fail([i, 'limit', 'fromMetadata'], 'fromMetadata is not supported for Local Rate Limits');
  });
}

export const rateLimit: ObjectSchema = obj(
  {
    type: enm(['Global', 'Local']),
    global: obj({ rules: list(rule, { minItems: 1, maxItems: 256 }) }, { required: ['rules'] }),
    local: obj({ rules: list(rule, { maxItems: 16, cel: [localRules] }) }),
  },
  {
    cel: [
      (r, c) => {
        if (r.type === 'Global' && r.global === undefined) c.fail([], 'global must be set when type is Global');
        if (r.type === 'Local' && r.local === undefined) c.fail([], 'local must be set when type is Local');
        if (r.type === undefined && r.global === undefined && r.local === undefined) c.fail([], 'one of global or local must be set');
      },
    ],
  },
);
