/**
 * Client certificate material made at run time with the openssl CLI (P-256, valid one day): a
 * CA, and client certificates it signs, for mutual TLS tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Certificate } from './tls';

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA that signs certificates for `cn` (with `dnsNames` as subjectAltName: a server's). */
export interface ClientCa extends Certificate {
  issue(cn: string, dnsNames?: string[]): Certificate;
}

export function makeClientCa(name: string): ClientCa {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-ca-'));
  try {
    openssl(dir, ['req', '-x509', ...EC, '-days', '1', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', `/CN=${name}`]);
    const ca = { cert: readFileSync(join(dir, 'ca.crt'), 'utf8'), key: readFileSync(join(dir, 'ca.key'), 'utf8') };
    return { ...ca, issue: (cn, dnsNames) => issue(ca, cn, dnsNames ?? []) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function issue(ca: Certificate, cn: string, dnsNames: string[]): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-client-'));
  try {
    writeFileSync(join(dir, 'ca.crt'), ca.cert);
    writeFileSync(join(dir, 'ca.key'), ca.key);
    openssl(dir, ['req', ...EC, '-keyout', 'c.key', '-out', 'c.csr', '-subj', `/CN=${cn}`]);
    const sans = dnsNames.length ? ['-extfile', 'san.ext'] : [];
    if (dnsNames.length) writeFileSync(join(dir, 'san.ext'), `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}\n`);
    openssl(dir, ['x509', '-req', '-in', 'c.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '2', '-days', '1', ...sans, '-out', 'c.crt']);
    return { cert: readFileSync(join(dir, 'c.crt'), 'utf8'), key: readFileSync(join(dir, 'c.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
