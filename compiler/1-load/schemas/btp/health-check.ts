// spec.healthCheck: active (btp-fields.md §4.5), passive (§4.6), panicThreshold (§4.7), with the
// seed variants `consecutive5xxErrors` and `http` without `type` (§8).
import { def, enm, int, list, obj, str } from '../../schema/dsl';
import type { CheckCtx } from '../../schema/walk';
import { duration } from '../common';
import { movedTo } from './seed';

const payload = obj(
  {
    type: enm(['Text', 'Binary']),
    text: str(),
    binary: str({ pattern: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, expect: 'base64' }),
  },
  {
    required: ['type'],
    cel: [
      (p, c) => {
        if ((p.type === 'Text') !== (p.text !== undefined)) c.fail([], 'If payload type is Text, text field needs to be set.');
        if ((p.type === 'Binary') !== (p.binary !== undefined)) c.fail([], 'If payload type is Binary, binary field needs to be set.');
      },
    ],
  },
);

const statusCodes = list(int(100, 599));

const http = obj(
  {
    path: str({ minLength: 1, maxLength: 1024 }),
    method: str({ maxLength: 16 }),
    hostname: str({
      minLength: 1,
      maxLength: 253,
      pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      expect: 'a lower-case DNS name',
    }),
    expectedStatuses: statusCodes,
    retriableStatuses: statusCodes,
    expectedResponse: payload,
    requestBody: payload,
  },
  {
    required: ['path'],
    cel: [
      (h, c) =>
        h.requestBody !== undefined &&
        !['POST', 'PUT'].includes(String(h.method ?? '').toUpperCase()) &&
        c.fail(['requestBody'], 'requestBody can only be set when method is POST or PUT'),
    ],
  },
);

const LOG_FAILURE = ['Failure', 'FailureSeriesStart'];
const LOG_SUCCESS = ['Success', 'HealthyTransition'];

const healthCheckLog = obj({
  matches: list(enm([...LOG_FAILURE, ...LOG_SUCCESS]), {
    maxItems: 4,
    set: true,
    cel: [
      (m: string[], c: CheckCtx) =>
        m.some((x) => LOG_FAILURE.includes(x)) !== m.some((x) => LOG_SUCCESS.includes(x)) &&
        m.length > 0 &&
        c.fail([], 'matches must contain both a failure type (Failure, FailureSeriesStart) and a success type (Success, HealthyTransition), or neither'),
    ],
  }),
  sinks: list(obj({ type: enm(['File']), file: obj({ path: str({ minLength: 1 }) }, { required: ['path'] }) }, { required: ['type'] }), { maxItems: 1 }),
});

/** Seed variant: `http:` without `type:` is read as `type: HTTP`. */
function inferHttpType(a: any, c: CheckCtx): void {
  if (a.type !== undefined || a.http === undefined) return;
  a.type = 'HTTP';
  c.note(['http'], `is set but type is missing (type is required); read as ${c.pathOf(['type'])}: HTTP`);
}

export const active = obj(
  {
    type: enm(['HTTP', 'TCP', 'GRPC']),
    timeout: def(duration, '1s'),
    interval: def(duration, '3s'),
    initialJitter: duration,
    unhealthyThreshold: def(int(1, 4294967295), 3),
    healthyThreshold: def(int(1, 4294967295), 1),
    http,
    tcp: obj({ send: payload, receive: payload }),
    grpc: obj({ service: str() }),
    overrides: obj({ port: int(1, 65535) }, { required: ['port'] }),
    healthCheckLog,
  },
  {
    required: ['type'],
    fixup: inferHttpType,
    cel: [
      (a, c) => {
        if ((a.type === 'HTTP') !== (a.http !== undefined))
          c.fail(a.http !== undefined ? ['http'] : [], 'If Health Checker type is HTTP, http field needs to be set.');
        if ((a.type === 'TCP') !== (a.tcp !== undefined))
          c.fail(a.tcp !== undefined ? ['tcp'] : [], 'If Health Checker type is TCP, tcp field needs to be set.');
        if (a.grpc !== undefined && a.type !== 'GRPC') c.fail(['grpc'], 'The grpc field can only be set if the Health Checker type is GRPC.');
      },
    ],
  },
);

const consecutive5XxErrors = def(int(0, 4294967295), 5);

export const passive = obj(
  {
    splitExternalLocalOriginErrors: def({ t: 'bool' }, false),
    interval: def(duration, '3s'),
    consecutiveLocalOriginFailures: def(int(0, 4294967295), 5),
    consecutiveGatewayErrors: int(0, 4294967295),
    consecutive5XxErrors,
    baseEjectionTime: def(duration, '30s'),
    maxEjectionPercent: def(int(0, 100), 10),
    failurePercentageThreshold: int(0, 100),
    alwaysEjectOneEndpoint: def({ t: 'bool' }, false),
  },
  { legacy: { consecutive5xxErrors: movedTo(['consecutive5XxErrors'], consecutive5XxErrors, 'is not the API spelling (capital X: consecutive5XxErrors)') } },
);

export const healthCheck = obj({ active, passive, panicThreshold: int(0, 100) });
