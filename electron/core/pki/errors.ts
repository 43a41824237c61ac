import { CjsError } from '../errors';

/** A PKI input that cannot be used; `code` is stable and maps to user-facing text. */
export class PkiError extends CjsError<PkiErrorCode> {
  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { cause: options?.cause });
  }
}

export type PkiErrorCode =
  | 'PKI-BAD-BASE64'
  | 'PKI-BAD-DER'
  | 'PKI-BAD-PEM'
  | 'PKI-BAD-CSR'
  | 'PKI-CSR-SIGNATURE'
  | 'PKI-BAD-PKCS7'
  | 'PKI-BAD-CERTIFICATE'
  | 'PKI-BAD-CRL'
  | 'PKI-UNSUPPORTED-KEY';
