import { error, type Diagnostic } from '../diagnostic';
import { didYouMean } from '../suggest';
import type { Span } from '../../source';

// 4-lower and the run as a whole

export const gatewayNotFound = (wanted: string, known: string[]): Diagnostic =>
  error('gateway_not_found', undefined, `--gateway ${wanted} names no Gateway in the inputs${didYouMean(wanted, known)}`);

export const noGateway = (): Diagnostic => error('no_gateway', undefined, 'the inputs hold no Gateway envoyc can build, so there is no Envoy config to write');

export const systemCaBundleMissing = (at: Span | undefined, who: string, why: string, path: string): Diagnostic =>
  error(
    'system_ca_bundle_missing',
    at,
    `${who} trusts the system's CAs (${why}), and ${path}, where Envoy would read them, does not exist here: pass --system-ca-bundle with the path of the CA bundle on Envoy's host`,
  );
