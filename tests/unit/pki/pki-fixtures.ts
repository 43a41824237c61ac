// Builders shared by the PKI tests: a CA and certificates it issues, with fixed dates so no test
// depends on today's clock.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createSelfSignedCa,
  generateKeyPair,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  type CertificateInfo,
  type CertificateProfile,
  type KeyAlgorithm,
  type KeyPair,
  type SigningAuthority,
} from '../../../electron/core/pki';

export const NOT_BEFORE = new Date('2025-04-01T00:00:00Z');
export const NOT_AFTER = new Date('2026-03-31T23:59:59Z');

export interface TestCa extends SigningAuthority {
  readonly keyPair: KeyPair;
}

export async function makeCa(
  commonName = 'Rokin Test Issuing CA',
  algorithm: KeyAlgorithm = 'rsa-2048',
  keyPair?: KeyPair,
): Promise<TestCa> {
  const pair = keyPair ?? (await generateKeyPair(algorithm));
  const der = await createSelfSignedCa({
    keyPair: pair,
    commonName,
    organization: 'Rokin Test',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  return { keyPair: pair, certificate: readCertificate(der), privateKey: pair.privateKey };
}

export async function issueTo(
  ca: SigningAuthority,
  key: KeyPair,
  options: {
    readonly commonName?: string;
    readonly serialNumber?: string;
    readonly notBefore?: Date;
    readonly notAfter?: Date;
    readonly profile?: CertificateProfile;
  } = {},
): Promise<CertificateInfo> {
  const der = await issueCertificate({
    authority: ca,
    publicKey: key.publicKey,
    subjectCommonName: options.commonName ?? 'user01',
    serialNumber: options.serialNumber ?? randomSerialNumber(),
    notBefore: options.notBefore ?? NOT_BEFORE,
    notAfter: options.notAfter ?? NOT_AFTER,
    profile: options.profile ?? { kind: 'tls-client' },
  });
  return readCertificate(der);
}

/** A file from tests/unit/pki/fixtures (made by OpenSSL; see make-openssl-fixtures.sh). */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}
