// One error model for the whole core: every failure a user may see carries a stable code, the
// FAQ entries that explain it, who must act on it, and the values its explanation needs. The
// words live in the locale resources (namespace `errors`); the CLI and the app map by type.
import type { Actor, FaqRef } from '../contract/actors';
import type { ErrorCode } from '../contract/codes';

/** Values an explanation may quote: login ID, serial, days, a tool's name. Never a secret. */
export type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;

export interface CjsErrorOptions {
  /** Overrides the code's usual actor (e.g. a check that knows better). */
  readonly actor?: Actor | undefined;
  /** Added to the code's usual FAQ entries. */
  readonly faq?: readonly string[] | undefined;
  readonly params?: ErrorParams | undefined;
  readonly cause?: unknown;
}

/** Who acts on each code, and the FAQ entries that explain it, unless the error says otherwise. */
interface CodePolicy {
  readonly actor: Actor;
  readonly faq: readonly FaqRef[];
}

const user = (...faq: FaqRef[]): CodePolicy => ({ actor: 'user', faq });
const master = (...faq: FaqRef[]): CodePolicy => ({ actor: 'master', faq });
const bank = (...faq: FaqRef[]): CodePolicy => ({ actor: 'bank', faq });
const it = (...faq: FaqRef[]): CodePolicy => ({ actor: 'it', faq });

/**
 * Keyed by every code, so a new code does not compile until someone decided who acts on it.
 * The bank acts where only the issuer's side can help (its answer is wrong, its request
 * handling broke); a typo is the user's; a network, proxy or PC setting is IT's.
 */
