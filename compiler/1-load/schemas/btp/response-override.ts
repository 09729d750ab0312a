// spec.responseOverride (btp-fields.md §4.16) and spec.telemetry (§4.17).
import { def, enm, int, list, map, obj, str } from '../../schema/dsl';
import { fraction, group, headerName, kind, objectName, port, preciseHostname } from '../common';

const statusCode = obj(
  { type: def(enm(['Value', 'Range']), 'Value'), value: int(), range: obj({ start: int(), end: int() }, { required: ['start', 'end'] }) },
  {
    cel: [
      (s, c) => {
        if (s.type === 'Value' && (s.value === undefined || s.range !== undefined)) c.fail([], 'value must be set for type Value');
        if (s.type === 'Range' && (s.range === undefined || s.value !== undefined)) c.fail([], 'range must be set for type Range');
        if (s.range && s.range.end <= s.range.start) c.fail(['range'], 'end must be greater than start');
      },
    ],
  },
);

const match = obj(
  {
    statusCodes: list(statusCode, { minItems: 1, maxItems: 50 }),
    responseHeaders: list(
      obj(
        {
          name: headerName,
          value: obj(
            { type: def(enm(['Exact', 'Prefix', 'Suffix', 'RegularExpression']), 'Exact'), value: str({ minLength: 1, maxLength: 1024 }) },
            { required: ['value'] },
          ),
        },
        { required: ['name', 'value'] },
      ),
      { minItems: 1, maxItems: 16 },
    ),
  },
  {
    cel: [
      (m, c) =>
        m.statusCodes === undefined && m.responseHeaders === undefined && c.fail([], 'at least one of statusCodes or responseHeaders must be specified'),
    ],
  },
);

const header = obj({ name: headerName, value: str({ maxLength: 4096 }) }, { required: ['name', 'value'] });

const response = obj({
  statusCode: int(),
  contentType: str(),
  body: obj(
    {
      type: def(enm(['Inline', 'ValueRef']), 'Inline'),
      inline: str(),
      valueRef: obj(
        { group, kind, name: objectName },
        { required: ['group', 'kind', 'name'], cel: [(r, c) => r.kind !== 'ConfigMap' && c.fail(['kind'], 'only ConfigMap is supported for ValueRef')] },
      ),
    },
    {
      cel: [
        (b, c) => {
          if (b.type === 'Inline' && b.inline === undefined) c.fail([], 'inline must be set for type Inline');
          if (b.type === 'ValueRef' && b.valueRef === undefined) c.fail([], 'valueRef must be set for type ValueRef');
        },
      ],
    },
  ),
  header: obj(
    { set: list(header, { maxItems: 16, mapKey: 'name' }), add: list(header, { maxItems: 16, mapKey: 'name' }), remove: list(str()) },
    { cel: [(h, c) => h.remove !== undefined && c.fail(['remove'], 'remove is not supported for response override headers')] },
  ),
});

const redirect = obj({
  scheme: enm(['http', 'https']),
  hostname: preciseHostname,
  path: obj(
    { type: enm(['ReplaceFullPath', 'ReplacePrefixMatch']), replaceFullPath: str({ maxLength: 1024 }), replacePrefixMatch: str({ maxLength: 1024 }) },
    {
      required: ['type'],
      cel: [
        (p, c) => {
          if (p.type !== 'ReplaceFullPath') c.fail(['type'], 'only ReplaceFullPath is supported for path.type');
          else if (p.replaceFullPath === undefined) c.fail([], "replaceFullPath must be specified when type is set to 'ReplaceFullPath'");
          if (p.replacePrefixMatch !== undefined) c.fail(['replacePrefixMatch'], "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set");
        },
      ],
    },
  ),
  port,
  statusCode: def(int(undefined, undefined, { enum: [301, 302] }), 302),
});

export const responseOverride = list(
  obj(
    { match, response, redirect, source: enm(['All', 'Local', 'Backend']) },
    {
      required: ['match'],
      cel: [(o, c) => (o.response === undefined) === (o.redirect === undefined) && c.fail([], 'exactly one of response or redirect must be specified')],
    },
  ),
);

const customTag = obj(
  {
    type: def(enm(['Literal', 'Environment', 'RequestHeader']), 'Literal'),
    literal: obj({ value: str() }, { required: ['value'] }),
    environment: obj({ name: str(), defaultValue: str() }, { required: ['name'] }),
    requestHeader: obj({ name: str(), defaultValue: str() }, { required: ['name'] }),
  },
  {
    cel: [
      (t, c) => {
        const block = t.type === 'Literal' ? 'literal' : t.type === 'Environment' ? 'environment' : 'requestHeader';
        if (t[block] === undefined) c.fail([], `${block} must be set for type ${t.type}`);
      },
    ],
  },
);

export const telemetry = obj({
  tracing: obj({
    samplingFraction: fraction,
    clientSamplingFraction: fraction,
    overallSamplingFraction: fraction,
    customTags: map(customTag),
    tags: map(str()),
    spanName: obj({ client: str(), server: str() }, { required: ['client', 'server'] }),
  }),
  metrics: obj({ routeStatName: str() }),
});
