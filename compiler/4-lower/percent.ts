import type { Fraction } from '../api/backendtrafficpolicy';
import type { IrFractionalPercent } from '../ir';

/** A Gateway API Fraction as Envoy Gateway converts it to a `FractionalPercent` (§0). */
export function fractionToPercent(f: Fraction): IrFractionalPercent {
  const n = f.numerator;
  switch (f.denominator ?? 100) {
    case 100:
      return { numerator: n, denominator: 'HUNDRED' };
    case 10_000:
      return { numerator: n, denominator: 'TEN_THOUSAND' };
    case 1_000_000:
      return { numerator: n, denominator: 'MILLION' };
    case 1000:
      return { numerator: n * 10, denominator: 'TEN_THOUSAND' };
    case 100_000:
      return { numerator: n * 10, denominator: 'MILLION' };
    default:
      return { numerator: Math.floor((n * 1_000_000) / f.denominator), denominator: 'MILLION' };
  }
}

/**
 * A float32 percentage as Envoy Gateway converts it: `uint32(p * 10000)` per MILLION, computed in
 * float32 as Go does (so 0.1% is 1000, not 999).
 */
export function percentageToFraction(p: number): IrFractionalPercent {
  return { numerator: Math.trunc(Math.fround(Math.fround(p) * 10_000)), denominator: 'MILLION' };
}
