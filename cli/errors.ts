// Turns any failure into what the user reads: a plain explanation, the next step, the code to
// quote to the bank (FAQ Q18), the related FAQ entries, and the exit status scripts see.
import type { TFunction } from 'i18next';
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
    return { code: 'unexpected', exitCode: EXIT.FAILED, message: t('error.unexpected'), detail: err instanceof Error ? err.message : String(err) };
  }
  const { code } = coded;
  const known = t(`error.${code}`, { defaultValue: '' });
  const advice = typeof coded.advice === 'string' ? coded.advice : typeof coded.details?.advice === 'string' ? coded.details.advice : undefined;
  const detail = typeof coded.detail === 'string' ? coded.detail : known ? coded.message : undefined;
  const faq = Array.isArray(coded.faq) ? coded.faq.filter((f): f is string => typeof f === 'string') : undefined;
  return { code, exitCode: exitCodeFor(code), message: known || coded.message, detail: detail === known ? undefined : detail, advice, faq };
}

function exitCodeFor(code: string): ExitCode {
  if (code.startsWith('CJS-E-')) return EXIT.REFUSED;
  if (/^ISSUE-(WRONG|NOT|BAD-RESPONSE)/.test(code)) return EXIT.BAD_ANSWER;
  if (code.startsWith('ISSUE-')) return EXIT.UNREACHABLE;
  if (code.startsWith('STORE-') || code === 'ENROLL-STORE-NOT-READY') return EXIT.STORE;
  if (code.startsWith('CLI-') || code === 'DIAG-UNKNOWN-CHECK') return EXIT.USAGE;
  return EXIT.FAILED;
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
