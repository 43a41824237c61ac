import { createHash, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateMatchesKey,
  EKU_CLIENT_AUTH,
  EKU_SERVER_AUTH,
  generateKeyPair,
  isIssuedBy,
  issueCertificate,
  normaliseSerial,
  PkiError,
  readCertificate,
  toPem,
  validityAt,
  type CertificateInfo,
  type KeyPair,
} from '../../../electron/core/pki';
import { fixture, issueTo, makeCa, NOT_AFTER, NOT_BEFORE, type TestCa } from './pki-fixtures';

let ca: TestCa;
let user: KeyPair;
let leaf: CertificateInfo;
const SERIAL = '1A2B3C4D5E6F708192A3B4C5D6E7F801';

beforeAll(async () => {
  ca = await makeCa();
  user = await generateKeyPair('ecdsa-p256');
  leaf = await issueTo(ca, user, { serialNumber: SERIAL });
});

describe('readCertificate on a certificate made by OpenSSL (recorded `openssl x509` output)', () => {
  // fixtures/openssl-leaf.x509.txt is what `openssl x509 -noout -serial -fingerprint -sha1 -startdate -enddate` printed.
  const recorded = Object.fromEntries(
    fixture('openssl-leaf.x509.txt')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => {
        const i = l.indexOf('=');
        return [l.slice(0, i), l.slice(i + 1)];
      }),
  ) as Record<string, string>;
  const cert = readCertificate(fixture('openssl-leaf.pem'));

  it('gives the serial without the DER sign byte, as OpenSSL prints it', () => {
    expect(recorded.serial).toBe('F1E2D3C4B5A69788');
    expect(cert.serialNumber).toBe(recorded.serial);
  });

  it('gives the SHA-1 thumbprint OpenSSL prints, without colons', () => {
    expect(cert.thumbprintSha1).toBe(recorded['sha1 Fingerprint']!.replaceAll(':', ''));
    expect(cert.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
  });

  it('gives the validity dates OpenSSL prints', () => {
    expect(cert.notBefore.toISOString()).toBe(new Date(recorded.notBefore!.replace(' ', 'T')).toISOString());
    expect(cert.notAfter.toISOString()).toBe(new Date(recorded.notAfter!.replace(' ', 'T')).toISOString());
  });

  it('reads the Japanese subject, the issuer, clientAuth, and the key it was issued for', () => {
    expect(cert.subjectCommonName).toBe('山田太郎');
    expect(cert.issuerCommonName).toBe('Fixture Root CA');
    expect(cert.extendedKeyUsage).toEqual([EKU_CLIENT_AUTH]);
    expect(cert.isCa).toBe(false);
    expect(certificateMatchesKey(cert, createPrivateKey(fixture('openssl-leaf.key')))).toBe(true);
    expect(certificateMatchesKey(cert, user.privateKey)).toBe(false);
  });

  it('recognises the OpenSSL CA as its issuer, and not ours', () => {
    const opensslCa = readCertificate(fixture('openssl-ca.pem'));
    expect(opensslCa.isCa).toBe(true);
    expect(isIssuedBy(cert, opensslCa)).toBe(true);
    expect(isIssuedBy(cert, ca.certificate)).toBe(false);
  });
});

describe('readCertificate on a certificate we issued', () => {
  it('gives the serial it was issued with and a thumbprint that is the SHA-1 of the DER', () => {
    expect(leaf.serialNumber).toBe(SERIAL);
    expect(leaf.thumbprintSha1).toBe(createHash('sha1').update(leaf.der).digest('hex').toUpperCase());
    expect(leaf.sha256).toBe(createHash('sha256').update(leaf.der).digest('hex').toUpperCase());
  });

  it('gives subject, issuer and the validity period to the second', () => {
    expect(leaf.subject).toBe('CN=user01');
    expect(leaf.subjectCommonName).toBe('user01');
    expect(leaf.issuer).toBe(ca.certificate.subject);
    expect(leaf.issuerCommonName).toBe('Rokin Test Issuing CA');
    expect(leaf.notBefore.toISOString()).toBe(NOT_BEFORE.toISOString());
    expect(leaf.notAfter.toISOString()).toBe(NOT_AFTER.toISOString());
    expect(leaf.isCa).toBe(false);
  });

  it('reads a validity end after 2049 (GeneralizedTime)', async () => {
    const late = await issueTo(ca, user, { notAfter: new Date('2051-02-03T04:05:06Z') });
    expect(late.notAfter.toISOString()).toBe('2051-02-03T04:05:06.000Z');
  });

  it('lists clientAuth for a client certificate and serverAuth for a server certificate', async () => {
    expect(leaf.extendedKeyUsage).toEqual([EKU_CLIENT_AUTH]);
    const server = await issueTo(ca, user, {
      commonName: 'est.example.test',
      profile: { kind: 'tls-server', dnsNames: ['est.example.test'], ipAddresses: [] },
    });
    expect(server.extendedKeyUsage).toEqual([EKU_SERVER_AUTH]);
    expect(ca.certificate.extendedKeyUsage).toEqual([]);
  });

  it('reads the same certificate from PEM text and from DER', () => {
    const fromText = readCertificate(toPem('CERTIFICATE', leaf.der));
    expect(fromText.thumbprintSha1).toBe(leaf.thumbprintSha1);
    expect(fromText.der.equals(leaf.der)).toBe(true);
  });
});

