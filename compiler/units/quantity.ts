const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * Bytes of a Kubernetes Quantity as BackendTrafficPolicy allows it (`32Ki`, `1M`, `65536`), or
 * undefined for a form it does not allow. Decimal suffixes are powers of 1000, `i` ones of 1024.
 */
export function parseQuantity(q: number | string): number | undefined {
  if (typeof q === 'number') return Number.isInteger(q) && q >= 0 ? q : undefined;
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(q);
  return m ? Number(m[1]) * SUFFIX[m[2] ?? '']! : undefined;
}

/** Largest value of a proto uint32 field. */
export const UINT32_MAX = 4_294_967_295;

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/**
 * A quantity as Kubernetes prints it (`resource.Quantity.String()`, its canonical form), as Envoy
 * Gateway quotes it in status messages: the largest suffix of the written form's kind (binary for
 * `Ki`…, decimal otherwise) that keeps the number whole; binary values under 1024 print plain.
 * Undefined for a form `parseQuantity` does not read.
 */
export function canonicalQuantity(q: number | string): string | undefined {
  const bytes = parseQuantity(q);
  if (bytes === undefined) return undefined;
  const binary = typeof q === 'string' && /i$/.test(q) && bytes >= 1024;
  const base = binary ? 1024 : 1000;
  const suffixes = binary ? BINARY_SUFFIXES : DECIMAL_SUFFIXES;
  let n = bytes;
  let e = 0;
  while (e < suffixes.length - 1 && n !== 0 && n % base === 0) {
    n /= base;
    e++;
  }
  return `${n}${suffixes[e]}`;
}
