// SecurityPolicy `csrf` as Envoy Gateway builds `ir.CSRF` (`buildCSRF`) and its CsrfPolicy.
import type { SecurityPolicySpecCsrf } from '../api/generated/securitypolicy';
import type { IrCsrf } from '../ir';
import { originMatch } from './cors';
import { fractionToPercent } from './percent';

/** An Origin without its scheme: Envoy's CSRF filter compares host and port only. */
const hostAndPort = (origin: string) => origin.slice(origin.indexOf('://') + (origin.includes('://') ? 3 : 0));

/**
 * All requests enforced; with a shadow fraction, that share only checked and counted (the rest
 * enforced): Envoy checks shadow only where enforcement did not pick the request.
 */
export function securityPolicyCsrf(c: SecurityPolicySpecCsrf): IrCsrf {
  const shadow = c.shadowFraction;
  const denominator = shadow?.denominator ?? 100;
  return {
    enforced: fractionToPercent(shadow ? { numerator: denominator - shadow.numerator, denominator } : { numerator: 100, denominator: 100 }),
    shadow: shadow !== undefined,
    additionalOrigins: (c.additionalOrigins ?? []).map((o) => originMatch(hostAndPort(o))),
  };
}
