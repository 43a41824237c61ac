import { X509Certificate, type KeyObject } from 'node:crypto';
import { x509 } from './x509-provider';
import { PkiError } from './errors';
import { fromPem } from './encoding';
import { spkiDer } from './keys';
import { toArrayBuffer } from './csr';

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** What the app and the issuer need to know about one certificate. */
export interface CertificateInfo {
  readonly der: Buffer;
  /** Subject as an RFC 4514 string (e.g. `CN=user01`). */
  readonly subject: string;
  readonly subjectCommonName: string | undefined;
  readonly issuer: string;
  readonly issuerCommonName: string | undefined;
  /** Upper-case hex without separators, as Windows and OpenSSL print it. */
  readonly serialNumber: string;
  /** SHA-1 of the DER, upper-case hex without separators: the `Thumbprint` Windows shows. */
  readonly thumbprintSha1: string;
  readonly sha256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Extended key usage OIDs (empty when the extension is absent). */
  readonly extendedKeyUsage: readonly string[];
  readonly isCa: boolean;
  readonly publicKey: KeyObject;
}

/** Accepts DER bytes or a PEM text holding one CERTIFICATE block. */
export function readCertificate(input: Uint8Array | string): CertificateInfo {
  const der = typeof input === 'string' ? fromPem(input, 'CERTIFICATE') : Buffer.from(input);
  let native: X509Certificate;
  let parsed: x509.X509Certificate;
  try {
    native = new X509Certificate(der);
    parsed = new x509.X509Certificate(toArrayBuffer(der));
  } catch (cause) {
    throw new PkiError('PKI-BAD-CERTIFICATE', 'the certificate cannot be parsed', { cause });
  }
  return {
    der,
    subject: parsed.subject,
    subjectCommonName: parsed.subjectName.getField('CN')[0],
    issuer: parsed.issuer,
    issuerCommonName: parsed.issuerName.getField('CN')[0],
    serialNumber: normaliseSerial(native.serialNumber),
    thumbprintSha1: native.fingerprint.replaceAll(':', '').toUpperCase(),
    sha256: native.fingerprint256.replaceAll(':', '').toUpperCase(),
    notBefore: new Date(native.validFrom),
    notAfter: new Date(native.validTo),
    extendedKeyUsage: native.keyUsage ?? [],
    isCa: native.ca,
    publicKey: native.publicKey,
  };
}

/** Serial numbers compare as upper-case hex with no leading zero bytes. */
export function normaliseSerial(hex: string): string {
  const clean = hex
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase()
    .replace(/^(00)+(?=..)/, '');
  return clean.length % 2 === 1 ? `0${clean}` : clean;
}

/** True when `key` (private or public) is the key pair the certificate was issued for. */
export function certificateMatchesKey(cert: CertificateInfo, key: KeyObject): boolean {
  return spkiDer(cert.publicKey).equals(spkiDer(key));
}

/** True when `cert` names `ca` as its issuer and `ca`'s key verifies its signature. */
export function isIssuedBy(cert: CertificateInfo, ca: CertificateInfo): boolean {
  const child = new X509Certificate(cert.der);
  const parent = new X509Certificate(ca.der);
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

/** Validity state at `now`. */
export function validityAt(cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date): 'not-yet-valid' | 'valid' | 'expired' {
  if (now.getTime() < cert.notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > cert.notAfter.getTime()) return 'expired';
  return 'valid';
}
