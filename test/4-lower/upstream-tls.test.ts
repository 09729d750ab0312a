/** The one upstream TLS builder: Envoy Gateway's precedence between a Backend's tls, a BackendTLSPolicy and the Gateway's client certificate. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BackendTlsData, TlsSecret } from '../../compiler/2-resolve/types';
import type { PolicyTlsData } from '../../compiler/3-merge/kinds/backendtlspolicy';
import { clusterTls, lowerUpstreamTls, type UpstreamTlsSources } from '../../compiler/4-lower/upstream-tls';
import { DEFAULT_OPTIONS } from '../../compiler/options';
import type { IrUpstreamTls } from '../../compiler/ir';

const CERT = (name: string): TlsSecret => ({ name, certificateChain: 'Y2VydA==', privateKey: 'a2V5' });
const POLICY: PolicyTlsData = { sni: 'api.internal', ca: { type: 'pem', pem: 'PEM', name: 'p/default-ca' }, subjectAltNames: [] };
const BACKEND: BackendTlsData = { insecureSkipVerify: false, autoSniFromEndpointHostname: true, sni: 'backend.internal', ca: { type: 'system' } };
const VERSIONS = { minVersion: 'TLSv1_2', maxVersion: 'TLSv1_3' } as const;

const rows: [string, UpstreamTlsSources, Partial<IrUpstreamTls> | { error: string } | undefined][] = [
  ['nothing asks for TLS: plain', {}, undefined],
  ["the Gateway's client certificate alone: plain (it does not turn TLS on)", { proxy: { certificate: CERT('default/gw') } }, undefined],
  [
    'policy alone: its CA, the hostname as SNI and as the SAN checked, TLS 1.2–1.3',
    { policy: POLICY },
    { sni: 'api.internal', validation: { caSecret: 'p/default-ca', subjectAltNames: [{ type: 'DNS', exact: 'api.internal' }] }, params: VERSIONS },
  ],
  [
    'policy with subjectAltNames: those are checked, the hostname only sent',
    { policy: { ...POLICY, subjectAltNames: [{ type: 'URI', value: 'spiffe://a' }] } },
    { sni: 'api.internal', validation: { caSecret: 'p/default-ca', subjectAltNames: [{ type: 'URI', exact: 'spiffe://a' }] } },
  ],
  [
    "Backend and policy: the policy's CA and SNI win and auto host SNI goes off",
    { backend: BACKEND, policy: POLICY },
    { sni: 'api.internal', autoHostSni: false, validation: { caSecret: 'p/default-ca', subjectAltNames: [{ type: 'DNS', exact: 'api.internal' }] } },
  ],
  [
    "Backend insecureSkipVerify under a policy: Envoy Gateway keeps the Backend's, so nothing is verified",
    { backend: { insecureSkipVerify: true, autoSniFromEndpointHostname: false }, policy: POLICY },
    { sni: 'api.internal', validation: undefined, params: VERSIONS },
  ],
  [
    "Backend client settings over the Gateway's, field by field",
    {
      backend: { ...BACKEND, client: { certificate: CERT('default/own'), minVersion: '1.3', maxVersion: '1.3' } },
      proxy: { certificate: CERT('default/gw'), ciphers: ['AES128-SHA'], maxVersion: '1.2' },
    },
    { clientCertificates: ['default/own'], params: { minVersion: 'TLSv1_3', maxVersion: 'TLSv1_3', ciphers: ['AES128-SHA'] } },
  ],
  [
    'Backend verifying without a CA: the backendRef is invalid',
    { backend: { insecureSkipVerify: false, autoSniFromEndpointHostname: false } },
    { error: 'CACertificate must be specified when InsecureSkipVerify is false' },
  ],
];

for (const [name, sources, want] of rows) {
  test(name, () => {
    const got = lowerUpstreamTls(sources, DEFAULT_OPTIONS);
    if (want === undefined || 'error' in want) return assert.equal(got, want);
    assert.ok(got && 'tls' in got);
    for (const [k, v] of Object.entries(want)) assert.equal(got.tls[k as keyof IrUpstreamTls], v, k);
  });
}

test('the system trust store: the shared secret at --system-ca-bundle', () => {
  const got = lowerUpstreamTls({ policy: { ...POLICY, ca: { type: 'system' } } }, { ...DEFAULT_OPTIONS, systemCaBundle: { path: '/ca.pem', available: true } });
  assert.ok(got && 'caSecret' in got);
  assert.equal(got.caSecret, { name: 'system_ca_certificates', trustedCa: { systemPath: '/ca.pem' } });
});

const tls = (t: Partial<IrUpstreamTls>): IrUpstreamTls => ({
  autoHostSni: false,
  autoSniSanValidation: false,
  validation: { caSecret: 'ca', subjectAltNames: [] },
  params: {},
  clientCertificates: [],
  ...t,
});

const clusterRows: [string, (IrUpstreamTls | undefined)[], boolean, { autoSni: boolean; allTls: boolean; sanCheck: boolean[] }][] = [
  [
    'every backendRef TLS, none with an SNI: SNI from the host, and it is checked',
    [tls({}), tls({})],
    false,
    { autoSni: true, allTls: true, sanCheck: [true, true] },
  ],
  ['a literal SNI anywhere: no SNI from the host', [tls({}), tls({ sni: 'a' })], false, { autoSni: false, allTls: true, sanCheck: [false, false] }],
  ['auto host SNI: checked, without SNI from the request', [tls({ autoHostSni: true })], false, { autoSni: false, allTls: true, sanCheck: [true] }],
  ['one plain backendRef: no ALPN auto config nor auto SNI', [tls({}), undefined], false, { autoSni: false, allTls: false, sanCheck: [false] }],
  ['TCP: no HTTP, so neither', [tls({})], true, { autoSni: false, allTls: false, sanCheck: [false] }],
];

for (const [name, all, tcp, want] of clusterRows) {
  test(`cluster: ${name}`, () => {
    const got = clusterTls(all, tcp);
    assert.is(got.autoSni, want.autoSni);
    assert.is(got.allTls, want.allTls);
    assert.equal(
      got.tls.filter((t) => t !== undefined).map((t) => t!.autoSniSanValidation),
      want.sanCheck,
    );
  });
}

test.run();
