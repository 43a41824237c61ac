// Turns any failure into what the user reads and what scripts see: a plain explanation in the
// user's language, who must act, the code (to quote to the bank only where the bank acts), the
// FAQ entries, and the exit status. Errors are told apart by type: every error of ours extends
// CjsError; anything else is unexpected.
import type { TFunction } from 'i18next';
import type { Actor } from '../electron/contract/actors';
import { PROBLEM_CODES, type ClientCode, type ProblemCode } from '../electron/contract/codes';
import type { Situation } from '../electron/contract/situation';
import { SituationError } from '../electron/core/app/enroll';
import { CjsError, codePolicy, isCjsError, type ErrorParams } from '../electron/core/errors';
import { IssuingError } from '../electron/core/issuing';
import { VaultError } from '../electron/core/platform/credential-vault';
import { StoreError } from '../electron/core/stores/certificate-store';
import { EXIT, type ExitCode } from './exit-codes';

export interface DescribedError {
  readonly code: string;
  readonly exitCode: ExitCode;
  /** The explanation in the user's language. */
  readonly message: string;
  readonly actor: Actor;
  readonly faq: readonly string[];
  readonly params: ErrorParams;
  /** Technical detail from the source (server detail, tool message), English: --json and --lang en only. */
  readonly detail?: string | undefined;
  /** The source's own advice (English), e.g. which package to install: --json and --lang en only. */
  readonly advice?: string | undefined;
  /** For a refusal the situation explains (a lost certificate): the situation, with its next actions. */
  readonly situation?: Situation | undefined;
}

/** A command-line mistake: exit 2 with the usage. `reason` keys the text under `usage.` in cli.json. */
export class UsageError extends CjsError<'CLI-USAGE'> {
  constructor(
    readonly reason: string,
    params: Readonly<Record<string, string>> = {},
  ) {
    super('CLI-USAGE', `usage: ${reason}`, { params });
  }
}

export function describeError(err: unknown, t: TFunction): DescribedError {
  if (!isCjsError(err)) {
    const policy = codePolicy('UNEXPECTED');
    return {
      code: 'UNEXPECTED',
      exitCode: EXIT.FAILED,
      message: t('error.UNEXPECTED'),
      actor: policy.actor,
      faq: policy.faq,
      params: {},
      detail: err instanceof Error ? err.message : String(err),
    };
  }
  const message =
    err instanceof UsageError
      ? t(`usage.${err.reason}`, { ...err.params, defaultValue: t('error.CLI-USAGE') })
      : t(`error.${err.code}`, { ...err.params, defaultValue: t('error.UNEXPECTED') });
  return {
    code: err.code,
    exitCode: exitCodeFor(err.code),
    message,
    actor: err.actor,
    faq: err.faq,
    params: err.params,
    detail: err instanceof UsageError ? undefined : err instanceof IssuingError && err.detail ? err.detail : err.message,
    advice: err instanceof StoreError ? err.details.advice : err instanceof VaultError ? err.advice : undefined,
    situation: err instanceof SituationError ? err.situation : undefined,
  };
}

/**
 * Keyed by every client code, so a code added to any layer does not compile until it has an exit
 * status here (and tests/unit/cli then asks for its ja/en text). The issuer's codes are all "refused".
 */
