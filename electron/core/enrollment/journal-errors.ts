import { CjsError } from '../errors';

/** Why a journal on disk cannot be used. None of them is recoverable: the file is removed. */
export type JournalUnreadableReason =
  /** The vault has no key for it (vault reset, another user profile, key deleted by hand). */
  | 'key-missing'
  /** AES-GCM authentication failed: the file (or its key) was altered or corrupted. */
  | 'authentication-failed'
  /** Not a journal of a format this version reads (torn by the disk, foreign file, newer version). */
  | 'malformed';

export type JournalErrorCode =
  /** A pending journal cannot be decrypted or parsed; see `reason`. */
  | 'JOURNAL-UNREADABLE'
  /** A pending enrollment already exists for this id, or for this issuer URL + login ID. */
  | 'JOURNAL-EXISTS'
  /** No pending journal has this id. */
  | 'JOURNAL-NOT-FOUND'
  /** The caller passed something the journal refuses to record (bad id, key/CSR/certificate mismatch). */
  | 'JOURNAL-INVALID';

/** A journal failure with a stable code. Messages carry ids and reasons, never key material. */
export class JournalError extends CjsError<JournalErrorCode> {
  constructor(
    code: JournalErrorCode,
    message: string,
    readonly details: { readonly id?: string; readonly reason?: JournalUnreadableReason; readonly existingId?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, { cause: options?.cause, params: details.reason ? { reason: details.reason } : {} });
  }
}