describe('readCertificate on bad input', () => {
  it('refuses bytes that are not a certificate with PKI-BAD-CERTIFICATE', () => {
    for (const bad of [Buffer.alloc(0), Buffer.from('not a certificate'), leaf.der.subarray(0, leaf.der.length - 1)]) {
      expect(() => readCertificate(bad)).toThrow(PkiError);
      expect(() => readCertificate(bad)).toThrow(expect.objectContaining({ code: 'PKI-BAD-CERTIFICATE' }) as Error);
    }
  });

  it('reads a certificate whose name holds another certificate as PEM as itself, not as the one inside', async () => {
    // Node's X509Certificate takes the first PEM block anywhere in a buffer before trying DER:
    // a stranger's certificate carrying ours in its name would read as ours (and verify as ours).
    const stranger = await makeCa('Stranger CA', 'ecdsa-p256');
    const der = await issueCertificate({
      authority: stranger,
      publicKey: (await generateKeyPair('ecdsa-p256')).publicKey,
      subjectCommonName: `x\n${toPem('CERTIFICATE', leaf.der)}y`,
      serialNumber: '77',
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      profile: { kind: 'tls-client' },
    });
    const read = readCertificate(der);
    expect(read.serialNumber).toBe('77');
    expect(read.der.equals(der)).toBe(true);
    expect(isIssuedBy(read, ca.certificate)).toBe(false);
  });

  it('refuses a text without a CERTIFICATE block with PKI-BAD-PEM', () => {
    expect(() => readCertificate(toPem('PRIVATE KEY', Buffer.from([1, 2, 3])))).toThrow(
      expect.objectContaining({ code: 'PKI-BAD-PEM' }) as Error,
    );
  });
});

describe('certificateMatchesKey', () => {
  it('is true for the private and the public half of the key the certificate was issued for', () => {
    expect(certificateMatchesKey(leaf, user.privateKey)).toBe(true);
    expect(certificateMatchesKey(leaf, user.publicKey)).toBe(true);
  });

  it('is false for another key, of the same or another type', async () => {
    const [otherEc, otherRsa] = await Promise.all([generateKeyPair('ecdsa-p256'), generateKeyPair('rsa-2048')]);
    expect(certificateMatchesKey(leaf, otherEc.privateKey)).toBe(false);
    expect(certificateMatchesKey(leaf, otherRsa.privateKey)).toBe(false);
    expect(certificateMatchesKey(leaf, ca.privateKey)).toBe(false);
  });
});

describe('isIssuedBy', () => {
  it('is true for the issuing CA, and a self-signed CA issued itself', () => {
    expect(isIssuedBy(leaf, ca.certificate)).toBe(true);
    expect(isIssuedBy(ca.certificate, ca.certificate)).toBe(true);
  });

  it('is false the other way round, and for a CA with another name', async () => {
    expect(isIssuedBy(ca.certificate, leaf)).toBe(false);
    const stranger = await makeCa('Some Other CA');
    expect(isIssuedBy(leaf, stranger.certificate)).toBe(false);
  });

  it('is false for an impostor CA with the same name but another key (the signature decides)', async () => {
    const impostor = await makeCa(ca.certificate.subjectCommonName);
    expect(impostor.certificate.subject).toBe(ca.certificate.subject);
    expect(isIssuedBy(leaf, impostor.certificate)).toBe(false);
  });

  it('is false for a certificate whose signature was altered', () => {
    const der = Buffer.from(leaf.der);
    der[der.length - 5]! ^= 0x01;
    expect(isIssuedBy(readCertificate(der), ca.certificate)).toBe(false);
  });

  it('answers for the bytes it is given, also when a buffer it checked before is changed in place (verdicts are kept)', () => {
    const der = Buffer.from(leaf.der);
    expect(isIssuedBy({ der }, ca.certificate)).toBe(true);
    der[der.length - 5]! ^= 0x01;
    expect(isIssuedBy({ der }, ca.certificate)).toBe(false);
    der[der.length - 5]! ^= 0x01;
    expect(isIssuedBy({ der }, ca.certificate)).toBe(true);
  });
});

describe('validityAt', () => {
  it('says not yet valid, valid (edges included) and expired', () => {
    expect(validityAt(leaf, new Date(NOT_BEFORE.getTime() - 1000))).toBe('not-yet-valid');
    expect(validityAt(leaf, NOT_BEFORE)).toBe('valid');
    expect(validityAt(leaf, new Date('2025-10-01T00:00:00Z'))).toBe('valid');
    expect(validityAt(leaf, NOT_AFTER)).toBe('valid');
    expect(validityAt(leaf, new Date(NOT_AFTER.getTime() + 1000))).toBe('expired');
  });
});

describe('normaliseSerial', () => {
  it.each([
    ['00:f1:e2:d3', 'F1E2D3'],
    ['00F1', 'F1'],
    ['0001', '01'],
    ['abc', '0ABC'],
    ['00', '00'],
    ['7F', '7F'],
    ['1a 2b 3c', '1A2B3C'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseSerial(input)).toBe(expected);
  });
});
