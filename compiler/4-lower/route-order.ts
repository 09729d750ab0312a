import type { IrRouteMatch } from '../ir';
import type { SortableMatch } from './matches';

function exactCount(list: IrRouteMatch['headers']): number {
  return list.filter((h) => h.match.type === 'Exact').length;
}

/**
 * Gateway API route precedence, as Envoy Gateway sorts each listener's routes (descending):
 * 1. path match type, Exact > RegularExpression > PathPrefix (skipped when either has no path);
 * 2. longer path, regex or prefix first (prefix "/" counts 0);
 * 3. more header matches, then more Exact header matches (the method counts as an Exact header);
 * 4. more cookie matches (an HTTPRouteFilter's `matches`), then more Exact ones;
 * 5. more query-param matches, then more Exact ones.
 * Ties keep insertion order: routes in provider order, then listener, hostname, rule and match.
 * Returns a negative number when `a` goes first.
 */
export function compareRoutePrecedence(a: SortableMatch, b: SortableMatch): number {
  if (a.pathRank > 0 && b.pathRank > 0 && a.pathRank !== b.pathRank) return b.pathRank - a.pathRank;
  if (a.pathLength !== b.pathLength) return b.pathLength - a.pathLength;
  const ah = a.match.headers;
  const bh = b.match.headers;
  if (ah.length !== bh.length) return bh.length - ah.length;
  if (exactCount(ah) !== exactCount(bh)) return exactCount(bh) - exactCount(ah);
  const ac = a.match.cookies ?? [];
  const bc = b.match.cookies ?? [];
  if (ac.length !== bc.length) return bc.length - ac.length;
  if (exactCount(ac) !== exactCount(bc)) return exactCount(bc) - exactCount(ac);
  const aq = a.match.queryParams;
  const bq = b.match.queryParams;
  if (aq.length !== bq.length) return bq.length - aq.length;
  return exactCount(bq) - exactCount(aq);
}
