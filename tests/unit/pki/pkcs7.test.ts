import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeBase64Strict,
  decodeCertsOnly,
  encodeBase64Lines,
  encodeCertsOnly,
  fromPem,
  generateKeyPair,
  PkiError,
  readCertificate,
  type CertificateInfo,
} from '../../../electron/core/pki';
import { fixture, issueTo, makeCa, type TestCa } from './pki-fixtures';

let ca: TestCa;
let leaf: CertificateInfo;

beforeAll(async () => {
  ca = await makeCa();
  leaf = await issueTo(ca, await generateKeyPair('ecdsa-p256'));
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PkiError ? error.code : `not a PkiError: ${String(error)}`;
  }
  return undefined;
}

describe('encodeCertsOnly / decodeCertsOnly', () => {
  it('round-trips the exact certificate bytes, in order', () => {
    for (const order of [[leaf.der, ca.certificate.der], [ca.certificate.der, leaf.der], [leaf.der]]) {
      const decoded = decodeCertsOnly(encodeCertsOnly(order));
      expect(decoded.map((d) => d.toString('hex'))).toEqual(order.map((d) => d.toString('hex')));
    }
  });

  it('writes a PKCS#7 SignedData ContentInfo (OID 1.2.840.113549.1.7.2), not a bare certificate', () => {
    const p7 = encodeCertsOnly([leaf.der]);
    expect(p7[0]).toBe(0x30);
    expect(p7.includes(Buffer.from('06092a864886f70d010702', 'hex'))).toBe(true);
    expect(p7.equals(leaf.der)).toBe(false);
  });

  it('round-trips through the base64 body of an RFC 7030 /simpleenroll response', () => {
    const body = encodeBase64Lines(encodeCertsOnly([leaf.der]));
    const [cert] = decodeCertsOnly(decodeBase64Strict(body));
    expect(readCertificate(cert!).thumbprintSha1).toBe(leaf.thumbprintSha1);
  });

  it('reads a certs-only PKCS#7 made by OpenSSL 3 (crl2pkcs7 -nocrl), certificates in file order', () => {
    // fixtures/openssl-certs-only.p7b: `openssl crl2pkcs7 -nocrl -certfile openssl-leaf.pem -certfile openssl-ca.pem`
    const certs = decodeCertsOnly(fromPem(fixture('openssl-certs-only.p7b'), 'PKCS7'));
    expect(certs.map((c) => readCertificate(c).thumbprintSha1)).toEqual([
      readCertificate(fixture('openssl-leaf.pem')).thumbprintSha1,
      readCertificate(fixture('openssl-ca.pem')).thumbprintSha1,
    ]);
  });
});

describe('decodeCertsOnly on bad input', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['random bytes', randomBytes(512)],
    ['text', Buffer.from('<html>Service Unavailable</html>')],
    ['a DER INTEGER', Buffer.from([0x02, 0x01, 0x05])],
  ])('refuses %s with PKI-BAD-PKCS7', (_label, bytes) => {
    expect(codeOf(() => decodeCertsOnly(bytes))).toBe('PKI-BAD-PKCS7');
  });

  it('refuses a bare certificate (DER) with PKI-BAD-PKCS7', () => {
    expect(codeOf(() => decodeCertsOnly(leaf.der))).toBe('PKI-BAD-PKCS7');
  });

  it('refuses a truncated bundle with PKI-BAD-PKCS7', () => {
    const p7 = encodeCertsOnly([leaf.der, ca.certificate.der]);
    expect(codeOf(() => decodeCertsOnly(p7.subarray(0, p7.length - 10)))).toBe('PKI-BAD-PKCS7');
  });

  it('refuses a well-formed bundle with no certificate in it (OpenSSL `crl2pkcs7 -nocrl` alone)', () => {
    expect(codeOf(() => decodeCertsOnly(fromPem(fixture('openssl-empty.p7b'), 'PKCS7')))).toBe('PKI-BAD-PKCS7');
  });
});
