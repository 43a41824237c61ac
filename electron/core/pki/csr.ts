import { createPublicKey, type KeyObject } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
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

/**
 * Parses a DER PKCS#10 request and verifies its signature; throws PkiError on malformed input,
 * including any encoding that is not canonical DER.
 */
export async function parseCsr(der: Uint8Array): Promise<ParsedCsr> {
  assertCanonicalCsr(der);
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

// The parser under @peculiar/x509 is lenient outside the signed part: it accepted a wrong tag on
// the outer signature AlgorithmIdentifier, a non-zero "unused bits" byte in the signature BIT
// STRING and a non-SEQUENCE wrapper around an ECDSA signature, all of which OpenSSL refuses. The
// signature cannot catch these (it covers only CertificationRequestInfo), so what the issuer
// accepts is pinned down here instead: exactly the bytes a DER encoder would produce.
const ECDSA_SIGNATURE_OIDS = /^1\.2\.840\.10045\.4\./;

function assertCanonicalCsr(der: Uint8Array): void {
  let parsed: CertificationRequest;
  let canonical: Uint8Array;
  try {
    parsed = AsnConvert.parse(der, CertificationRequest);
    // Re-encoding from the parsed values gives the one DER form: any difference (a BER length, a
    // changed tag the parser tolerated, unused bits, trailing bytes) means the input was not DER.
    canonical = new Uint8Array(AsnConvert.serialize(parsed));
  } catch (cause) {
    throw new PkiError('PKI-BAD-CSR', 'the certificate request (PKCS#10) cannot be parsed', { cause });
  }
  if (Buffer.compare(canonical, der) !== 0) {
    throw new PkiError('PKI-BAD-CSR', 'the certificate request (PKCS#10) is not in canonical DER');
  }
  // The BIT STRING's content is opaque to the schema; for ECDSA it is itself DER (Ecdsa-Sig-Value).
  if (ECDSA_SIGNATURE_OIDS.test(parsed.signatureAlgorithm.algorithm) && !isDerEcdsaSignature(new Uint8Array(parsed.signature))) {
    throw new PkiError('PKI-BAD-CSR', 'the ECDSA signature of the certificate request is not in canonical DER');
  }
}

/** `SEQUENCE { INTEGER r, INTEGER s }` with minimal lengths, positive minimal integers and nothing after it. */
function isDerEcdsaSignature(sig: Uint8Array): boolean {
  const seq = readDerHeader(sig, 0, 0x30);
  if (!seq || seq.end !== sig.length) return false;
  let offset = seq.contentStart;
  for (let i = 0; i < 2; i++) {
    const int = readDerHeader(sig, offset, 0x02);
    if (!int || int.end > seq.end || int.end === int.contentStart) return false;
    const first = sig[int.contentStart]!;
    // Negative, or a leading 0x00 that the next byte does not need as a sign byte.
    if (first & 0x80) return false;
    if (first === 0 && (int.end - int.contentStart === 1 || (sig[int.contentStart + 1]! & 0x80) === 0)) return false;
    offset = int.end;
  }
  return offset === seq.end;
}

/** The element with `tag` at `offset`, if its length is in minimal DER form and fits in `bytes`. */
function readDerHeader(bytes: Uint8Array, offset: number, tag: number): { contentStart: number; end: number } | undefined {
  if (bytes[offset] !== tag || offset + 2 > bytes.length) return undefined;
  const first = bytes[offset + 1]!;
  let length = first;
  let contentStart = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || contentStart + count > bytes.length || bytes[contentStart] === 0) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    contentStart += count;
    if (length < 0x80) return undefined;
  }
  const end = contentStart + length;
  return end <= bytes.length ? { contentStart, end } : undefined;
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
