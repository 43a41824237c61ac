import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCrl,
  generateKeyPair,
  isIssuedBy,
  PkiError,
  randomSerialNumber,
  readCrl,
  type CertificateInfo,
  type KeyPair,
  type RevokedEntry,
} from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { issueTo, makeCa, type TestCa } from './pki-fixtures';

let ca: TestCa;
let user: KeyPair;

beforeAll(async () => {
  ca = await makeCa();
  user = await generateKeyPair('ecdsa-p256');
});

describe('createSelfSignedCa', () => {
  it('makes a CA certificate (basicConstraints CA, pathLen 0, keyCertSign + cRLSign) named CN + O', () => {
    const cert = new x509.X509Certificate(ca.certificate.der);
    expect(ca.certificate.subject).toBe('CN=Rokin Test Issuing CA, O=Rokin Test');
    expect(ca.certificate.isCa).toBe(true);
    const bc = cert.getExtension(x509.BasicConstraintsExtension);
    expect(bc).toMatchObject({ ca: true, pathLength: 0, critical: true });
    const ku = cert.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
    expect(ku.usages & x509.KeyUsageFlags.cRLSign).toBeTruthy();
    expect(isIssuedBy(ca.certificate, ca.certificate)).toBe(true);
  });
});

describe('issueCertificate', () => {
  it('issues an end-entity clientAuth certificate that is not a CA, with SKI/AKI linking it to the CA', async () => {
    const leaf = new x509.X509Certificate((await issueTo(ca, user)).der);
    expect(leaf.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    const ku = leaf.getExtension(x509.KeyUsagesExtension)!;
    // An EC key signs; it must not claim keyEncipherment.
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const aki = leaf.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId;
    const caSki = new x509.X509Certificate(ca.certificate.der).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(aki).toBe(caSki);
  });

  it('gives an RSA end entity digitalSignature + keyEncipherment', async () => {
    const rsaUser = await generateKeyPair('rsa-2048');
    const leaf = new x509.X509Certificate((await issueTo(ca, rsaUser)).der);
    expect(leaf.getExtension(x509.KeyUsagesExtension)!.usages).toBe(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    );
  });

  it('puts the DNS names and IP addresses of a server profile in the SAN', async () => {
    const info = await issueTo(ca, user, {
      commonName: 'est.rokin.test',
      profile: { kind: 'tls-server', dnsNames: ['est.rokin.test', 'localhost'], ipAddresses: ['127.0.0.1'] },
    });
    const san = new X509Certificate(info.der).subjectAltName;
    expect(san).toBe('DNS:est.rokin.test, DNS:localhost, IP Address:127.0.0.1');
  });

  it('issues under a P-256 CA too, and the signature verifies', async () => {
    const ecCa = await makeCa('Rokin EC CA', 'ecdsa-p256');
    const leaf = await issueTo(ecCa, await generateKeyPair('rsa-2048'));
    expect(isIssuedBy(leaf, ecCa.certificate)).toBe(true);
    expect(isIssuedBy(leaf, ca.certificate)).toBe(false);
  });
});

describe('randomSerialNumber', () => {
  const samples = Array.from({ length: 2000 }, () => randomSerialNumber());

  it('is 16 bytes of upper-case hex', () => {
    for (const s of samples) expect(s).toMatch(/^[0-9A-F]{32}$/);
  });

  it('is positive with no sign byte needed and no leading zero byte: first byte 0x01..0x7F', () => {
    for (const s of samples) {
      const first = parseInt(s.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(0x01);
      expect(first).toBeLessThanOrEqual(0x7f);
    }
  });

  it('does not repeat, and the other 15 bytes are not fixed', () => {
    expect(new Set(samples).size).toBe(samples.length);
    expect(new Set(samples.map((s) => s.slice(2, 4))).size).toBeGreaterThan(200);
    expect(new Set(samples.map((s) => s.slice(-2))).size).toBeGreaterThan(200);
  });

  it('appears unchanged as a 16-byte positive INTEGER in the issued certificate', async () => {
    const serial = randomSerialNumber();
    const cert = await issueTo(ca, user, { serialNumber: serial });
    expect(cert.serialNumber).toBe(serial);
    // DER: 02 10 <16 bytes>, found right after the version field of the TBS.
    expect(cert.der.includes(Buffer.from(`0210${serial}`, 'hex'))).toBe(true);
  });
});

describe('createCrl / readCrl', () => {
  const thisUpdate = new Date('2025-06-01T00:00:00Z');
  const nextUpdate = new Date('2025-06-08T00:00:00Z');
  let revokedCert: CertificateInfo;
  let keptCert: CertificateInfo;
  let crl: Buffer;

  beforeAll(async () => {
    revokedCert = await issueTo(ca, user);
    keptCert = await issueTo(ca, user);
    const revoked: RevokedEntry[] = [
      { serialNumber: revokedCert.serialNumber, revokedAt: new Date('2025-05-30T10:00:00Z'), reason: 'keyCompromise' },
      // A serial whose top bit is set must still be written as a positive number.
      { serialNumber: 'F1E2D3C4B5A69788', revokedAt: new Date('2025-05-31T10:00:00Z'), reason: 'superseded' },
    ];
    crl = await createCrl({ authority: ca, crlNumber: 42, thisUpdate, nextUpdate, revoked });
  });

  it('lists exactly the revoked serials, and the dates', async () => {
    const read = await readCrl(crl, ca.certificate);
    expect([...read.revokedSerials].sort()).toEqual([revokedCert.serialNumber, 'F1E2D3C4B5A69788'].sort());
    expect(read.revokedSerials.has(keptCert.serialNumber)).toBe(false);
    expect(read.thisUpdate.toISOString()).toBe(thisUpdate.toISOString());
    expect(read.nextUpdate?.toISOString()).toBe(nextUpdate.toISOString());
  });

  it('carries the CRL number, the reasons and the issuer name', () => {
    const parsed = new x509.X509Crl(crl);
    const number = parsed.getExtension('2.5.29.20')!;
    expect(Buffer.from(number.value).toString('hex')).toBe('02012a'); // INTEGER 42
    expect(parsed.issuer).toBe(ca.certificate.subject);
    const reasons = Object.fromEntries(parsed.entries.map((e) => [e.serialNumber.toUpperCase().replace(/^00/, ''), e.reason]));
    expect(reasons).toEqual({
      [revokedCert.serialNumber]: x509.X509CrlReason.keyCompromise,
      F1E2D3C4B5A69788: x509.X509CrlReason.superseded,
    });
  });

  it('encodes large CRL numbers as positive INTEGERs', async () => {
    for (const [n, hex] of [
      [128, '02020080'],
      [65535, '020300ffff'],
      [1, '020101'],
    ] as const) {
      const der = await createCrl({ authority: ca, crlNumber: n, thisUpdate, nextUpdate, revoked: [] });
      expect(Buffer.from(new x509.X509Crl(der).getExtension('2.5.29.20')!.value).toString('hex')).toBe(hex);
    }
  });

  it('reads an empty CRL as no revoked serial', async () => {
    const empty = await createCrl({ authority: ca, crlNumber: 1, thisUpdate, nextUpdate, revoked: [] });
    expect((await readCrl(empty, ca.certificate)).revokedSerials.size).toBe(0);
  });

  it('refuses the CRL when checked against another CA, even one with the same name', async () => {
    const impostor = await makeCa(ca.certificate.subjectCommonName);
    await expect(readCrl(crl, impostor.certificate)).rejects.toThrow(/does not verify/);
    await expect(readCrl(crl, (await makeCa('Other CA')).certificate)).rejects.toThrow(/does not verify/);
  });

  it('refuses a CRL whose revoked list was altered after signing', async () => {
    const tampered = Buffer.from(crl);
    const at = tampered.indexOf(Buffer.from(revokedCert.serialNumber, 'hex'));
    expect(at).toBeGreaterThan(0);
    tampered[at + 15]! ^= 0x01; // un-revoke by changing the listed serial
    await expect(readCrl(tampered, ca.certificate)).rejects.toThrow();
  });

  it('fails with PkiError PKI-BAD-CRL, not a plain Error, for a bad signature and for bytes that are no CRL', async () => {
    const tampered = Buffer.from(crl);
    tampered[tampered.indexOf(Buffer.from(revokedCert.serialNumber, 'hex')) + 15]! ^= 0x01;
    const other = (await makeCa('Other CA')).certificate;
    for (const [der, issuer] of [
      [tampered, ca.certificate],
      [crl, other],
      [Buffer.from('not a CRL'), ca.certificate],
      [crl.subarray(0, 40), ca.certificate],
    ] as const) {
      const error: unknown = await readCrl(der, issuer).then(
        () => 'accepted',
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PkiError);
      expect((error as PkiError).code).toBe('PKI-BAD-CRL');
    }
  });
});
