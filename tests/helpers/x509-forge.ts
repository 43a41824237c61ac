// Certificates the production code never makes, for tests of what the client accepts: a leaf that
// claims CA powers, a CA certified by another CA's key under its own name (RFC 7030 §4.1.3's
// NewWithOld), a CA that shares the name of another. Signed for real with the keys given.
import type { KeyObject } from 'node:crypto';
import {
  EKU_CLIENT_AUTH,
  keyAlgorithmOf,
  randomSerialNumber,
  signingAlgorithmFor,
  spkiDer,
  toArrayBuffer,
  toCryptoKeyPair,
} from '../../electron/core/pki';
import { literalName, x509 } from '../../electron/core/pki/x509-provider';

export const KEY_USAGE = x509.KeyUsageFlags;

export interface ForgeRequest {
  /** The subject's CN (and O when given). */
  readonly subject: { readonly cn: string; readonly o?: string };
  /** The signing CA's certificate, whose subject becomes the issuer name; none: self-issued. */
  readonly issuer?: Uint8Array;
  readonly publicKey: KeyObject;
  /** The key that signs (the issuing CA's private key; the subject's own for self-signed). */
  readonly signingKey: KeyObject;
  readonly ca: boolean;
  /** KEY_USAGE flags; none when absent. */
  readonly keyUsage?: number;
  /** Extended key usages; clientAuth for a leaf unless given. */
  readonly extendedKeyUsage?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

const HOUR = 3_600_000;

function nameOf(n: { readonly cn: string; readonly o?: string }): x509.Name {
  return literalName(
    n.o === undefined
      ? [['CN', n.cn]]
      : [
          ['CN', n.cn],
          ['O', n.o],
        ],
  );
}

/** A certificate as asked, DER. */
export async function forgeCertificate(request: ForgeRequest): Promise<Buffer> {
  const algorithm = keyAlgorithmOf(request.signingKey);
  const signer = await toCryptoKeyPair({ algorithm, privateKey: request.signingKey });
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(request.ca, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(spkiDer(request.publicKey)),
    await x509.AuthorityKeyIdentifierExtension.create(spkiDer(request.signingKey)),
  ];
  if (request.keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(request.keyUsage, true));
  const eku = request.extendedKeyUsage ?? (request.ca ? [] : [EKU_CLIENT_AUTH]);
  if (eku.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension([...eku]));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: nameOf(request.subject),
    issuer: request.issuer ? new x509.X509Certificate(toArrayBuffer(request.issuer)).subjectName : nameOf(request.subject),
    notBefore: request.notBefore ?? new Date(Date.now() - HOUR),
    notAfter: request.notAfter ?? new Date(Date.now() + 48 * HOUR),
    publicKey: spkiDer(request.publicKey),
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithmFor(algorithm),
    extensions,
  });
  return Buffer.from(cert.rawData);
}
