// Every stable error code a user may see, in one place: the issuer's problem codes (CJS-E-…),
// the codes the client decides by itself, and the diagnosis' finding codes. Users and bank staff
// quote them (FAQ Q18): never rename one. Each has a text in resources/locales/*/errors.json.
import { PROBLEM_CODES, type ProblemCode } from './problem-codes';

export { PROBLEM_CODES, type ProblemCode };

/** Codes the client raises itself (issuing client, store, vault, journal, PKI, app, CLI). */
export const CLIENT_CODES = [
  // The issuing client, before or without a problem+json answer.
  'ISSUE-HTTP-URL',
  'ISSUE-BAD-URL',
  'ISSUE-BAD-CREDENTIALS',
  /** The issuer asks for a login method the client does not support (est-auth.ts). */
  'ISSUE-AUTH-SCHEME',
  // The way there, one code per class of failure (docs/security/client-transport.md).
  'ISSUE-DNS',
  'ISSUE-REFUSED',
  'ISSUE-UNREACHABLE',
  'ISSUE-TLS',
  'ISSUE-TLS-HANDSHAKE',
  'ISSUE-TIMEOUT',
  'ISSUE-NO-ANSWER',
  'ISSUE-PROXY',
  'ISSUE-PROXY-AUTH',
  'ISSUE-PROXY-UNREACHABLE',
  /** The issuer's /csrattrs asks for what the client's CSR cannot carry (csr-requirements.ts). */
  'ISSUE-CSR-ATTRS',
  'ISSUE-BAD-RESPONSE',
  'ISSUE-HTTP-STATUS',
  // Checks of the issued certificate before anything is installed.
  'ISSUE-NO-CERTIFICATE',
  'ISSUE-WRONG-KEY',
  'ISSUE-WRONG-ISSUER',
  'ISSUE-NOT-CLIENT-AUTH',
  'ISSUE-WRONG-SUBJECT',
  'ISSUE-NOT-VALID',
  /** The issued certificate claims CA powers (CA:TRUE, keyCertSign, cRLSign). */
  'ISSUE-LEAF-IS-CA',
  /** The issuer's CA list does not hold or chain to the pinned (configured or first-seen) CA. */
  'ISSUE-CA-MISMATCH',
  // The enrollment workflow and the situation it starts from.
  'ENROLL-NO-CA',
  /** A valid certificate of this login ID is already on this PC: nothing to do. */
  'ENROLL-ALREADY-VALID',
  /** This PC's certificate is gone but still active at the issuer (P8): it must be revoked first. */
  'ENROLL-LOST',
  /** Another login ID's usable certificate is in this store (Q6): a second user enrols only when confirmed. */
  'ENROLL-SECOND-USER',
  /** A silent renewal (renew --auto, the app's daily check) cannot journal its run: it does not start. */
  'JOURNAL-REQUIRED',
  /** A renewal cannot be proven by the current certificate here (stores/store-tls.ts, a journaled first issuance): the user renews with the password. */
  'RENEW-NEEDS-PASSWORD',
  // The OS certificate store.
  'STORE-TOOL-MISSING',
  'STORE-COMMAND-FAILED',
  'STORE-VERIFY-FAILED',
  'STORE-PARSE-FAILED',
  'STORE-UNSUPPORTED',
  // The OS credential vault and the crash-safety journal.
  'VAULT-UNAVAILABLE',
  'VAULT-FAILED',
  'JOURNAL-UNREADABLE',
  'JOURNAL-EXISTS',
  'JOURNAL-NOT-FOUND',
  'JOURNAL-INVALID',
  // PKI data that cannot be used (an answer, a CRL, a file).
  'PKI-BAD-BASE64',
  'PKI-BAD-DER',
  'PKI-BAD-PEM',
  'PKI-BAD-CSR',
  'PKI-CSR-SIGNATURE',
  'PKI-BAD-PKCS7',
  'PKI-BAD-CERTIFICATE',
  'PKI-BAD-CRL',
  'PKI-UNSUPPORTED-KEY',
  // External programs and the Windows registry.
  'PROCESS-NOT-FOUND',
  'PROCESS-TIMEOUT',
  'PROCESS-ABORTED',
  'PROCESS-SPAWN-FAILED',
  'REGISTRY-ACCESS-DENIED',
  'REGISTRY-REFUSED',
  'REGISTRY-FAILED',
  'REGISTRY-BAD-OUTPUT',
  /** The configuration file (CJS_CONFIG) holds a setting that cannot be used (a malformed CA pin). */
  'CONFIG-INVALID',
  // The command line.
  'CLI-USAGE',
  'CLI-NO-PASSWORD',
  /** No certificate of this system has the serial (or login ID) asked for (app and CLI alike; historical name). */
  'CLI-NOT-FOUND',
  'DIAG-UNKNOWN-CHECK',
  /** Anything else: no text of the failure crosses the boundary. */
  'UNEXPECTED',
  /** The master's console: not signed in (never, signed out, or the window was closed). */
  'CONSOLE-SIGNED-OUT',
  /** The master's console: 10 minutes without a request, the password was forgotten. */
  'CONSOLE-EXPIRED',
] as const;
export type ClientCode = (typeof CLIENT_CODES)[number];

/**
 * A fix of the diagnosis that could not be applied, raised as an error (FixRefusedError) and
 * quoted like one: each has an actor, FAQ entries and a text in errors.json.
 */
export const FIX_FAILURE_CODES = [
  /** The SSL state could not be emptied (Add-Type blocked, the API said no): the button by hand. */
  'WIN-SSL-STATE',
  /** The IE-mode temporary Internet files could not be deleted: Internet Options by hand. */
  'WIN-CACHE',
] as const;
export type FixFailureCode = (typeof FIX_FAILURE_CODES)[number];

/** Codes of the diagnosis' findings (electron/core/diagnostics), besides the issuing codes they reuse. */
export const DIAGNOSTIC_CODES = [
  'DIAG-CLOCK-SKEW',
  'DIAG-TIMEOUT',
  'DIAG-CHECK-CRASHED',
  'CERT-NOT-INSTALLED',
  'CERT-NOT-YET-VALID',
  'CERT-NO-PRIVATE-KEY',
  'CERT-OTHER-USER',
  'CERT-DUPLICATE',
  'CERT-STALE',
  'CRL-UNAVAILABLE',
  'LOGIN-URL-NOT-HTTPS',
  'LOGIN-UNEXPECTED-ANSWER',
  'LOGIN-TEST-UNAVAILABLE',
  'LOGIN-HANDSHAKE-FAILED',
  'WIN-OS-EOS',
  'WIN-OS-UNKNOWN',
  'WIN-ZONE',
  'WIN-ZONE-POLICY',
  'WIN-TLS-SETTINGS',
  'WIN-TLS-POLICY',
  'WIN-BROWSER-EXTENSIONS',
  ...FIX_FAILURE_CODES,
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Every code an error (CjsError) may carry: each has a policy in core/errors.ts and a text. */
export type ErrorCode = ProblemCode | ClientCode | FixFailureCode;
