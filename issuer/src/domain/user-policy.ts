// Rules of contract administration (P2, P9, P10) as pure checks.
import type { AuthenticatedUser, PolicySettings } from './api';
import { IssuerError, PROBLEM_CODES } from './errors';

/** The login ID shape: safe in a certificate subject, a file name and a URL path without escaping. */
export const LOGIN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
export const MIN_PASSWORD_LENGTH = 8;
// Bounds the scrypt input so a huge body cannot be used to burn CPU.
export const MAX_PASSWORD_LENGTH = 1024;
const EMAIL_PATTERN = /^[^\s@<>()",;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export interface NewUserInput {
  readonly loginId: string;
  readonly password: string;
  readonly email?: string | undefined;
}

/** The contract administration API is the master user's (P10). */
export function requireMaster(caller: AuthenticatedUser): void {
  if (caller.role !== 'master') {
    throw new IssuerError(
      PROBLEM_CODES.FORBIDDEN,
      403,
      'Master user only',
      'only the master user of the contract can administer its users',
    );
  }
}

export function validateNewUser(input: NewUserInput): void {
  if (!LOGIN_ID_PATTERN.test(input.loginId)) {
    throw badRequest('the login ID must be 3–32 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  validatePassword(input.password);
  if (input.email !== undefined && (input.email.length > 254 || !EMAIL_PATTERN.test(input.email))) {
    throw badRequest('the e-mail address is not valid');
  }
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw badRequest(`the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
}

/**
 * P10: the master user's ID and certificate are the bank's. A master may not delete, re-register
 * or reset the password of the master user (itself) through the master API.
 */
export function bankOnly(action: string): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.BANK_ONLY,
    403,
    'Only the bank manages the master user',
    `the master user cannot be ${action} through the master API: the master user's login ID and certificate are managed by the bank; contact the bank (FAQ Q13)`,
  );
}

/** P2: at most `maxGeneralUsers` live general users per contract (deleted ones do not count). */
export function checkUserLimit(liveGeneralUsers: number, policy: Pick<PolicySettings, 'maxGeneralUsers'>): void {
  if (liveGeneralUsers >= policy.maxGeneralUsers) {
    throw new IssuerError(
      PROBLEM_CODES.USER_LIMIT,
      409,
      'User limit reached',
      `the contract already has ${liveGeneralUsers} general users, the maximum (1 master user + ${policy.maxGeneralUsers} general users); delete a user first`,
    );
  }
}

/** For the bank, who sees every contract: names the ID. */
export function userExists(loginId: string): IssuerError {
  return new IssuerError(PROBLEM_CODES.USER_EXISTS, 409, 'Login ID already in use', `the login ID ${loginId} is already registered`);
}

/**
 * For a master: the same answer whether the ID is held in the master's own contract, in another
 * one, or was used by another contract before, so that it tells nothing about other contracts.
 */
export function loginIdUnavailable(): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.USER_EXISTS,
    409,
    'Login ID cannot be used',
    'this login ID cannot be used: login IDs are unique across the bank and are not reused; choose another',
  );
}

export function userNotFound(loginId: string): IssuerError {
  return new IssuerError(PROBLEM_CODES.USER_NOT_FOUND, 404, 'No such user', `there is no user ${loginId} in this contract`);
}

function badRequest(detail: string): IssuerError {
  return new IssuerError(PROBLEM_CODES.BAD_REQUEST, 400, 'Invalid user data', detail);
}
