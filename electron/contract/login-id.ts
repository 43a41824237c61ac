// The rules the issuer applies to a new login ID and an initial password (P10), for the master's
// console and the CLI to check before anything is sent. The issuer keeps its own copy
// (issuer/src/domain/user-policy.ts: it shares only the problem codes of the contract);
// tests/unit/contract/login-id.test.ts holds the two equal.

/** A new login ID: safe in a certificate subject, a file name and a URL path without escaping. */
export const NEW_LOGIN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
export const MIN_PASSWORD_LENGTH = 8;
// Bounds the scrypt input so a huge body cannot be used to burn CPU.
export const MAX_PASSWORD_LENGTH = 1024;
/** What the master API accepts in a JSON body (issuer/src/http/est-app.ts). */
export const MAX_API_PASSWORD_LENGTH = 256;

export function isValidNewLoginId(loginId: string): boolean {
  return NEW_LOGIN_ID_PATTERN.test(loginId);
}

/** Whether a password may be set as a user's (initial or reset) password. */
export function isValidNewPassword(password: string): boolean {
  return password.length >= MIN_PASSWORD_LENGTH && password.length <= MAX_API_PASSWORD_LENGTH;
}
