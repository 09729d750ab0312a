// spec.retry (btp-fields.md §4.2) with its seed variants (§8), and spec.timeout (§4.3).
import { def, enm, int, list, obj } from '../../schema/dsl';
import { duration } from '../common';
import { movedTo, retryOnList } from './seed';

const triggers = list(
  enm([
    '5xx',
    'gateway-error',
    'reset',
    'reset-before-request',
    'connect-failure',
    'retriable-4xx',
    'refused-stream',
    'retriable-status-codes',
    'cancelled',
    'deadline-exceeded',
    'internal',
    'resource-exhausted',
    'unavailable',
  ]),
);
const httpStatusCodes = list(int(100, 599));

export const retry = obj(
  {
    numRetries: def(int(0), 2),
    numAttemptsPerPriority: int(),
    retryOn: obj({ triggers, httpStatusCodes }),
    perRetry: obj({
      timeout: duration,
      backOff: obj({ baseInterval: duration, maxInterval: duration }),
    }),
  },
  {
    legacy: {
      retryOn: retryOnList(triggers),
      retriableStatusCodes: movedTo(['retryOn', 'httpStatusCodes'], httpStatusCodes),
      perRetryTimeout: movedTo(['perRetry', 'timeout'], duration),
    },
  },
);

export const timeout = obj({
  tcp: obj({ connectTimeout: duration }),
  http: obj({
    connectionIdleTimeout: duration,
    maxConnectionDuration: duration,
    requestTimeout: duration,
    maxStreamDuration: duration,
    streamIdleTimeout: duration,
  }),
});
