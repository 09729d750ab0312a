const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * Milliseconds of a Gateway API Duration (`1h30m`, `500ms`, `0s`). The loader has checked the
 * pattern; anything else is a compiler bug.
 */
export function parseDuration(text: string): number {
  let total = 0;
  const re = /([0-9]+)(ms|h|m|s)/g;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== text.length || text.length === 0) throw new Error(`invariant: unparsed duration ${JSON.stringify(text)}`);
  return total;
}
