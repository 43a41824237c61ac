// The journal file format (v1) and its encryption. The file is JSON
//   { v: 1, id, alg: 'A256GCM', iv, tag, ciphertext }            (binary fields base64)
// and the ciphertext is AES-256-GCM over the JSON of a JournalRecord. The header (v, id, alg) is
// the GCM additional data: changing the version, the algorithm or the id (e.g. copying one
// journal over another's name) fails authentication instead of being believed.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { JournalError } from './journal-errors';

export const JOURNAL_VERSION = 1;
export const JOURNAL_ALG = 'A256GCM';
export const JOURNAL_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_LABEL = 'cjs-cert enrollment journal\0';

/** Ids name files and vault accounts: a closed alphabet keeps them from naming anything else. */
export const JOURNAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What is encrypted. Binary fields are base64; dates ISO 8601. */
export interface JournalRecord {
  readonly id: string;
  readonly operation: 'enroll' | 'renew';
  readonly issuerUrl: string;
  readonly loginId: string;
  readonly keyAlgorithm: 'rsa-2048' | 'ecdsa-p256';
  /** PKCS#8 DER of the private key. */
  readonly privateKey: string;
  /** DER PKCS#10, exactly as submitted: resubmitting it gets the same certificate back. */
  readonly csr: string;
  readonly createdAt: string;
  /** DER of the issued certificate, once the issuer answered. */
  readonly certificate?: string;
  readonly issuedAt?: string;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)));

const recordSchema = z.object({
  id: z.string().regex(JOURNAL_ID),
  operation: z.enum(['enroll', 'renew']),
  issuerUrl: z.string().min(1),
  loginId: z.string().min(1),
  keyAlgorithm: z.enum(['rsa-2048', 'ecdsa-p256']),
  privateKey: base64.min(1),
  csr: base64.min(1),
  createdAt: isoDate,
  certificate: base64.min(1).optional(),
  issuedAt: isoDate.optional(),
});

const fileSchema = z.object({
  v: z.literal(JOURNAL_VERSION),
  id: z.string().regex(JOURNAL_ID),
  alg: z.literal(JOURNAL_ALG),
  iv: base64,
  tag: base64,
  ciphertext: base64,
});

function additionalData(id: string): Buffer {
  // Fixed key order: the AAD must be byte-identical when decrypting.
  return Buffer.from(AAD_LABEL + JSON.stringify({ v: JOURNAL_VERSION, id, alg: JOURNAL_ALG }), 'utf8');
}

/** Encrypts a record into the file's bytes. A fresh IV on every write (the key is reused). */
export function sealJournal(record: JournalRecord, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(record.id));
  const plaintext = Buffer.from(JSON.stringify(record), 'utf8');
  try {
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const file = {
      v: JOURNAL_VERSION,
      id: record.id,
      alg: JOURNAL_ALG,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
    return Buffer.from(`${JSON.stringify(file)}\n`, 'utf8');
  } finally {
    // The JSON string itself is a V8 string and cannot be wiped; the buffer can.
    plaintext.fill(0);
  }
}

export interface SealedJournal {
  readonly id: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/** Parses the non-secret envelope; `expectedId` is the id the file name claims. */
export function parseEnvelope(bytes: Buffer, expectedId: string): SealedJournal {
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch (cause) {
    throw unreadable(expectedId, 'malformed', 'is not a journal this version can read', cause);
  }
  const iv = Buffer.from(parsed.iv, 'base64');
  const tag = Buffer.from(parsed.tag, 'base64');
  if (parsed.id !== expectedId || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw unreadable(expectedId, 'malformed', 'has an inconsistent header');
  }
  return { id: parsed.id, iv, tag, ciphertext: Buffer.from(parsed.ciphertext, 'base64') };
}

/** Decrypts and validates; every failure is JOURNAL-UNREADABLE with its reason. */
export function openJournal(sealed: SealedJournal, key: Buffer): JournalRecord {
  if (key.length !== JOURNAL_KEY_BYTES) throw unreadable(sealed.id, 'key-missing', 'has a vault key of the wrong size');
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(sealed.id));
    decipher.setAuthTag(sealed.tag);
    plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (cause) {
    throw unreadable(
      sealed.id,
      'authentication-failed',
      'failed authentication (altered, corrupted or not encrypted with its vault key)',
      cause,
    );
  }
  try {
    const record = recordSchema.parse(JSON.parse(plaintext.toString('utf8')));
    if (record.id !== sealed.id) throw new Error('record id differs from its header');
    return dropUndefined(record);
  } catch (cause) {
    // The cause is a schema/JSON error about the plaintext: keep it out of the chain, it could
    // quote key material.
    void cause;
    throw unreadable(sealed.id, 'malformed', 'decrypted to something that is not a valid journal record');
  } finally {
    plaintext.fill(0);
  }
}

function dropUndefined(record: z.infer<typeof recordSchema>): JournalRecord {
  const { certificate, issuedAt, ...rest } = record;
  return { ...rest, ...(certificate !== undefined ? { certificate } : {}), ...(issuedAt !== undefined ? { issuedAt } : {}) };
}

function unreadable(
  id: string,
  reason: 'key-missing' | 'authentication-failed' | 'malformed',
  what: string,
  cause?: unknown,
): JournalError {
  return new JournalError(
    'JOURNAL-UNREADABLE',
    `enrollment journal ${id} ${what}`,
    { id, reason },
    cause === undefined ? undefined : { cause },
  );
}
