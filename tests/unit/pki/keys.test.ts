import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  describeKey,
  generateKeyPair,
  keyAlgorithmOf,
  PkiError,
  samePublicKey,
  spkiDer,
  toCryptoKeyPair,
} from '../../../electron/core/pki';

describe('generateKeyPair', () => {
  it('makes an RSA-2048 key with exponent 65537 by default', async () => {
    const pair = await generateKeyPair();
    expect(pair.algorithm).toBe('rsa-2048');
    expect(pair.privateKey.type).toBe('private');
    expect(pair.publicKey.type).toBe('public');
    expect(describeKey(pair.privateKey)).toEqual({ type: 'rsa', bits: 2048 });
    expect(describeKey(pair.publicKey)).toEqual({ type: 'rsa', bits: 2048 });
    expect(pair.publicKey.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    expect(keyAlgorithmOf(pair.privateKey)).toBe('rsa-2048');
  });

  it('makes a P-256 key on request', async () => {
    const pair = await generateKeyPair('ecdsa-p256');
    expect(pair.algorithm).toBe('ecdsa-p256');
    expect(describeKey(pair.privateKey)).toEqual({ type: 'ec', curve: 'prime256v1' });
    expect(describeKey(pair.publicKey)).toEqual({ type: 'ec', curve: 'prime256v1' });
    expect(keyAlgorithmOf(pair.publicKey)).toBe('ecdsa-p256');
  });

  it.each(['rsa-2048', 'ecdsa-p256'] as const)('returns halves of one %s pair (what one signs, the other verifies)', async (algorithm) => {
    const pair = await generateKeyPair(algorithm);
    const data = Buffer.from('給与天引き');
    const signature = sign('sha256', data, pair.privateKey);
    expect(verify('sha256', data, pair.publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('other'), pair.publicKey, signature)).toBe(false);
  });

  it('never returns the same key twice', async () => {
    const [a, b] = await Promise.all([generateKeyPair('ecdsa-p256'), generateKeyPair('ecdsa-p256')]);
    expect(samePublicKey(a.publicKey, b.publicKey)).toBe(false);
  });
});

describe('describeKey and keyAlgorithmOf on keys this system does not use', () => {
  it('describes other curves by name and refuses them as an algorithm', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(describeKey(privateKey)).toEqual({ type: 'ec', curve: 'secp384r1' });
    expect(() => keyAlgorithmOf(privateKey)).toThrow(expect.objectContaining({ code: 'PKI-UNSUPPORTED-KEY' }) as Error);
  });

  it('reports Ed25519 as "other" and refuses it with PKI-UNSUPPORTED-KEY', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(describeKey(privateKey)).toEqual({ type: 'other' });
    let caught: unknown;
    try {
      keyAlgorithmOf(privateKey);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PkiError);
    expect((caught as PkiError).code).toBe('PKI-UNSUPPORTED-KEY');
  });

  it('reports the real size of a non-2048 RSA key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(describeKey(publicKey)).toEqual({ type: 'rsa', bits: 1024 });
  });
});

describe('samePublicKey and spkiDer', () => {
  it('matches a private key with its own public key, in either order', async () => {
    const pair = await generateKeyPair('ecdsa-p256');
    expect(samePublicKey(pair.privateKey, pair.publicKey)).toBe(true);
    expect(samePublicKey(pair.publicKey, pair.privateKey)).toBe(true);
    expect(samePublicKey(pair.privateKey, pair.privateKey)).toBe(true);
  });

  it('tells apart different keys, and an RSA key from an EC key', async () => {
    const [rsa1, rsa2, ec] = await Promise.all([generateKeyPair('rsa-2048'), generateKeyPair('rsa-2048'), generateKeyPair('ecdsa-p256')]);
    expect(samePublicKey(rsa1.privateKey, rsa2.publicKey)).toBe(false);
    expect(samePublicKey(rsa1.publicKey, ec.publicKey)).toBe(false);
  });

  it('gives the DER SubjectPublicKeyInfo, the same for the private and the public half', async () => {
    const pair = await generateKeyPair('ecdsa-p256');
    const der = spkiDer(pair.privateKey);
    expect(der.equals(pair.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(der[0]).toBe(0x30); // a DER SEQUENCE, not PEM text
  });
});

describe('toCryptoKeyPair', () => {
  it.each(['rsa-2048', 'ecdsa-p256'] as const)(
    'gives a non-extractable %s signing key whose signatures the native public key verifies',
    async (algorithm) => {
      const pair = await generateKeyPair(algorithm);
      const keys = await toCryptoKeyPair(pair);
      expect(keys.privateKey.extractable).toBe(false);
      expect(keys.privateKey.usages).toEqual(['sign']);
      const data = Buffer.from('proof of possession');
      const params = algorithm === 'rsa-2048' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' };
      const signature = Buffer.from(await crypto.subtle.sign(params, keys.privateKey, data));
      const ok = verify(
        'sha256',
        data,
        algorithm === 'rsa-2048' ? pair.publicKey : { key: pair.publicKey, dsaEncoding: 'ieee-p1363' },
        signature,
      );
      expect(ok).toBe(true);
    },
  );
});
