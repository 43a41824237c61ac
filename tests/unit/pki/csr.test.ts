import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCsr, generateKeyPair, parseCsr, PkiError, samePublicKey, spkiDer, type KeyPair, type ParsedCsr } from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { issueTo, makeCa } from './pki-fixtures';

/** Parses, or returns the PkiError code: what an issuer would see for these bytes. */
async function outcome(der: Uint8Array): Promise<ParsedCsr | string> {
  try {
    return await parseCsr(der);
  } catch (error) {
    return error instanceof PkiError ? error.code : `not a PkiError: ${String(error)}`;
  }
}

/** [start, end) of the DER element starting at `offset`. */
function derElement(der: Uint8Array, offset: number): { start: number; end: number } {
  const first = der[offset + 1]!;
  if (first < 0x80) return { start: offset, end: offset + 2 + first };
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[offset + 2 + i]!;
  return { start: offset, end: offset + 2 + n + len };
}

/** The signed part of a PKCS#10 request: CertificationRequestInfo, the first element of the outer SEQUENCE. */
function signedPart(der: Uint8Array): { start: number; end: number } {
  const outerHeader = der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
  return derElement(der, outerHeader);
}

const pairs: Record<'rsa-2048' | 'ecdsa-p256', KeyPair> = {} as never;
beforeAll(async () => {
  pairs['rsa-2048'] = await generateKeyPair('rsa-2048');
  pairs['ecdsa-p256'] = await generateKeyPair('ecdsa-p256');
});

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('createCsr + parseCsr (%s)', (algorithm) => {
  it('requests exactly CN=<login ID> for the generated key, with a valid self-signature', async () => {
    const pair = pairs[algorithm];
    const parsed = await parseCsr(await createCsr(pair, 'user01'));
    expect(parsed.subject).toBe('CN=user01');
    expect(parsed.commonNames).toEqual(['user01']);
    expect(parsed.signatureValid).toBe(true);
    expect(samePublicKey(parsed.publicKey, pair.publicKey)).toBe(true);
    expect(parsed.key).toEqual(algorithm === 'rsa-2048' ? { type: 'rsa', bits: 2048 } : { type: 'ec', curve: 'prime256v1' });
  });

  it('signs with SHA-256', async () => {
    const csr = new x509.Pkcs10CertificateRequest(await createCsr(pairs[algorithm], 'user01'));
    expect(csr.signatureAlgorithm).toMatchObject({ hash: { name: 'SHA-256' } });
  });

  it('never verifies after any bit of the signed part (subject, key, attributes) is flipped', async () => {
    const der = await createCsr(pairs[algorithm], 'user01');
    const { start, end } = signedPart(der);
    expect(end - start).toBeGreaterThan(100);
    const accepted: string[] = [];
    for (let i = start; i < end; i++) {
      for (const mask of [0x01, 0x80]) {
        const tampered = Buffer.from(der);
        tampered[i]! ^= mask;
        const result = await outcome(tampered);
        if (typeof result === 'string' ? result !== 'PKI-BAD-CSR' : result.signatureValid) accepted.push(`byte ${i} ^ ${mask}: ${JSON.stringify(result)}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('does not verify when the subject is rewritten (user01 → user02)', async () => {
    const der = await createCsr(pairs[algorithm], 'user01');
    const at = der.indexOf('user01');
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(der);
    tampered.write('user02', at, 'latin1');
    const parsed = await parseCsr(tampered);
    expect(parsed.commonNames).toEqual(['user02']);
    expect(parsed.signatureValid).toBe(false);
  });

  it('does not verify when the last byte of the signature changes', async () => {
    const tampered = Buffer.from(await createCsr(pairs[algorithm], 'user01'));
    tampered[tampered.length - 1]! ^= 0x01;
    expect((await parseCsr(tampered)).signatureValid).toBe(false);
  });

  it('refuses a truncated request with PKI-BAD-CSR', async () => {
    const der = await createCsr(pairs[algorithm], 'user01');
    for (const length of [0, 1, 10, der.length >> 1, der.length - 1]) {
      expect(await outcome(der.subarray(0, length))).toBe('PKI-BAD-CSR');
    }
  });
});

describe('a request that carries someone else\'s public key', () => {
  it('does not verify (no proof of possession)', async () => {
    const [mine, theirs] = await Promise.all([generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
    const der = await createCsr(mine, 'user01');
    const mySpki = spkiDer(mine.publicKey);
    const at = der.indexOf(mySpki);
    expect(at).toBeGreaterThan(0);
    const swapped = Buffer.from(der);
    spkiDer(theirs.publicKey).copy(swapped, at); // same length for P-256
    const parsed = await parseCsr(swapped);
    expect(samePublicKey(parsed.publicKey, theirs.publicKey)).toBe(true);
    expect(parsed.signatureValid).toBe(false);
  });
});

describe('parseCsr on things that are not a request', () => {
  it('refuses random bytes and text with PKI-BAD-CSR', async () => {
    expect(await outcome(randomBytes(300))).toBe('PKI-BAD-CSR');
    expect(await outcome(Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'))).toBe('PKI-BAD-CSR');
  });

  it('does not accept a certificate as a valid request', async () => {
    const ca = await makeCa();
    const cert = await issueTo(ca, pairs['ecdsa-p256']);
    const result = await outcome(cert.der);
    expect(typeof result === 'string' ? result : result.signatureValid).toSatisfy((r: unknown) => r === 'PKI-BAD-CSR' || r === false);
  });
});

describe('login IDs with DN syntax characters', () => {
  // Each one would change the subject if it were put into a DN string or unescaped:
  // extra RDNs, a multi-valued RDN, a quoted part replacing the rest, a hex-encoded value.
  const ids = [
    'a,CN=admin',
    'user01,O=Rokin Bank',
    'x+CN=admin',
    'O=evil',
    'q="\\',
    'x"admin"',
    '"admin"',
    'back\\,slash',
    'x\\0ay',
    '#0c0561646d696e',
    '#hash',
    ' leading and trailing ',
    'semi;colon<angle>',
    '山田太郎',
    'user\u0000nul',
  ];

  it.each(ids)('keeps %j as the one and only CN, value unchanged', async (id) => {
    const der = await createCsr(pairs['ecdsa-p256'], id);
    const parsed = await parseCsr(der);
    expect(parsed.commonNames).toEqual([id]);
    expect(parsed.signatureValid).toBe(true);
    // One RDN holding one attribute: nothing was injected beside the CN.
    const subject = new x509.Pkcs10CertificateRequest(der).subjectName.toJSON();
    expect(subject).toEqual([{ CN: [id] }]);
  });
});
