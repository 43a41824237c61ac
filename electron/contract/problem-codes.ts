/**
 * Stable error codes of the issuing protocol. The issuing service sends them in
 * `application/problem+json` bodies (RFC 9457, member `code`); the app and the CLI map each to a
 * Japanese explanation and the next step, and show the code so the user can quote it to the bank
 * (FAQ Q18). Never rename a code: users and bank staff refer to them.
 */
export const PROBLEM_CODES = {
  /** Wrong login ID or password (also used for unknown login IDs, so IDs cannot be probed). */
  AUTH: 'CJS-E-AUTH',
  /** Too many failed logins: locked until the lock lifts itself (Retry-After) or the master user (the bank, for a master) unlocks it. */
  LOCKED: 'CJS-E-LOCKED',
  /** Wrong passwords from this address for this login ID: wait Retry-After seconds before trying again (HTTP 429). */
  THROTTLED: 'CJS-E-THROTTLED',
  /** The user ID was deleted; its certificate is revoked (P9). */
  USER_DELETED: 'CJS-E-USER-DELETED',
  /** The contract already has its 11 users: 1 master + 10 general (P2). */
  USER_LIMIT: 'CJS-E-USER-LIMIT',
  /** The login ID cannot be registered: login IDs are unique bank-wide, and which contract holds one is not said. */
  USER_EXISTS: 'CJS-E-USER-EXISTS',
  /** No such user in the caller's contract. */
  USER_NOT_FOUND: 'CJS-E-USER-NOT-FOUND',
  /** The caller may not do this (a general user calling the master API, deleting the master...). */
  FORBIDDEN: 'CJS-E-FORBIDDEN',
  /** The user already has a valid certificate for another key: one per user (P2, P3, P11). */
  ACTIVE_CERT: 'CJS-E-ACTIVE-CERT',
  /** Renewal is possible only from 30 days before expiry (P6). */
  RENEW_WINDOW: 'CJS-E-RENEW-WINDOW',
  /** Renewal asked for, but the user has no certificate to renew. */
  NO_CERT: 'CJS-E-NO-CERT',
  /** The PKCS#10 request cannot be parsed. */
  CSR: 'CJS-E-CSR',
  /** The request's signature does not verify with its own key (no proof of possession). */
  CSR_SIGNATURE: 'CJS-E-CSR-SIGNATURE',
  /** The key is too weak or of an unsupported type (RSA < 2048, curves other than P-256). */
  WEAK_KEY: 'CJS-E-WEAK-KEY',
  /** The request's subject is not CN=<the authenticated login ID>. */
  SUBJECT: 'CJS-E-SUBJECT',
  /** The body is not valid base64. */
  BAD_BASE64: 'CJS-E-BAD-BASE64',
  /** Wrong Content-Type for this endpoint. */
  CONTENT_TYPE: 'CJS-E-CONTENT-TYPE',
  /** The body exceeds the size limit. */
  TOO_LARGE: 'CJS-E-TOO-LARGE',
  /** Any other malformed request. */
  BAD_REQUEST: 'CJS-E-BAD-REQUEST',
  NOT_FOUND: 'CJS-E-NOT-FOUND',
  /** Login endpoint: no client certificate was presented. */
  NO_CLIENT_CERT: 'CJS-E-NO-CLIENT-CERT',
  /** Login endpoint: the client certificate is not from this system's CA. */
  UNKNOWN_CERT: 'CJS-E-UNKNOWN-CERT',
  /** Login endpoint: the client certificate has expired (P7). */
  CERT_EXPIRED: 'CJS-E-CERT-EXPIRED',
  /** Login endpoint: the client certificate was revoked (P9, P10, P11). */
  CERT_REVOKED: 'CJS-E-CERT-REVOKED',
  INTERNAL: 'CJS-E-INTERNAL',
  /** Only the bank manages the master user's ID and certificate: a master acting on itself (delete, re-register, password) (P10). */
  BANK_ONLY: 'CJS-E-BANK-ONLY',
} as const;

export type ProblemCode = (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES];

/** The problem+json body (RFC 9457) the issuing service sends with every error status. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
}
