import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  generateKeyPair,
  parseCsr,
  PkiError,
  samePublicKey,
  spkiDer,
  type KeyPair,
  type ParsedCsr,
} from '../../../electron/core/pki';
import { x509 } from '../../../electron/core/pki/x509-provider';
import { runTool, runToolOk } from '../../helpers/run-tool';
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
        if (typeof result === 'string' ? result !== 'PKI-BAD-CSR' : result.signatureValid)
          accepted.push(`byte ${i} ^ ${mask}: ${JSON.stringify(result)}`);
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

describe("a request that carries someone else's public key", () => {
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
    expect(await outcome(Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n'))).toBe(
      'PKI-BAD-CSR',
    );
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

/** A DER element with minimal length encoding, to rebuild a request around one altered part. */
function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** The three parts of a request (info, algorithm, signature BIT STRING) as raw elements. */
function parts(der: Buffer): { info: Buffer; algorithm: Buffer; bitString: Buffer; signature: Buffer } {
  const info = signedPart(der);
  const algorithm = derElement(der, info.end);
  const bits = derElement(der, algorithm.end);
  const bitString = der.subarray(bits.start, bits.end);
  const header = bitString[1]! < 0x80 ? 2 : 2 + (bitString[1]! & 0x7f);
  // After the header: the unused-bits byte, then the signature value itself.
  return {
    info: der.subarray(info.start, info.end),
    algorithm: der.subarray(algorithm.start, algorithm.end),
    bitString,
    signature: bitString.subarray(header + 1),
  };
}

/** The same request with the outer length written in 4 bytes: valid BER, not DER. */
function berOuterLength(der: Buffer): Buffer {
  const content = der.subarray(der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(content.length);
  return Buffer.concat([Buffer.from([0x30, 0x84]), length, content]);
}

const reassemble = (...elements: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(elements));

/** A copy of `der` with the byte at `at` replaced. */
function withByte(der: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(der);
  copy[at] = value;
  return copy;
}

interface Variant {
  readonly name: string;
  readonly der: Buffer;
  /** OpenSSL 3 refuses it too; where it does not, we are deliberately stricter (canonical DER only). */
  readonly opensslRefuses: boolean;
}

// Alterations outside the signed part (CertificationRequestInfo), so the self-signature cannot
// catch them. The lenient parser underneath accepted the algorithm-tag, unused-bits and ECDSA
// wrapper ones and even reported a valid signature, while OpenSSL refuses them.
function nonCanonicalVariants(der: Buffer, algorithm: 'rsa-2048' | 'ecdsa-p256'): Variant[] {
  const { info, algorithm: algo, bitString, signature } = parts(der);
  const algoAt = info.length + (der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f));
  const unusedAt = algoAt + algo.length + (bitString[1]! < 0x80 ? 2 : 2 + (bitString[1]! & 0x7f));
  const variants: Variant[] = [
    {
      name: 'outer AlgorithmIdentifier tagged [16] constructed (0xB0) instead of SEQUENCE',
      der: withByte(der, algoAt, 0xb0),
      opensslRefuses: true,
    },
    { name: 'signature BIT STRING with 1 unused bit', der: withByte(der, unusedAt, 0x01), opensslRefuses: true },
    { name: 'signature BIT STRING with 7 unused bits', der: withByte(der, unusedAt, 0x07), opensslRefuses: true },
    // OpenSSL reads these two (BER lengths, and it ignores what follows the first element).
    { name: 'outer SEQUENCE length in a longer form than needed (BER)', der: berOuterLength(der), opensslRefuses: false },
    { name: 'a trailing byte after the request', der: Buffer.concat([der, Buffer.from([0x00])]), opensslRefuses: false },
  ];
  if (algorithm === 'ecdsa-p256') {
    const sig = Buffer.from(signature);
    const r = derElement(sig, 2);
    const rContent = sig.subarray(r.start + 2, r.end);
    const rest = sig.subarray(r.end);
    const resigned = (value: Buffer) => reassemble(info, algo, tlv(0x03, Buffer.concat([Buffer.from([0]), value])));
    variants.push(
      {
        name: 'ECDSA signature wrapped in [0] constructed (0xA0) instead of SEQUENCE',
        der: withByte(der, unusedAt + 1, 0xa0),
        opensslRefuses: true,
      },
      { name: 'ECDSA signature wrapped in a SET', der: withByte(der, unusedAt + 1, 0x31), opensslRefuses: true },
      {
        name: 'ECDSA r with a superfluous leading zero byte',
        der: resigned(tlv(0x30, Buffer.concat([tlv(0x02, Buffer.concat([Buffer.from([0, 0]), rContent])), rest]))),
        opensslRefuses: true,
      },
      {
        name: 'ECDSA signature with bytes after s',
        der: resigned(tlv(0x30, Buffer.concat([sig.subarray(2), Buffer.from([0x05, 0x00])]))),
        opensslRefuses: true,
      },
    );
  }
  return variants;
}

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('parseCsr accepts canonical DER only (%s)', (algorithm) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csr-der-'));
    return () => rm(dir, { recursive: true, force: true });
  });

  it("the test's own re-assembly of an untouched request gives the same bytes (the variants differ only where intended)", async () => {
    const der = await createCsr(pairs[algorithm], 'user01');
    const { info, algorithm: algo, bitString } = parts(der);
    expect(reassemble(info, algo, bitString).equals(der)).toBe(true);
  });

  it('refuses every non-DER alteration outside the signed part with PKI-BAD-CSR (OpenSSL refuses most of them too)', async () => {
    const der = await createCsr(pairs[algorithm], 'user01');
    for (const variant of nonCanonicalVariants(der, algorithm)) {
      expect.soft(await outcome(variant.der), variant.name).toBe('PKI-BAD-CSR');
      const file = join(dir, 'altered.der');
      await writeFile(file, variant.der);
      // `req -verify` exits 0 on a failed verification in OpenSSL 3.0: the message is the verdict.
      const openssl = await runTool('openssl', ['req', '-inform', 'DER', '-in', file, '-verify', '-noout']);
      const opensslAccepted = openssl.code === 0 && /verify OK/.test(openssl.stderr);
      expect.soft(opensslAccepted, `openssl ${opensslAccepted ? 'accepted' : 'refused'}: ${variant.name}`).toBe(!variant.opensslRefuses);
    }
  });

  it('still accepts many of our own requests (ECDSA r and s of every length and sign-byte case)', async () => {
    for (let i = 0; i < 24; i++) {
      const pair = algorithm === 'rsa-2048' && i > 2 ? pairs[algorithm] : await generateKeyPair(algorithm);
      expect((await parseCsr(await createCsr(pair, `user${i}`))).signatureValid).toBe(true);
    }
  });

  it('accepts requests made by OpenSSL, with a UTF-8 subject and an extension request', async () => {
    const keyArgs = algorithm === 'rsa-2048' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    const out = join(dir, 'openssl.der');
    await runToolOk('openssl', [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      join(dir, 'openssl.key'),
      '-utf8',
      '-subj',
      '/CN=山田太郎/O=Rokin',
      '-addext',
      'subjectAltName=DNS:example.jp',
      '-outform',
      'DER',
      '-out',
      out,
    ]);
    const parsed = await parseCsr(await readFile(out));
    expect(parsed.commonNames).toEqual(['山田太郎']);
    expect(parsed.signatureValid).toBe(true);
  });
});
