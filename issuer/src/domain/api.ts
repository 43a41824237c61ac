// The issuing service's domain API: what the HTTP layer, the login endpoint, the operator CLI
// and the expiry job call. Implemented by IssuingService (issuing-service.ts) over SQLite.
import type { SigningAuthority } from '../../../electron/core/pki';
import type { Clock } from './clock';

export type UserRole = 'master' | 'general';

/** Policy numbers from the FAQ (docs/product.md); the defaults are the production values. */
export interface PolicySettings {
  /** P2: general users per contract (plus one master). Default 10. */
  readonly maxGeneralUsers: number;
  /** P4: certificate validity in days. Default 366. May be fractional for tests. */
  readonly validityDays: number;
  /** P5/P6: the renewal window and notice period before expiry, in days. Default 30. */
  readonly renewalWindowDays: number;
  /** Consecutive failed logins before the ID is locked (CJS-E-LOCKED). Default 5. */
  readonly maxFailedLogins: number;
  /** How long a lock lasts before it lifts itself; the master (or the bank) may lift it sooner. Default 30. May be fractional for tests. */
  readonly lockMinutes: number;
  /** Wrong passwords from one address for one login ID before its attempts are spaced out (CJS-E-THROTTLED). Default 3. */
  readonly throttleAfterFailures: number;
  /** The first wait, doubled with every further failure. Default 1. May be fractional for tests. */
  readonly throttleBaseSeconds: number;
  /** The longest wait. Default 900 (15 minutes). */
  readonly throttleMaxSeconds: number;
  /** notBefore is set this many seconds before issuance so a slightly slow PC clock still accepts it. Default 300. */
  readonly backdateSeconds: number;
}

export const DEFAULT_POLICY: PolicySettings = {
  maxGeneralUsers: 10,
  validityDays: 366,
  renewalWindowDays: 30,
  maxFailedLogins: 5,
  lockMinutes: 30,
  throttleAfterFailures: 3,
  throttleBaseSeconds: 1,
  throttleMaxSeconds: 900,
  backdateSeconds: 300,
};

export interface AuthenticatedUser {
  readonly id: number;
  readonly contractId: string;
  readonly loginId: string;
  readonly role: UserRole;
  /**
   * Set when a TLS client certificate authenticated the request instead of a password
   * (simplereenroll only): that certificate's serial number.
   */
  readonly viaCertificate?: string | undefined;
}

/** State of a user's newest certificate, as the master's user list shows it. */
export type CertificateState = 'none' | 'active' | 'renewable' | 'expired' | 'revoked';

export interface UserView {
  readonly loginId: string;
  readonly role: UserRole;
  readonly email: string | null;
  readonly locked: boolean;
  /** When the lock lifts itself; null when the user is not locked. */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  /** When the user's newest certificate was issued; null before the first one (of this registration). */
  readonly lastIssuedAt: string | null;
  readonly certificate: null | {
    readonly serialNumber: string;
    readonly state: CertificateState;
    readonly notBefore: string;
    readonly notAfter: string;
    readonly revokedAt: string | null;
  };
}

/** The master's view of its contract: who is registered, and how many of the seats (P2) are taken. */
export interface ContractUsersView {
  readonly contractId: string;
  readonly name: string;
  /** Live users, the master included, out of 1 master + maxGeneralUsers. */
  readonly seats: { readonly used: number; readonly max: number };
  readonly users: readonly UserView[];
}

export interface ContractView {
  readonly contractId: string;
  readonly name: string;
  readonly users: readonly UserView[];
}

export interface EnrollmentResult {
  /** The issued certificate (DER). */
  readonly certificate: Buffer;
  /** True when the same public key already had this certificate and it was returned again. */
  readonly replayed: boolean;
}

export type RevocationStatus =
  | { readonly status: 'good'; readonly loginId: string }
  | {
      readonly status: 'revoked';
      readonly loginId: string;
      readonly revokedAt: Date;
      readonly reason: string;
      /** A live user of the same contract holds the login ID, registered after the revocation (P10). */
      readonly reregistered: boolean;
    }
  | { readonly status: 'unknown' };

