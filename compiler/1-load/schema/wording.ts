// How messages name an expected form: the CRDs' recurring patterns and formats, in words. One
// table for every kind (Gateway API and Envoy Gateway reuse the same patterns everywhere).
import type { SchemaNode } from './node';

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

/** Pattern source → the form it accepts, as "… is not <form>" and "must be <form>" read. */
const PATTERNS: Readonly<Record<string, string>> = {
  '^([0-9]{1,5}(h|m|s|ms)){1,4}$': 'a Duration such as 500ms, 5s or 1h30m (units h, m, s, ms; no decimals)',
  '^[1-9]+[0-9]*([EPTGMK]i|[EPTGMk])?$': 'a quantity such as 1024, 32Ki or 1Mi (no decimals, no 0)',
  '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': 'a lower-case hostname, optionally with a leading "*." (no IPs, no port)',
  [DNS_SUBDOMAIN]: 'a lower-case RFC 1123 subdomain (a-z, 0-9, "-", ".")',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\.?$': 'a lower-case DNS name (a-z, 0-9, "-", ".")',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$': 'a lower-case RFC 1123 label (a-z, 0-9, "-")',
  '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$': 'an API group ("" for core, or a DNS subdomain)',
  '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$': 'a kind name such as Service',
  "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$": 'an HTTP header name',
  '^[!-~]+([\\t ]?[!-~]+)*$': 'an HTTP header value (printable ASCII; no leading, trailing or double blanks)',
  '^[^\\r\\n\\x00]*$': 'text without NUL, CR or LF',
  '^[^\\x00\\n\\r]*$': 'text without NUL, CR or LF',
  "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$":
    'a domain-prefixed path such as gateway.envoyproxy.io/gatewayclass-controller',
  '^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9]+$':
    'a protocol such as HTTP, HTTPS, TLS, TCP or UDP',
  '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$': 'a label value (alphanumerics, "-", "_", ".")',
};

const FORMATS: Readonly<Record<string, string>> = {
  byte: 'base64-encoded data',
  'date-time': 'an RFC 3339 timestamp such as 2024-01-02T03:04:05Z',
};

/** The words for what `n` accepts, when its patterns or format have them. */
export function expectedForm(n: SchemaNode): string | undefined {
  for (let i = (n.patterns?.length ?? 0) - 1; i >= 0; i--) {
    const words = PATTERNS[n.patterns![i]!.source];
    if (words) return words;
  }
  return n.format ? FORMATS[n.format] : undefined;
}

/** The words of one pattern, for a message about that pattern alone. */
export function patternWords(source: string): string | undefined {
  return PATTERNS[source];
}