export const CODE_POLICY: { readonly [C in ErrorCode]: CodePolicy } = {
  'CJS-E-AUTH': user('Q10'),
  // A general user's master unlocks; for a master user the bank does (P10).
  'CJS-E-LOCKED': master('Q13'),
  // Repeated wrong passwords: the user waits a moment and types the right one.
  'CJS-E-THROTTLED': user('Q10'),
  'CJS-E-USER-DELETED': master('Q12', 'Q13'),
  'CJS-E-USER-LIMIT': master('Q4'),
  'CJS-E-USER-EXISTS': master('Q4'),
  'CJS-E-USER-NOT-FOUND': master('Q13'),
  'CJS-E-FORBIDDEN': master('Q13'),
  'CJS-E-ACTIVE-CERT': master('Q5', 'Q6', 'Q13', 'Q14', 'Q23'),
  'CJS-E-RENEW-WINDOW': user('Q8'),
  'CJS-E-NO-CERT': user('Q9', 'Q10'),
  'CJS-E-CSR': bank('Q18'),
  'CJS-E-CSR-SIGNATURE': bank('Q18'),
  'CJS-E-WEAK-KEY': bank('Q18'),
  'CJS-E-SUBJECT': bank('Q18'),
  'CJS-E-BAD-BASE64': bank('Q18'),
  'CJS-E-CONTENT-TYPE': bank('Q18'),
  'CJS-E-TOO-LARGE': bank('Q18'),
  'CJS-E-BAD-REQUEST': bank('Q18'),
  'CJS-E-NOT-FOUND': it('Q18(1)'),
  'CJS-E-NO-CLIENT-CERT': user('Q19', 'Q22'),
  'CJS-E-UNKNOWN-CERT': user('Q17'),
  'CJS-E-CERT-EXPIRED': user('Q9', 'Q10'),
  'CJS-E-CERT-REVOKED': master('Q12', 'Q13'),
  'CJS-E-INTERNAL': bank('Q18'),
  // The master user's own ID and certificate are the bank's to delete, re-register or reset (P10).
  'CJS-E-BANK-ONLY': bank('Q13'),
  'ISSUE-HTTP-URL': it('Q18(1)', 'Q19(2)'),
  'ISSUE-BAD-URL': it('Q18(1)'),
  'ISSUE-BAD-CREDENTIALS': user(),
  // The issuing service is set up for a login this app cannot give: only its operator can change that.
  'ISSUE-AUTH-SCHEME': bank('Q18'),
  // The way to the issuer: the PC's network, DNS, proxy and security software are IT's; a
  // service that refuses connections, or accepts TLS and then says nothing, is the bank's.
  'ISSUE-DNS': it('Q18(8)', 'Q24'),
  'ISSUE-REFUSED': bank('Q18', 'Q24'),
  'ISSUE-UNREACHABLE': it('Q18(8)', 'Q24'),
  // Interception by HTTPS scanning (Q24(4)), or a network device in between (Q18(8)).
  'ISSUE-TLS': it('Q18(8)', 'Q24(4)'),
  // The TLS settings (Q20, Q24(2)).
  'ISSUE-TLS-HANDSHAKE': it('Q20', 'Q24(2)'),
  'ISSUE-TIMEOUT': it('Q18(8)', 'Q24'),
  'ISSUE-NO-ANSWER': bank('Q18', 'Q24'),
  'ISSUE-PROXY': it('Q18(8)', 'Q24'),
  'ISSUE-PROXY-AUTH': it('Q18(8)'),
  'ISSUE-PROXY-UNREACHABLE': it('Q18(8)', 'Q24'),
  // The issuing service's settings ask for a request this app cannot make: only its operator can change that.
  'ISSUE-CSR-ATTRS': bank('Q18'),
  'ISSUE-BAD-RESPONSE': bank('Q18'),
  'ISSUE-HTTP-STATUS': it('Q18(8)', 'Q24'),
  'ISSUE-NO-CERTIFICATE': bank('Q18'),
  'ISSUE-WRONG-KEY': bank('Q18'),
  'ISSUE-WRONG-ISSUER': bank('Q18'),
  'ISSUE-NOT-CLIENT-AUTH': bank('Q18'),
  'ISSUE-WRONG-SUBJECT': bank('Q18'),
  // The issued certificate looks outside its dates: usually this PC's clock.
  'ISSUE-NOT-VALID': user('Q9', 'Q21'),
  'ISSUE-LEAF-IS-CA': bank('Q18'),
  // The bank's CA changed, or something between the PC and the bank answers in its place; a pin
  // learned from a local reference service is IT's to reset (the error says which, as its actor).
  'ISSUE-CA-MISMATCH': bank('Q18'),
  'ENROLL-NO-CA': bank('Q18'),
  'ENROLL-ALREADY-VALID': { actor: 'none', faq: ['Q7', 'Q15'] },
  'ENROLL-LOST': master('Q11', 'Q13', 'Q22', 'Q23'),
  // The user confirms (or enrols on their own PC): nothing the master or the bank can do.
  'ENROLL-SECOND-USER': user('Q6', 'Q16', 'Q17'),
  // No credential vault to journal in (IT's to fix); meanwhile the user renews with the password.
  'JOURNAL-REQUIRED': it('Q8'),
  'RENEW-NEEDS-PASSWORD': user('Q8'),
  'STORE-TOOL-MISSING': it(),
  'STORE-COMMAND-FAILED': it(),
  'STORE-VERIFY-FAILED': it(),
  'STORE-PARSE-FAILED': it(),
  'STORE-UNSUPPORTED': it(),
  'VAULT-UNAVAILABLE': it(),
  'VAULT-FAILED': it(),
  'JOURNAL-UNREADABLE': it(),
  // Running the same command again resumes it.
  'JOURNAL-EXISTS': user(),
  'JOURNAL-NOT-FOUND': it(),
  'JOURNAL-INVALID': it(),
  'PKI-BAD-BASE64': bank('Q18'),
  'PKI-BAD-DER': bank('Q18'),
  'PKI-BAD-PEM': it(),
  'PKI-BAD-CSR': bank('Q18'),
  'PKI-CSR-SIGNATURE': bank('Q18'),
  'PKI-BAD-PKCS7': bank('Q18'),
  'PKI-BAD-CERTIFICATE': bank('Q18'),
  'PKI-BAD-CRL': bank('Q18'),
  'PKI-UNSUPPORTED-KEY': it(),
  'PROCESS-NOT-FOUND': it(),
  'PROCESS-TIMEOUT': it(),
  'PROCESS-ABORTED': it(),
  'PROCESS-SPAWN-FAILED': it(),
  'REGISTRY-ACCESS-DENIED': it(),
  'REGISTRY-REFUSED': it(),
  'REGISTRY-FAILED': it(),
  'REGISTRY-BAD-OUTPUT': it(),
  'CONFIG-INVALID': it(),
  'CLI-USAGE': user(),
  'CLI-NO-PASSWORD': user(),
  'CLI-NOT-FOUND': user('Q15'),
  'DIAG-UNKNOWN-CHECK': user(),
  // The fix could not clear it; the user does it by hand in Internet Options (the text says where).
  'WIN-SSL-STATE': user('Q18(7)', 'Q17'),
  'WIN-CACHE': user('Q18(7)'),
  UNEXPECTED: it(),
  // The master signs in again (the console forgot the password on purpose).
  'CONSOLE-SIGNED-OUT': user(),
  'CONSOLE-EXPIRED': user(),
};

export function codePolicy(code: string): CodePolicy {
  return Object.hasOwn(CODE_POLICY, code) ? CODE_POLICY[code as ErrorCode] : { actor: 'it', faq: [] };
}

/**
 * The base of every error the core raises. `message` is for logs and developers (English, may
 * hold technical detail); users see the text their locale gives `code`, filled with `params`.
 */
export class CjsError<C extends string = string> extends Error {
  readonly code: C;
  readonly actor: Actor;
  readonly faq: readonly string[];
  readonly params: ErrorParams;

  constructor(code: C, message: string, options: CjsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    const policy = codePolicy(code);
    this.actor = options.actor ?? policy.actor;
    this.faq = [...new Set([...(options.faq ?? []), ...policy.faq])];
    this.params = options.params ?? {};
  }
}

export function isCjsError(err: unknown): err is CjsError {
  return err instanceof CjsError;
}
