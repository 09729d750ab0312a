// CIDRs as Go's net.ParseCIDR reads them (Envoy Gateway parses rate-limit source CIDRs with it):
// an address, `/`, a prefix length no longer than the address; the network is the address masked.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  /** The network address, masked (`10.0.0.0` for `10.1.2.3/8`), as Go prints it. */
  address: string;
  prefixLen: number;
  ipv6: boolean;
  /** `<address>/<prefixLen>`: Go's IPNet.String(). */
  text: string;
}

/** Dotted-quad IPv4 without leading zeros (Go's netip.ParseAddr refuses them). */
const IPV4 = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;

function ipv4Bytes(s: string): number[] | undefined {
  if (!IPV4.test(s) || !isIPv4(s)) return undefined;
  return s.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (embedded IPv4 allowed, no zone). */
function ipv6Bytes(s: string): number[] | undefined {
  if (s.includes('%') || !isIPv6(s)) return undefined;
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4Bytes(v4[1]!);
    if (!b) return undefined;
    text = `${text.slice(0, -v4[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** RFC 5952 text of 16 bytes (Go's IP.String() for IPv6): lower case, the longest run of zero groups (≥ 2) as `::`. */
function ipv6Text(bytes: number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

function mask(bytes: number[], prefixLen: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefixLen - i * 8));
    return b & (0xff << (8 - bits)) & 0xff;
  });
}

/** The CIDR Go's net.ParseCIDR reads from `s`, or undefined where it fails ("invalid CIDR address"). */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const len = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(len)) return undefined;
  const v4 = ipv4Bytes(addr);
  const bytes = v4 ?? ipv6Bytes(addr);
  if (!bytes) return undefined;
  const prefixLen = Number(len);
  if (prefixLen > bytes.length * 8) return undefined;
  const masked = mask(bytes, prefixLen);
  const address = v4 ? masked.join('.') : ipv6Text(masked);
  return { address, prefixLen, ipv6: !v4, text: `${address}/${prefixLen}` };
}