export interface IssuingServiceDeps {
  /** Directory for issuer.db and outbox/; created if missing. */
  readonly dataDir: string;
  readonly authority: SigningAuthority;
  readonly clock: Clock;
  readonly policy: PolicySettings;
}

/**
 * Every method either succeeds or throws IssuerError with a stable code. A method that issues or
 * revokes returns only after the change is durable in SQLite (WAL, synchronous=FULL) and the
 * audit log has its entry.
 */
export interface IssuingServiceApi {
  /** Creates the demo contract (master01, user01, user02 / demo-password) if the database is empty. Returns true if it did. */
  seedDemoData(): Promise<boolean>;

  /**
   * Checks login ID + password (scrypt, constant time, throttling and lockout). Unknown ID and
   * wrong password both give CJS-E-AUTH. `source` is the client's address, what repeated failures
   * are throttled by (CJS-E-THROTTLED); callers without one (tests, tools) share one.
   */
  authenticate(loginId: string, password: string, source?: string): Promise<AuthenticatedUser>;

  /**
   * RFC 7030 §3.3.2: the user a TLS client certificate (DER) speaks for, for a simplereenroll
   * without a password. Refuses (401: CJS-E-UNKNOWN-CERT, CJS-E-CERT-EXPIRED, CJS-E-CERT-REVOKED)
   * a certificate not issued and recorded by this CA, not valid now, revoked (except superseded by
   * a renewal, which may only repeat that renewal) or of a deleted login ID.
   */
  authenticateByCertificate(certificateDer: Buffer): AuthenticatedUser;

  /** EST simpleenroll: first issuance, re-issue after revocation or expiry, or the idempotent replay. */
  enroll(user: AuthenticatedUser, csrDer: Buffer): Promise<EnrollmentResult>;
  /**
   * EST simplereenroll: renewal inside the window or after expiry (after expiry only with the
   * password); supersedes (revokes) the old certificate. A same-key request is a new renewal,
   * an exact retry gets the certificate it was answered with (docs/issuer-renewal.md).
   */
  reenroll(user: AuthenticatedUser, csrDer: Buffer): Promise<EnrollmentResult>;

  /** Master API (CJS-E-FORBIDDEN for a general user). */
  listUsers(master: AuthenticatedUser): UserView[];
  /** The same users with the contract's name and seat count, as GET /api/v1/users answers. */
  listContractUsers(master: AuthenticatedUser): ContractUsersView;
  addUser(master: AuthenticatedUser, input: { loginId: string; password: string; email?: string | undefined }): Promise<UserView>;
  /** Deletes a general user and revokes its certificate at once (P9). The master cannot be deleted here (CJS-E-BANK-ONLY, P10). */
  deleteUser(master: AuthenticatedUser, loginId: string): { revokedSerial: string | null };
  unlockUser(master: AuthenticatedUser, loginId: string): void;
  /**
   * P10 in one step: deletes the general user (revoking its certificate, P9) and registers the
   * same login ID again with a new initial password. The master itself: CJS-E-BANK-ONLY.
   */
  reregisterUser(master: AuthenticatedUser, loginId: string, password: string): Promise<{ user: UserView; revokedSerial: string | null }>;
  /** Sets a general user's password and lifts its lock. The master itself: CJS-E-BANK-ONLY. */
  resetUserPassword(master: AuthenticatedUser, loginId: string, password: string): Promise<void>;

  /** Operator (bank) commands. */
  listContracts(): ContractView[];
  operatorRevoke(loginId: string, reason: 'keyCompromise' | 'cessationOfOperation' | 'unspecified'): { serialNumber: string };
  operatorUnlock(loginId: string): void;
  /** The bank sets any user's password (a master's above all, P10) and lifts its lock. */
  operatorResetPassword(loginId: string, password: string): Promise<void>;

  /** The current CRL (DER), regenerated after every revocation, otherwise cached until its nextUpdate is near. */
  currentCrl(): Promise<Buffer>;
  /** Revocation state of one certificate of this CA (for the login endpoint and OCSP-like lookups). */
  certificateStatus(serialNumber: string): RevocationStatus;

  /** P5: records once per certificate every user whose certificate expires within the notice window; returns how many were new. */
  recordExpiryNotices(): number;

  close(): void;
}
