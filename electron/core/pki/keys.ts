import { generateKeyPair as generateKeyPairNative, createPublicKey, type KeyObject, type webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { subtle } from './x509-provider';
import { PkiError } from './errors';

const generateNative = promisify(generateKeyPairNative);

/** RSA-2048 is the default: every Windows, NSS and macOS version imports it. P-256 is opt-in. */
export type KeyAlgorithm = 'rsa-2048' | 'ecdsa-p256';

export interface KeyPair {
  readonly algorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Generates the key pair on OpenSSL's native path (the libuv thread pool), never in JS. */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'rsa-2048'): Promise<KeyPair> {
  if (algorithm === 'rsa-2048') {
    const { privateKey, publicKey } = await generateNative('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    return { algorithm, privateKey, publicKey };
  }
  const { privateKey, publicKey } = await generateNative('ec', { namedCurve: 'P-256' });
  return { algorithm, privateKey, publicKey };
}

/** What kind of key this is, in the terms the issuing policy checks (RSA size, EC curve). */
export interface KeyDescription {
  readonly type: 'rsa' | 'ec' | 'other';
  /** RSA modulus length in bits. */
  readonly bits?: number;
  /** EC curve name as Node reports it, e.g. `prime256v1`. */
  readonly curve?: string;
}

export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return { type: 'rsa', ...(details.modulusLength ? { bits: details.modulusLength } : {}) };
  if (key.asymmetricKeyType === 'ec') return { type: 'ec', ...(details.namedCurve ? { curve: details.namedCurve } : {}) };
  return { type: 'other' };
}

export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const d = describeKey(key);
  if (d.type === 'rsa') return 'rsa-2048';
  if (d.type === 'ec' && d.curve === 'prime256v1') return 'ecdsa-p256';
  throw new PkiError('PKI-UNSUPPORTED-KEY', `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

/** DER SubjectPublicKeyInfo: the canonical form for comparing public keys. */
export function spkiDer(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' });
}

/** True when both keys (public or private) have the same public half. */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return spkiDer(a).equals(spkiDer(b));
}

/** The WebCrypto algorithm that signs with this kind of key (SHA-256 throughout). */
export function signingAlgorithmFor(
  algorithm: KeyAlgorithm,
): webcrypto.RsaHashedImportParams | (webcrypto.EcKeyImportParams & { hash: string }) {
  return algorithm === 'rsa-2048'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
}

/**
 * WebCrypto handles for a native key pair, for @peculiar/x509's generators. The private key is
 * imported non-extractable: the CryptoKey exists only to sign.
 */
export async function toCryptoKeyPair(pair: Pick<KeyPair, 'algorithm' | 'privateKey'>): Promise<webcrypto.CryptoKeyPair> {
  const algorithm = signingAlgorithmFor(pair.algorithm);
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  try {
    const privateKey = await subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
    const publicKey = await subtle.importKey('spki', spkiDer(pair.privateKey), algorithm, true, ['verify']);
    return { privateKey, publicKey };
  } finally {
    pkcs8.fill(0);
  }
}
