/** CA bundles and CRLs as listeners' client validation reads them (named-row tables). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { appendDeduplicated, crlProblem, validCaCertificates } from '../../compiler/2-resolve/ca-bundle';

const fixture = parseAllDocuments(readFileSync(join(__dirname, '..', '..', '..', 'golden', '_fixtures', 'client-ca.yaml'), 'utf8')).map((d) => d.toJS());
const CA: string = fixture[0].data['ca.crt'];
const CRL: string = fixture[2].data['ca.crl'];

const caRows: [string, string, 'ok' | string][] = [
  ['one certificate', CA, 'ok'],
  ['a certificate after text', `a comment\n${CA}`, 'ok'],
  ['nothing', '', 'no certificate data provided'],
  ['no PEM block', 'hello', 'unable to decode pem data for certificate'],
  ['a PEM block that is no certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'x509: malformed certificate'],
];
for (const [name, text, want] of caRows) {
  test(`CA bundle, ${name}: ${want}`, () => {
    const r = validCaCertificates(text);
    assert.is('error' in r ? r.error : 'ok', want);
  });
}

test('CA bundle: a certificate named twice is kept once', () => {
  const seen = new Set<string>();
  const once = appendDeduplicated('', CA, seen);
  assert.is(appendDeduplicated(once, CA, seen), once);
});

const crlRows: [string, string, string | undefined][] = [
  ['a CRL', CRL, undefined],
  ['no PEM block', 'hello', 'unable to decode pem data for CRL'],
  ['a certificate instead', CA, 'failed to parse CRL: x509: malformed crl'],
];
for (const [name, text, want] of crlRows) test(`CRL, ${name}: ${want ?? 'ok'}`, () => assert.is(crlProblem(text), want));

test.run();
