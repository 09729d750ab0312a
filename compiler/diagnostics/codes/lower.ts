import { error, type Diagnostic } from '../diagnostic';
import { didYouMean } from '../suggest';

// 4-lower and the run as a whole

export const gatewayNotFound = (wanted: string, known: string[]): Diagnostic =>
  error('gateway_not_found', undefined, `--gateway ${wanted} names no Gateway in the inputs${didYouMean(wanted, known)}`);

export const noGateway = (): Diagnostic => error('no_gateway', undefined, 'the inputs hold no Gateway envoyc can build, so there is no Envoy config to write');
