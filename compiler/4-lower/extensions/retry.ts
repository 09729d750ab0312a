// backendSettings.retry of an ext_proc server: Envoy Gateway's retry policy for calls that are not
// routes (`buildNonRouteRetryPolicy`): retry_on (the default set unless triggers are given), the
// number of retries only when set, the back-off when set. Triggers keep their order (`buildRetryOn`).
import type { EnvoyExtensionPolicySpecExtProcBackendSettingsRetry } from '../../api/generated/envoyextensionpolicy';
import type { IrExtProc } from '../../ir';
import { RETRY_ON_DEFAULT } from '../defaults';
import { parseDuration } from '../../units/duration';

export function lowerExtProcRetry(r: EnvoyExtensionPolicySpecExtProcBackendSettingsRetry): NonNullable<IrExtProc['retry']> {
  const triggers = r.retryOn?.triggers;
  const backOff = r.perRetry?.backOff;
  return {
    retryOn: triggers?.length ? triggers.join(',') : RETRY_ON_DEFAULT,
    ...(r.numRetries !== undefined ? { numRetries: r.numRetries } : {}),
    ...(backOff
      ? {
          backOff: {
            baseMs: backOff.baseInterval ? parseDuration(backOff.baseInterval) : 0,
            maxMs: backOff.maxInterval ? parseDuration(backOff.maxInterval) : 0,
          },
        }
      : {}),
  };
}
