import { x509 } from './x509-provider';
import { PkiError } from './errors';
import { toArrayBuffer } from './csr';

/** A degenerate PKCS#7 SignedData holding only certificates (RFC 7030 "certs-only"); DER. */
export function encodeCertsOnly(certificatesDer: readonly Uint8Array[]): Buffer {
  const certs = new x509.X509Certificates(certificatesDer.map((der) => new x509.X509Certificate(toArrayBuffer(der))));
  return Buffer.from(certs.export('raw'));
}

/** The certificates of a certs-only PKCS#7 (DER), in the order they appear. */
export function decodeCertsOnly(der: Uint8Array): Buffer[] {
  let certs: x509.X509Certificates;
  try {
    certs = new x509.X509Certificates(toArrayBuffer(der));
  } catch (cause) {
    throw new PkiError('PKI-BAD-PKCS7', 'the PKCS#7 certificate bundle cannot be parsed', { cause });
  }
  if (certs.length === 0) throw new PkiError('PKI-BAD-PKCS7', 'the PKCS#7 bundle holds no certificate');
  return certs.map((c) => Buffer.from(c.rawData));
}
