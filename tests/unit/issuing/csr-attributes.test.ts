// /csrattrs (RFC 7030 §4.5): the server's list read from its DER, and what of it a request of
// this client (RSA 2048 or ECDSA P-256, SHA-256, CN=login ID) cannot carry.
import { describe, expect, it } from 'vitest';
import { unmetCsrAttributes, csrAttributesRefusal } from '../../../electron/core/issuing';
import { parseCsrAttributes, PkiError } from '../../../electron/core/pki';

/** RFC 7030 §4.5.2's example: challengePassword, an EC key on secp384r1, a macAddress extension, ecdsa-with-SHA384. */
const RFC7030_EXAMPLE = 'MEEGCSqGSIb3DQEJBzASBgcqhkjOPQIBMQcGBSuBBAAiMBYGCSqGSIb3DQEJDjEJBgcrBgEBAQEWBggqhkjOPQQDAw==';
/** An EC key on prime256v1, ecdsa-with-SHA256 (checked with `openssl asn1parse`). */
const P256_ONLY = 'MCEwFQYHKoZIzj0CATEKBggqhkjOPQMBBwYIKoZIzj0EAwI=';

const der = (base64: string) => Buffer.from(base64, 'base64');

describe('parseCsrAttributes', () => {
  it('reads the RFC 7030 example: bare OIDs and attributes with the OIDs among their values', () => {
    expect(parseCsrAttributes(der(RFC7030_EXAMPLE))).toEqual([
      { oid: '1.2.840.113549.1.9.7', valueOids: [] },
      { oid: '1.2.840.10045.2.1', valueOids: ['1.3.132.0.34'] },
      { oid: '1.2.840.113549.1.9.14', valueOids: ['1.3.6.1.1.1.1.22'] },
      { oid: '1.2.840.10045.4.3.3', valueOids: [] },
    ]);
  });

  it('reads an empty list, and refuses what is not a CsrAttrs with PKI-BAD-DER', () => {
    expect(parseCsrAttributes(Buffer.from([0x30, 0x00]))).toEqual([]);
    for (const bad of [
      Buffer.from([0x30, 0x05, 0x06, 0x01]), // longer than the bytes
      Buffer.from([0x31, 0x00]), // a SET, not a SEQUENCE
      Buffer.from([0x30, 0x02, 0x02, 0x00]), // an INTEGER member
      Buffer.from([0x30, 0x03, 0x06, 0x01, 0x81]), // an OID whose last byte continues
      Buffer.concat([der(P256_ONLY), Buffer.from([0x00])]), // trailing bytes
    ]) {
      expect(() => parseCsrAttributes(bad), bad.toString('hex')).toThrow(PkiError);
    }
  });
});

describe('what the request cannot carry', () => {
  it('the RFC example wants a P-384 key and SHA-384 signatures: neither key type can give them', () => {
    const attributes = parseCsrAttributes(der(RFC7030_EXAMPLE));
    for (const key of ['rsa-2048', 'ecdsa-p256'] as const) {
      expect(unmetCsrAttributes(attributes, key)).toEqual(['a key of type ECDSA (P-384)', 'a signature with ecdsa-with-SHA384']);
    }
    const refusal = csrAttributesRefusal(attributes, 'ecdsa-p256');
    expect(refusal).toMatchObject({ code: 'ISSUE-CSR-ATTRS', actor: 'bank' });
    // No key type of ours would do: no --key-type advice.
    expect(refusal?.detail).toBeUndefined();
  });

  it('a P-256 key with SHA-256: met by --key-type ec, and an RSA request is told so', () => {
    const attributes = parseCsrAttributes(der(P256_ONLY));
    expect(unmetCsrAttributes(attributes, 'ecdsa-p256')).toEqual([]);
    expect(csrAttributesRefusal(attributes, 'ecdsa-p256')).toBeUndefined();
    const refusal = csrAttributesRefusal(attributes, 'rsa-2048');
    expect(refusal?.code).toBe('ISSUE-CSR-ATTRS');
    expect(refusal?.detail).toContain('--key-type ec');
  });

  it('nothing listed, or only what it does not act on (challengePassword, extensions, unknown OIDs): no refusal', () => {
    expect(unmetCsrAttributes([], 'rsa-2048')).toEqual([]);
    const hints = [
      { oid: '1.2.840.113549.1.9.7', valueOids: [] },
      { oid: '1.2.840.113549.1.9.14', valueOids: ['2.5.29.17'] },
      { oid: '1.3.6.1.4.1.99999.1', valueOids: [] },
    ];
    expect(unmetCsrAttributes(hints, 'rsa-2048')).toEqual([]);
    // Several key types or signatures listed are alternatives: one of ours among them is enough.
    const either = [
      { oid: '1.2.840.113549.1.1.1', valueOids: [] },
      { oid: '1.2.840.10045.2.1', valueOids: ['1.3.132.0.34'] },
      { oid: '1.2.840.113549.1.1.11', valueOids: [] },
      { oid: '1.2.840.10045.4.3.3', valueOids: [] },
    ];
    expect(unmetCsrAttributes(either, 'rsa-2048')).toEqual([]);
  });
});
