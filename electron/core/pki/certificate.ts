import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { x509 } from './x509-provider';
import { PkiError } from './errors';
import { fromPem, toPem } from './encoding';
import { spkiDer } from './keys';
import { certificateNames } from './der';
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
  let subject: x509.Name;
  let issuer: x509.Name;
  try {
    native = parsedCertificate(der);
    // The names as RFC 4514 strings (@peculiar/x509's printer); the rest from Node's parser.
    const names = certificateNames(der);
    subject = new x509.Name(names.subject);
    issuer = new x509.Name(names.issuer);
  } catch (cause) {
    throw new PkiError('PKI-BAD-CERTIFICATE', 'the certificate cannot be parsed', { cause });
  }
  return {
    der,
    subject: subject.toString(),
    subjectCommonName: subject.getField('CN')[0],
    issuer: issuer.toString(),
    issuerCommonName: issuer.getField('CN')[0],
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

/** True when `cert` names `ca` as its issuer and `ca`'s key verifies its signature (the DER alone is read). */
export function isIssuedBy(cert: Pick<CertificateInfo, 'der'>, ca: Pick<CertificateInfo, 'der'>): boolean {
  const key = `${contentKey(cert.der)}|${contentKey(ca.der)}`;
  let issued = verdicts.get(key);
  if (issued === undefined) {
    const child = parsedCertificate(cert.der);
    const parent = parsedCertificate(ca.der);
    issued = child.checkIssued(parent) && child.verify(parent.publicKey);
    remember(verdicts, key, issued);
  }
  return issued;
}

// The status checks every certificate of the store against the issuer's CA on every screen, and
// parsing a certificate costs far more than hashing it: Node's parse of a DER and the signature
// verdict for a pair of DERs are kept, keyed by content (the same bytes give the same answer).
const KEPT = 1024;
const parsed = new Map<string, X509Certificate>();
const verdicts = new Map<string, boolean>();

function contentKey(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64');
}

/**
 * Node's X509Certificate reads the first PEM block it finds anywhere in a buffer before trying
 * DER: a certificate whose name holds another certificate's PEM would parse as that other one.
 * So the DER is wrapped as PEM here, and the parse must give back exactly these bytes.
 */
function parsedCertificate(der: Uint8Array): X509Certificate {
  const key = contentKey(der);
  let cert = parsed.get(key);
  if (!cert) {
    cert = new X509Certificate(toPem('CERTIFICATE', der));
    if (!cert.raw.equals(der)) throw new Error('the bytes are not one DER certificate');
    remember(parsed, key, cert);
  }
  return cert;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= KEPT) map.clear();
  map.set(key, value);
}

/** What a certificate may do beyond its own use: be a CA, sign certificates, sign CRLs. */
export interface CaPowers {
  /** basicConstraints cA = TRUE. */
  readonly ca: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

/** The CA powers a certificate claims (basicConstraints and keyUsage; an absent extension claims none). */
export function caPowersOf(cert: Pick<CertificateInfo, 'der'>): CaPowers {
  let usages: number;
  let ca: boolean;
  try {
    const parsed = new x509.X509Certificate(toArrayBuffer(cert.der));
    usages = parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
    // The extension as written: Node's `ca` (OpenSSL's X509_check_ca) says false for CA:TRUE
    // whose keyUsage lacks keyCertSign, which is still a certificate claiming to be a CA.
    ca = parsed.getExtension(x509.BasicConstraintsExtension)?.ca ?? false;
  } catch (cause) {
    throw new PkiError('PKI-BAD-CERTIFICATE', 'the key usage of the certificate cannot be read', { cause });
  }
  return {
    ca,
    keyCertSign: (usages & x509.KeyUsageFlags.keyCertSign) !== 0,
    cRLSign: (usages & x509.KeyUsageFlags.cRLSign) !== 0,
  };
}

/** Validity state at `now`. */
export function validityAt(cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date): 'not-yet-valid' | 'valid' | 'expired' {
  if (now.getTime() < cert.notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > cert.notAfter.getTime()) return 'expired';
  return 'valid';
}
