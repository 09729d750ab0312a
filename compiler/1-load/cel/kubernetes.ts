// The Kubernetes CEL library functions that the CRDs' rules call, and the RE2 engine for `matches`
// (Kubernetes runs Go's RE2; re2js is the same engine the `re2` work uses for Envoy's regexes).
import { celFunc, celMethod, CelScalar, type CelFunc } from '@bufbuild/cel';
import { isIP } from 'node:net';
import { RE2JS } from 're2js';

/**
 * `isIP(string)`: an IPv4 or IPv6 address as Kubernetes' IP library accepts it: no zone, no
 * IPv4-mapped IPv6 form, no leading zeros in IPv4 octets.
 */
export function isKubernetesIP(s: string): boolean {
  if (!isIP(s) || s.includes('%')) return false;
  if (/^::ffff:\d/i.test(s)) return false;
  return !/(^|[.:])0\d/.test(s.includes(':') ? '' : s);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes' `format.dns1123Label().validate(s)`: the problems of `s`, none when valid. */
function dns1123LabelProblems(s: string): string[] {
  const out: string[] = [];
  if (s.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(s))
    out.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  return out;
}

/** The value `format.dns1123Label()` returns: a format that `validate` knows. */
const DNS1123_LABEL_FORMAT = 'format:dns1123Label';

export const KUBERNETES_FUNCS: CelFunc[] = [
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => isKubernetesIP(s)),
  celFunc('format.dns1123Label', [], CelScalar.STRING, () => DNS1123_LABEL_FORMAT),
  // Kubernetes returns an optional (none when valid); this CEL engine has no optionals, so a valid value
  // gives null, which is what the one rule using it (`… .validate(self) == null`) means by valid.
  celMethod('validate', CelScalar.STRING, [CelScalar.STRING], CelScalar.DYN, function (s) {
    if (this !== DNS1123_LABEL_FORMAT) throw new Error(`unknown format ${this}`);
    const problems = dns1123LabelProblems(s);
    return problems.length ? problems : null;
  }),
];

const compiled = new Map<string, { test(s: string): boolean }>();

/** RE2 for `matches`, one compiled program per pattern (rules reuse a handful of patterns). */
export const RE2_ENGINE = {
  compile(pattern: string) {
    let m = compiled.get(pattern);
    if (!m) {
      const re = RE2JS.compile(pattern);
      m = { test: (s: string) => re.test(s) };
      compiled.set(pattern, m);
    }
    return m;
  },
};