export const CLIENT_ERROR_EXIT: { readonly [C in ClientCode]: ExitCode } = {
  'ISSUE-HTTP-URL': EXIT.UNREACHABLE,
  // Same family as an http:// address: the configured address cannot be used to reach the issuer.
  'ISSUE-BAD-URL': EXIT.UNREACHABLE,
  // Raised before anything is sent: the typed ID or password can never authenticate (a ':' in
  // the ID, control characters), so the user must correct the input, as with a bad option.
  'ISSUE-BAD-CREDENTIALS': EXIT.USAGE,
  // The issuer answered, and refused every login this client can give: a refusal, like a wrong password.
  'ISSUE-AUTH-SCHEME': EXIT.REFUSED,
  // Every failure on the way to the issuer, a silent one included: no answer to act on.
  'ISSUE-DNS': EXIT.UNREACHABLE,
  'ISSUE-REFUSED': EXIT.UNREACHABLE,
  'ISSUE-UNREACHABLE': EXIT.UNREACHABLE,
  'ISSUE-TLS': EXIT.UNREACHABLE,
  'ISSUE-TLS-HANDSHAKE': EXIT.UNREACHABLE,
  'ISSUE-TIMEOUT': EXIT.UNREACHABLE,
  'ISSUE-NO-ANSWER': EXIT.UNREACHABLE,
  'ISSUE-PROXY': EXIT.UNREACHABLE,
  'ISSUE-PROXY-AUTH': EXIT.UNREACHABLE,
  'ISSUE-PROXY-UNREACHABLE': EXIT.UNREACHABLE,
  'ISSUE-HTTP-STATUS': EXIT.UNREACHABLE,
  // Decided on the issuer's own answer (/csrattrs), before anything is sent: its refusal in advance.
  'ISSUE-CSR-ATTRS': EXIT.REFUSED,
  'ISSUE-BAD-RESPONSE': EXIT.BAD_ANSWER,
  'ISSUE-NO-CERTIFICATE': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-KEY': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-ISSUER': EXIT.BAD_ANSWER,
  'ISSUE-NOT-CLIENT-AUTH': EXIT.BAD_ANSWER,
  'ISSUE-WRONG-SUBJECT': EXIT.BAD_ANSWER,
  'ISSUE-NOT-VALID': EXIT.BAD_ANSWER,
  'ISSUE-LEAF-IS-CA': EXIT.BAD_ANSWER,
  'ISSUE-CA-MISMATCH': EXIT.BAD_ANSWER,
  // The issuer's CA list is part of its answer: without a CA nothing can be checked or installed.
  'ENROLL-NO-CA': EXIT.BAD_ANSWER,
  // `enroll` with a valid certificate installed answers "nothing to do" with exit 0; the code
  // exists for the app, which has no such answer in its enrollment result.
  'ENROLL-ALREADY-VALID': EXIT.OK,
  // The situation refuses before the issuer would (CJS-E-ACTIVE-CERT): the same exit status.
  'ENROLL-LOST': EXIT.REFUSED,
  // Nothing was asked of the issuer: the command line lacks the confirmation (--allow-second-user).
  'ENROLL-SECOND-USER': EXIT.USAGE,
  // Due, but the user must renew (with the password): what `renew --auto` reports as NEEDS_USER.
  'JOURNAL-REQUIRED': EXIT.NEEDS_USER,
  'RENEW-NEEDS-PASSWORD': EXIT.NEEDS_USER,
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
  // Data from the issuer (answer, CRL) that cannot be read: like any other bad answer.
  'PKI-BAD-BASE64': EXIT.BAD_ANSWER,
  'PKI-BAD-DER': EXIT.BAD_ANSWER,
  'PKI-BAD-PKCS7': EXIT.BAD_ANSWER,
  'PKI-BAD-CERTIFICATE': EXIT.BAD_ANSWER,
  'PKI-BAD-CRL': EXIT.BAD_ANSWER,
  'PKI-BAD-PEM': EXIT.FAILED,
  'PKI-BAD-CSR': EXIT.FAILED,
  'PKI-CSR-SIGNATURE': EXIT.FAILED,
  'PKI-UNSUPPORTED-KEY': EXIT.FAILED,
  'CONFIG-INVALID': EXIT.FAILED,
  'PROCESS-NOT-FOUND': EXIT.FAILED,
  'PROCESS-TIMEOUT': EXIT.FAILED,
  'PROCESS-ABORTED': EXIT.FAILED,
  'PROCESS-SPAWN-FAILED': EXIT.FAILED,
  'REGISTRY-ACCESS-DENIED': EXIT.FAILED,
  'REGISTRY-REFUSED': EXIT.FAILED,
  'REGISTRY-FAILED': EXIT.FAILED,
  'REGISTRY-BAD-OUTPUT': EXIT.FAILED,
  'CLI-USAGE': EXIT.USAGE,
  'CLI-NO-PASSWORD': EXIT.USAGE,
  // The --serial / --login-id given names no certificate of this system: an argument to correct.
  'CLI-NOT-FOUND': EXIT.USAGE,
  'DIAG-UNKNOWN-CHECK': EXIT.USAGE,
  UNEXPECTED: EXIT.FAILED,
  // The app's console session only: the master signs in again.
  'CONSOLE-SIGNED-OUT': EXIT.NEEDS_USER,
  'CONSOLE-EXPIRED': EXIT.NEEDS_USER,
};

const PROBLEM_CODE_SET: ReadonlySet<string> = new Set<ProblemCode>(Object.values(PROBLEM_CODES));

export function exitCodeFor(code: string): ExitCode {
  if (PROBLEM_CODE_SET.has(code)) return EXIT.REFUSED;
  return Object.hasOwn(CLIENT_ERROR_EXIT, code) ? CLIENT_ERROR_EXIT[code as ClientCode] : EXIT.FAILED;
}
