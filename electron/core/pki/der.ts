// The few fields the client reads straight from a certificate's DER, without a full ASN.1 parse:
// parsing every extension of every certificate into objects (as @peculiar/x509 does) cost most
// of a status with many certificates in the store. Node's own parser has validated the DER first.
import { PkiError } from './errors';

export interface Tlv {
  readonly tag: number;
  /** Where the value starts and ends (exclusive); the element itself starts at `at`. */
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

/** One DER element at `at`, inside `limit`; `fail` names what the DER should have been. */
export function readTlv(der: Uint8Array, at: number, limit: number, fail: () => PkiError = malformed): Tlv {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined || (tag & 0x1f) === 0x1f) throw fail();
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw fail();
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? Number.NaN);
    start += bytes;
  }
  const end = start + length;
  if (!Number.isFinite(end) || end > limit) throw fail();
  return { tag, at, start, end };
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const VERSION = 0xa0; // [0] EXPLICIT

/** The issuer and subject Names (DER, each a SEQUENCE) of an X.509 certificate. */
export function certificateNames(der: Uint8Array): { readonly issuer: Uint8Array; readonly subject: Uint8Array } {
  const certificate = readTlv(der, 0, der.length);
  if (certificate.tag !== SEQUENCE || certificate.end !== der.length) throw malformed();
  const tbs = expect(readTlv(der, certificate.start, certificate.end), SEQUENCE);
  let field = readTlv(der, tbs.start, tbs.end);
  if (field.tag === VERSION) field = readTlv(der, field.end, tbs.end);
  expect(field, INTEGER); // serialNumber
  const signature = expect(readTlv(der, field.end, tbs.end), SEQUENCE);
  const issuer = expect(readTlv(der, signature.end, tbs.end), SEQUENCE);
  const validity = expect(readTlv(der, issuer.end, tbs.end), SEQUENCE);
  const subject = expect(readTlv(der, validity.end, tbs.end), SEQUENCE);
  return { issuer: der.subarray(issuer.at, issuer.end), subject: der.subarray(subject.at, subject.end) };
}

function expect(tlv: Tlv, tag: number): Tlv {
  if (tlv.tag !== tag) throw malformed();
  return tlv;
}

function malformed(): PkiError {
  return new PkiError('PKI-BAD-CERTIFICATE', 'the certificate is not a DER X.509 certificate');
}
