import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../electron/core/pki';
import {
  MacKeychainStore,
  NssStore,
  WindowsCertStore,
  createPlatformStore,
  isCertificateOfIssuer,
  type StoredCertificate,
} from '../../../electron/core/stores';
import { issueTo, makeCa } from '../pki/pki-fixtures';

function stored(overrides: Partial<StoredCertificate>): StoredCertificate {
  return {
    store: 'windows',
    handle: 'h',
    subject: 'CN=user01',
    subjectCommonName: 'user01',
    issuer: 'CN=Rokin Test Issuing CA, O=Rokin Test',
    issuerCommonName: 'Rokin Test Issuing CA',
    serialNumber: '01',
    thumbprintSha1: '0'.repeat(40),
    notBefore: new Date(0),
    notAfter: new Date(1),
    hasPrivateKey: true,
    ...overrides,
  };
}

describe('createPlatformStore', () => {
  it('picks the backend of the platform', () => {
    expect(createPlatformStore('linux', { home: '/home/u' })).toBeInstanceOf(NssStore);
    expect(createPlatformStore('linux', { home: '/home/u' }).location).toBe('/home/u/.pki/nssdb');
    expect(createPlatformStore('win32')).toBeInstanceOf(WindowsCertStore);
    expect(createPlatformStore('darwin', { home: '/Users/u' }).location).toBe('/Users/u/Library/Keychains/login.keychain-db');
    expect(createPlatformStore('darwin')).toBeInstanceOf(MacKeychainStore);
    expect(() => createPlatformStore('aix')).toThrow(expect.objectContaining({ code: 'STORE-UNSUPPORTED' }));
  });
});

describe('isCertificateOfIssuer', () => {
  it('checks the DN, and the signature when the DER is there', async () => {
    const ca = await makeCa('Rokin Test Issuing CA');
    const impostor = await makeCa('Rokin Test Issuing CA');
    const cert = await issueTo(ca, await generateKeyPair('ecdsa-p256'));
    const forged = await issueTo(impostor, await generateKeyPair('ecdsa-p256'));

    expect(isCertificateOfIssuer(stored({ issuer: cert.issuer, der: cert.der }), ca.certificate)).toBe(true);
    expect(isCertificateOfIssuer(stored({ issuer: forged.issuer, der: forged.der }), ca.certificate)).toBe(false);
    // Without DER (Windows certutil fallback) only the DN can be compared; spacing does not matter.
    expect(isCertificateOfIssuer(stored({ issuer: 'CN=Rokin Test Issuing CA,O=Rokin Test' }), ca.certificate)).toBe(true);
    expect(isCertificateOfIssuer(stored({ issuer: 'CN=Other CA, O=Rokin Test' }), ca.certificate)).toBe(false);
  });
});
