// HTTP-only BTP settings: bandwidthLimit, faultInjection, admissionControl, compression/compressor,
// httpUpgrade, requestBuffer (btp-fields.md §4.10-4.15).
import { enm, int, list, num, obj, str } from '../../schema/dsl';
import { duration, quantity } from '../common';
import { durationMs } from '../httproute';

const direction = obj({ limit: obj({ value: quantity, unit: enm(['Second', 'Minute', 'Hour']) }, { required: ['value', 'unit'] }) }, { required: ['limit'] });

export const bandwidthLimit = obj(
  {
    request: direction,
    response: obj(
      { ...direction.fields, responseTrailers: obj({ prefix: str({ pattern: /^[^\x00\r\n]*$/, expect: 'a prefix without NUL, CR or LF' }) }) },
      { required: ['limit'] },
    ),
  },
  { cel: [(b, c) => b.request === undefined && b.response === undefined && c.fail([], 'at least one of request or response must be specified')] },
);

const percentage = num(0, 100);

export const faultInjection = obj(
  {
    delay: obj({ fixedDelay: duration, percentage }, { required: ['fixedDelay'] }),
    abort: obj(
      { httpStatus: int(200, 600), grpcStatus: int(0, 16), percentage },
      {
        cel: [
          (a, c) => (a.httpStatus === undefined) === (a.grpcStatus === undefined) && c.fail([], 'httpStatus and grpcStatus cannot be simultaneously defined.'),
        ],
      },
    ),
  },
  { cel: [(f, c) => f.delay === undefined && f.abort === undefined && c.fail([], 'Delay and abort faults are set at least one.')] },
);

const GRPC_CODES = [
  'Ok',
  'Cancelled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

export const admissionControl = obj({
  samplingWindow: { ...duration, cel: [(w: string, c) => durationMs(w) < 1000 && c.fail([], 'samplingWindow must be at least 1s')] },
  minSuccessRate: int(1, 100),
  rejectionAggression: int(1),
  minRequestRate: int(0),
  maxRejectionPercent: int(0, 100),
  successCriteria: obj({ http: obj({ statusCodes: list(int(100, 599)) }), grpc: obj({ statusCodes: list(enm(GRPC_CODES)) }) }),
});

export const compression = list(
  obj({ type: enm(['Gzip', 'Brotli', 'Zstd']), gzip: obj({}), brotli: obj({}), zstd: obj({}), minContentLength: quantity }, { required: ['type'] }),
);

export const httpUpgrade = list(
  obj(
    { type: str(), connect: obj({ terminate: { t: 'bool' } }) },
    {
      required: ['type'],
      cel: [
        (u, c) => u.connect !== undefined && u.type !== 'CONNECT' && c.fail(['connect'], 'The connect configuration is only allowed when the type is CONNECT.'),
      ],
    },
  ),
);

export const requestBuffer = obj({ limit: quantity }, { required: ['limit'] });
