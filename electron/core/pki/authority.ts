import { randomBytes, type KeyObject } from 'node:crypto';
import { literalName, x509 } from './x509-provider';
import { keyAlgorithmOf, signingAlgorithmFor, spkiDer, toCryptoKeyPair, type KeyPair } from './keys';
import { EKU_CLIENT_AUTH, EKU_SERVER_AUTH, normaliseSerial, type CertificateInfo } from './certificate';
import { toArrayBuffer } from './csr';
import { PkiError } from './errors';

/** The issuing side's signing identity: its certificate and its private key. */
export interface SigningAuthority {
  readonly certificate: CertificateInfo;
  readonly privateKey: KeyObject;
}

export type CertificateProfile =
  | { readonly kind: 'tls-client' }
  | { readonly kind: 'tls-server'; readonly dnsNames: readonly string[]; readonly ipAddresses: readonly string[] };

/**
 * A positive 128-bit serial number as upper-case hex. The top bit is cleared so the DER INTEGER
 * needs no sign byte, and the first byte is never zero so the length is always 16 bytes.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex').toUpperCase();
}

export async function createSelfSignedCa(params: {
  readonly keyPair: KeyPair;
  readonly commonName: string;
  readonly organization: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}): Promise<Buffer> {
  const keys = await toCryptoKeyPair(params.keyPair);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: literalName([
      ['CN', params.commonName],
      ['O', params.organization],
    ]),
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    keys,
    signingAlgorithm: signingAlgorithmFor(params.keyPair.algorithm),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(spkiDer(params.keyPair.publicKey)),
    ],
  });
  return Buffer.from(cert.rawData);
}

/** Signs a certificate for `publicKey` under `authority`; returns DER. */
export async function issueCertificate(params: {
  readonly authority: SigningAuthority;
  readonly publicKey: KeyObject;
  readonly subjectCommonName: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly profile: CertificateProfile;
}): Promise<Buffer> {
  const { authority, profile } = params;
  const algorithm = keyAlgorithmOf(authority.privateKey);
  const signer = await toCryptoKeyPair({ algorithm, privateKey: authority.privateKey });
  const subjectSpki = spkiDer(params.publicKey);
  // keyEncipherment only means something for RSA key transport; an EC key must not claim it.
  const usage =
    params.publicKey.asymmetricKeyType === 'rsa'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    new x509.ExtendedKeyUsageExtension([profile.kind === 'tls-client' ? EKU_CLIENT_AUTH : EKU_SERVER_AUTH]),
    await x509.SubjectKeyIdentifierExtension.create(subjectSpki),
    await x509.AuthorityKeyIdentifierExtension.create(spkiDer(authority.privateKey)),
  ];
  if (profile.kind === 'tls-server') {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: params.serialNumber,
    subject: literalName([['CN', params.subjectCommonName]]),
    issuer: new x509.X509Certificate(toArrayBuffer(authority.certificate.der)).subjectName,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: subjectSpki,
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithmFor(algorithm),
    extensions,
  });
  return Buffer.from(cert.rawData);
}

export type RevocationReason =
  'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'privilegeWithdrawn';

export interface RevokedEntry {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
}

/** A v2 CRL signed by `authority`, with a CRL number; returns DER. */
export async function createCrl(params: {
  readonly authority: SigningAuthority;
  readonly crlNumber: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly revoked: readonly RevokedEntry[];
}): Promise<Buffer> {
  const { authority } = params;
  const algorithm = keyAlgorithmOf(authority.privateKey);
  const signer = await toCryptoKeyPair({ algorithm, privateKey: authority.privateKey });
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(toArrayBuffer(authority.certificate.der)).subjectName,
    thisUpdate: params.thisUpdate,
    nextUpdate: params.nextUpdate,
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithmFor(algorithm),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(spkiDer(authority.privateKey)),
      new x509.Extension('2.5.29.20', false, derInteger(params.crlNumber)),
    ],
    entries: params.revoked.map((r) => ({
      serialNumber: r.serialNumber,
      revocationDate: r.revokedAt,
      reason: x509.X509CrlReason[r.reason],
    })),
  });
  return Buffer.from(crl.rawData);
}

/**
 * Revoked serial numbers (upper-case hex) listed in a DER CRL, after checking its signature.
 * Throws PkiError('PKI-BAD-CRL') for bytes that are not a CRL and for a CRL the issuer did not sign,
 * so callers handle a bad CRL like every other bad PKI input, by code.
 */
export async function readCrl(
  der: Uint8Array,
  issuer: CertificateInfo,
): Promise<{ thisUpdate: Date; nextUpdate: Date | undefined; revokedSerials: Set<string> }> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(toArrayBuffer(der));
  } catch (cause) {
    throw new PkiError('PKI-BAD-CRL', 'the CRL cannot be parsed', { cause });
  }
  // A signature the library cannot even process is as untrustworthy as one that does not verify.
  const ok = await crl.verify({ publicKey: new x509.X509Certificate(toArrayBuffer(issuer.der)).publicKey }).catch(() => false);
  if (!ok) throw new PkiError('PKI-BAD-CRL', 'the CRL signature does not verify with the issuing CA');
  return {
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    revokedSerials: new Set(crl.entries.map((e) => normaliseSerial(e.serialNumber))),
  };
}

// CRLNumber is a bare INTEGER: small enough to encode by hand, not worth an ASN.1 schema import.
function derInteger(n: number): ArrayBuffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return toArrayBuffer(Buffer.concat([Buffer.from([0x02, body.length]), body]));
}
