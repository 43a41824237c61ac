import { createPublicKey, type KeyObject } from 'node:crypto';
import { literalName, x509 } from './x509-provider';
import { PkiError } from './errors';
import { describeKey, signingAlgorithmFor, toCryptoKeyPair, type KeyDescription, type KeyPair } from './keys';

/** Builds a PKCS#10 request whose subject is exactly `CN=<commonName>`; returns DER. */
export async function createCsr(pair: KeyPair, commonName: string): Promise<Buffer> {
  const keys = await toCryptoKeyPair(pair);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    // A literal Name: no DN string parsing or unescaping, so no login ID can inject extra RDNs
    // or change its own value.
    name: literalName([['CN', commonName]]),
    keys,
    signingAlgorithm: signingAlgorithmFor(pair.algorithm),
  });
  return Buffer.from(csr.rawData);
}

export interface ParsedCsr {
  /** Every CN value of the subject, in order (a valid request for this system has exactly one). */
  readonly commonNames: readonly string[];
  /** The subject as an RFC 4514 string, for messages and logs. */
  readonly subject: string;
  readonly publicKey: KeyObject;
  readonly key: KeyDescription;
  /** Whether the request's self-signature verifies with its own public key (proof of possession). */
  readonly signatureValid: boolean;
}

/** Parses a DER PKCS#10 request and verifies its signature; throws PkiError on malformed input. */
export async function parseCsr(der: Uint8Array): Promise<ParsedCsr> {
  let csr: x509.Pkcs10CertificateRequest;
  let publicKey: KeyObject;
  try {
    csr = new x509.Pkcs10CertificateRequest(toArrayBuffer(der));
    publicKey = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new PkiError('PKI-BAD-CSR', 'the certificate request (PKCS#10) cannot be parsed', { cause });
  }
  // An unsupported or malformed signature is simply not a valid proof of possession.
  const signatureValid = await csr.verify().catch(() => false);
  return {
    commonNames: csr.subjectName.getField('CN'),
    subject: csr.subject,
    publicKey,
    key: describeKey(publicKey),
    signatureValid,
  };
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
