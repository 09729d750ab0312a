/**
 * A tiny MaxMind DB (format 2.0) writer for tests: IPv4 networks, each with a record as MaxMind's
 * City, ASN or Anonymous IP databases hold them. Envoy's MaxMind provider opens the files named in
 * a bootstrap when it loads it (and `--mode validate` too), so tests write their own databases.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './scratch';

/** A record value; `{ u16 }` and `{ u64 }` for the metadata's sized integers, other numbers are uint32. */
export type MmdbValue = string | number | boolean | MmdbValue[] | { u16: number } | { u64: number } | { [key: string]: MmdbValue };

const RECORD_BITS = 24;
const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')]);

/** A control byte (and the extended type byte) with its size, as the format encodes them. */
function control(type: number, size: number): Buffer {
  const head: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) ((sizeBits = 29), extra.push(size - 29));
  else if (size < 65_821) ((sizeBits = 30), extra.push((size - 285) >> 8, (size - 285) & 0xff));
  else throw new Error('mmdb: value too large for this writer');
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...extra]);
}

function unsigned(type: number, n: number | bigint, maxBytes: number): Buffer {
  const bytes: number[] = [];
  for (let v = BigInt(n); v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length > maxBytes) throw new Error(`mmdb: ${n} does not fit in ${maxBytes} bytes`);
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

function encode(v: MmdbValue): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([control(2, b.length), b]);
  }
  if (typeof v === 'number') return unsigned(6, v, 4);
  if (typeof v === 'boolean') return control(14, v ? 1 : 0);
  if (Array.isArray(v)) return Buffer.concat([control(11, v.length), ...v.map(encode)]);
  if ('u16' in v && typeof v.u16 === 'number') return unsigned(5, v.u16, 2);
  if ('u64' in v && typeof v.u64 === 'number') return unsigned(9, v.u64, 8);
  const entries = Object.entries(v);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])]);
}

interface TrieNode {
  children: [TrieNode | number | undefined, TrieNode | number | undefined];
}

function ipv4Bits(address: string): number[] {
  const octets = address.split('.').map(Number);
  return octets.flatMap((o) => [...Array(8).keys()].map((i) => (o >> (7 - i)) & 1));
}

/**
 * The database bytes: `networks` maps non-overlapping IPv4 CIDRs (`203.0.113.0/24`) to records;
 * every other address has none.
 */
export function mmdb(databaseType: string, networks: Record<string, MmdbValue>): Buffer {
  const root: TrieNode = { children: [undefined, undefined] };
  const data: Buffer[] = [];
  let dataLength = 0;
  for (const [cidr, record] of Object.entries(networks)) {
    const [address, len] = cidr.split('/') as [string, string];
    const bits = ipv4Bits(address).slice(0, Number(len));
    const encoded = encode(record);
    const offset = dataLength;
    data.push(encoded);
    dataLength += encoded.length;
    let node = root;
    for (const [i, bit] of bits.entries()) {
      if (i === bits.length - 1) {
        node.children[bit] = offset;
        break;
      }
      const next = node.children[bit];
      if (typeof next === 'number') throw new Error(`mmdb: ${cidr} overlaps another network`);
      node = next ?? (node.children[bit] = { children: [undefined, undefined] });
    }
  }
  // Nodes numbered breadth first from the root (node 0).
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) for (const c of nodes[i]!.children) if (c && typeof c === 'object') nodes.push(c);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const count = nodes.length;
  const record = (c: TrieNode | number | undefined): number => (c === undefined ? count : typeof c === 'number' ? count + 16 + c : index.get(c)!);
  const tree = Buffer.alloc(count * ((RECORD_BITS * 2) / 8));
  nodes.forEach((n, i) => {
    tree.writeUIntBE(record(n.children[0]), i * 6, 3);
    tree.writeUIntBE(record(n.children[1]), i * 6 + 3, 3);
  });
  const metadata = encode({
    binary_format_major_version: { u16: 2 },
    binary_format_minor_version: { u16: 0 },
    build_epoch: { u64: 1_700_000_000 },
    database_type: databaseType,
    description: { en: 'envoyc test database' },
    ip_version: { u16: 4 },
    languages: ['en'],
    node_count: count,
    record_size: { u16: RECORD_BITS },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, METADATA_MARKER, metadata]);
}

/** Writes a database to a fresh temporary directory; returns its path (`<name>.mmdb`). */
export function writeMmdb(name: string, databaseType: string, networks: Record<string, MmdbValue>): string {
  const path = join(scratchDir('envoyc-mmdb-'), `${name}.mmdb`);
  writeFileSync(path, mmdb(databaseType, networks));
  return path;
}

const DB_PATH_FIELDS = ['city_db_path', 'country_db_path', 'asn_db_path', 'isp_db_path', 'anon_db_path'];

/**
 * A bootstrap (YAML or JSON text) whose MaxMind databases at paths on Envoy's host do not exist
 * here, with an empty database of ours in their place (Envoy opens them when it validates a
 * config), as JSON; other texts unchanged. For validating golden bootstraps.
 */
export function withLocalMmdb(text: string, parse: (text: string) => unknown): string {
  if (!text.includes('envoy.geoip_providers.maxmind')) return text;
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return text;
  }
  let empty: string | undefined;
  let moved = false;
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (DB_PATH_FIELDS.includes(k) && typeof v === 'string' && !existsSync(v)) {
        empty ??= writeMmdb('empty', 'envoyc-test', {});
        (node as Record<string, unknown>)[k] = empty;
        moved = true;
      } else visit(v);
    }
  };
  visit(config);
  return moved ? JSON.stringify(config) : text;
}
