// Turns any failure into what the user reads: a plain explanation, the next step, the code to
// quote to the bank (FAQ Q18), the related FAQ entries, and the exit status scripts see.
import type { TFunction } from 'i18next';
import type { JournalErrorCode } from '../electron/core/enrollment/journal-errors';
import type { EnrollmentError } from '../electron/core/enrollment/workflow';
import type { IssuingClientCode } from '../electron/core/issuing';
import type { VaultErrorCode } from '../electron/core/platform/credential-vault';
import type { StoreErrorCode } from '../electron/core/stores/certificate-store';
import { EXIT, type ExitCode } from './exit-codes';

export interface DescribedError {
  readonly code: string;
  readonly exitCode: ExitCode;
  /** Translated explanation. */
  readonly message: string;
  /** Extra detail from the source (server detail, tool output summary), untranslated. */
  readonly detail?: string | undefined;
  readonly advice?: string | undefined;
  readonly faq?: readonly string[] | undefined;
}

interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
  readonly faq?: unknown;
  readonly advice?: unknown;
  readonly details?: { readonly advice?: unknown };
}

export function describeError(err: unknown, t: TFunction): DescribedError {
  const coded = asCoded(err);
  if (!coded) {
    return {
      code: 'unexpected',
      exitCode: EXIT.FAILED,
      message: t('error.unexpected'),
      detail: err instanceof Error ? err.message : String(err),
    };
  }
  const { code } = coded;
  const known = t(`error.${code}`, { defaultValue: '' });
  const advice =
    typeof coded.advice === 'string' ? coded.advice : typeof coded.details?.advice === 'string' ? coded.details.advice : undefined;
  const detail = typeof coded.detail === 'string' ? coded.detail : known ? coded.message : undefined;
  const faq = Array.isArray(coded.faq) ? coded.faq.filter((f): f is string => typeof f === 'string') : undefined;
  return { code, exitCode: exitCodeFor(code), message: known || coded.message, detail: detail === known ? undefined : detail, advice, faq };
}

/** Every code the client itself can raise (the issuer's CJS-E-… codes are all "refused"). */
export type ClientErrorCode =
  | IssuingClientCode
  | StoreErrorCode
  | VaultErrorCode
  | JournalErrorCode
  | EnrollmentError['code']
  | 'CLI-USAGE'
  | 'CLI-NO-PASSWORD'
  | 'CLI-NOT-FOUND'
  | 'DIAG-UNKNOWN-CHECK';

/**
 * Keyed by the union above, so a code added to any layer does not compile until it has an exit
 * status here (and tests/unit/cli then asks for its ja/en text).
 */
export const CLIENT_ERROR_EXIT: { readonly [C in ClientErrorCode]: ExitCode } = {
  'ISSUE-HTTP-URL': EXIT.UNREACHABLE,
  // Same family as an http:// address: the configured address cannot be used to reach the issuer.
  'ISSUE-BAD-URL': EXIT.UNREACHABLE,
  // Raised before anything is sent: the typed ID or password can never authenticate (a ':' in
  // the ID, control characters), so the user must correct the input, as with a bad option.
  'ISSUE-BAD-CREDENTIALS': EXIT.USAGE,
  'ISSUE-TIMEOUT': EXIT.UNREACHABLE,
  'ISSUE-UNREACHABLE': EXIT.UNREACHABLE,
  'ISSUE-TLS': EXIT.UNREACHABLE,
  'ISSUE-PROXY': EXIT.UNREACHABLE,
  'ISSUE-HTTP-STATUS': EXIT.UNREACHABLE,
  'ISSUE-BAD-RESPONSE': EXIT.BAD_ANSWER,
  'ISSUE-NO-CERTIFICATE': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-KEY': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-ISSUER': EXIT.BAD_ANSWER,
  'ISSUE-NOT-CLIENT-AUTH': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-SUBJECT': EXIT.BAD_ANSWER,
  'ISSUE-NOT-VALID': EXIT.BAD_ANSWER,
  // The issuer's CA list is part of its answer: without a CA nothing can be checked or installed.
  'ENROLL-NO-CA': EXIT.BAD_ANSWER,
  'STORE-TOOL-MISSING': EXIT.STORE,
  'STORE-COMMAND-FAILED': EXIT.STORE,
  'STORE-VERIFY-FAILED': EXIT.STORE,
  'STORE-PARSE-FAILED': EXIT.STORE,
  'STORE-UNSUPPORTED': EXIT.STORE,
  'VAULT-UNAVAILABLE': EXIT.FAILED,
  'VAULT-FAILED': EXIT.FAILED,
  'JOURNAL-UNREADABLE': EXIT.FAILED,
  'JOURNAL-EXISTS': EXIT.FAILED,
  'JOURNAL-NOT-FOUND': EXIT.FAILED,
  'JOURNAL-INVALID': EXIT.FAILED,
  'CLI-USAGE': EXIT.USAGE,
  'CLI-NO-PASSWORD': EXIT.USAGE,
  // The --serial / --login-id given names no certificate of this system: an argument to correct.
  'CLI-NOT-FOUND': EXIT.USAGE,
  'DIAG-UNKNOWN-CHECK': EXIT.USAGE,
};

export function exitCodeFor(code: string): ExitCode {
  if (code.startsWith('CJS-E-')) return EXIT.REFUSED;
  return Object.hasOwn(CLIENT_ERROR_EXIT, code) ? CLIENT_ERROR_EXIT[code as ClientErrorCode] : EXIT.FAILED;
}

function asCoded(err: unknown): CodedError | undefined {
  if (err instanceof Error && typeof (err as Partial<CodedError>).code === 'string') {
    const code = (err as unknown as CodedError).code;
    // Node's own errno codes (ENOENT...) are not ours to explain by code.
    if (/^(CJS-E|ISSUE|STORE|ENROLL|VAULT|JOURNAL|CLI|DIAG)-/.test(code)) return err as unknown as CodedError;
  }
  return undefined;
}

/** A command-line mistake: exit 2 with the usage. */
export class UsageError extends Error {
  readonly code = 'CLI-USAGE';
}
