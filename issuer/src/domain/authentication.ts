// Login ID + password checks with throttling and lockout. The answers never reveal more than
// necessary: an unknown ID and a wrong password look the same (code, timing and throttling), and
// a deleted ID is only named as such to someone who knows its password.
import type { UserStore } from '../db/user-store';
import type { UserRecord } from '../db/records';
import type { AuthenticatedUser, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { verifyAgainstDummy, verifyPassword, type ScryptCost } from './passwords';
import { isLocked, lockLiftsAt } from './lockout';
import { LoginThrottle } from './login-throttle';
import { MAX_PASSWORD_LENGTH } from './user-policy';

/** The source of calls that name none (tests, tools): they share one throttle. */
const NO_SOURCE = 'local';

export class Authenticator {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: Pick<
      PolicySettings,
      'maxFailedLogins' | 'lockMinutes' | 'throttleAfterFailures' | 'throttleBaseSeconds' | 'throttleMaxSeconds'
    >,
    private readonly passwordCost: ScryptCost,
  ) {
    this.throttle = new LoginThrottle(
      {
        afterFailures: policy.throttleAfterFailures,
        baseSeconds: policy.throttleBaseSeconds,
        maxSeconds: policy.throttleMaxSeconds,
        lockingFailures: policy.maxFailedLogins,
      },
      clock,
    );
  }

  async authenticate(loginId: string, password: string, source: string = NO_SOURCE): Promise<AuthenticatedUser> {
    if (password.length > MAX_PASSWORD_LENGTH) throw authFailed();
    const user = this.liveUserWithCurrentLock(loginId);
    // Locked means locked, right password or not, until the lock lifts itself or the master or
    // the bank lifts it. No scrypt here: a locked ID must not become a way to make the server burn CPU.
    if (user && isLocked(user, this.clock.now(), this.policy)) throw this.locked(user);
    // Before any password check, and the same for every ID, existing or not.
    const wait = this.throttle.waitSeconds(source, loginId);
    if (wait > 0) throw throttled(wait);
    if (!user) return this.refuseWithoutLiveUser(loginId, password, source);

    if (!(await verifyPassword(password, user.passwordHash))) {
      const { countsTowardsLock } = this.throttle.recordFailure(source, loginId);
      const nowLocked = countsTowardsLock && this.users.recordFailedLogin(user.id, this.policy.maxFailedLogins, this.clock.now()).locked;
      this.audit.record({ actor: loginId, action: nowLocked ? 'login.locked' : 'login.failed', loginId, detail: `from ${source}` });
      // The attempt that locks the ID says so at once, so the user asks the master instead of retrying.
      if (nowLocked) throw this.locked(this.users.findById(user.id) ?? user);
      throw authFailed();
    }
    this.throttle.recordSuccess(source, loginId);
    if (!this.users.recordSuccessfulLogin(user.id)) {
      // Locked or deleted by another request while the password was being checked.
      const fresh = this.users.findById(user.id);
      throw fresh?.deletedAt ? deleted(loginId) : this.locked(fresh ?? user);
    }
    return toAuthenticatedUser(user);
  }

  /** The live user, with a lock that has run its time lifted first (and audited). */
  private liveUserWithCurrentLock(loginId: string): UserRecord | undefined {
    const user = this.users.findLive(loginId);
    if (!user?.lockedAt || isLocked(user, this.clock.now(), this.policy)) return user;
    if (this.users.liftExpiredLock(user.id, user.lockedAt)) {
      this.audit.record({ actor: 'system', action: 'user.unlocked', loginId, detail: 'the lock expired' });
    }
    return this.users.findLive(loginId);
  }

  private async refuseWithoutLiveUser(loginId: string, password: string, source: string): Promise<never> {
    const former = this.users.findLatestDeleted(loginId);
    const knowsPassword = former
      ? await verifyPassword(password, former.passwordHash)
      : await verifyAgainstDummy(password, this.passwordCost);
    if (former && knowsPassword) throw deleted(loginId);
    this.throttle.recordFailure(source, loginId);
    // The typed ID is not recorded when no such user exists: people type their password into the
    // ID field often enough that an unknown "ID" may well be a secret.
    this.audit.record({
      actor: former ? loginId : 'unknown',
      action: 'login.failed',
      loginId: former ? loginId : undefined,
      detail: `from ${source}`,
    });
    throw authFailed();
  }

  private locked(user: UserRecord): IssuerError {
    const liftsAt = lockLiftsAt(user, this.policy);
    const waitSeconds = liftsAt ? Math.max(1, Math.ceil((liftsAt.getTime() - this.clock.now().getTime()) / 1000)) : undefined;
    return new IssuerError(
      PROBLEM_CODES.LOCKED,
      403,
      'Login ID locked',
      `the login ID ${user.loginId} is locked after too many failed logins${liftsAt ? ` until ${liftsAt.toISOString()}` : ''}; ` +
        'the master user (or the bank, for a master user) can unlock it sooner',
      waitSeconds,
    );
  }
}

export function toAuthenticatedUser(user: UserRecord): AuthenticatedUser {
  return { id: user.id, contractId: user.contractId, loginId: user.loginId, role: user.role };
}

function authFailed(): IssuerError {
  return new IssuerError(PROBLEM_CODES.AUTH, 401, 'Authentication failed', 'the login ID or the password is wrong');
}

function throttled(waitSeconds: number): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.THROTTLED,
    429,
    'Too many failed logins',
    `too many wrong passwords for this login ID from this address; try again in ${waitSeconds} seconds`,
    waitSeconds,
  );
}

function deleted(loginId: string): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.USER_DELETED,
    403,
    'Login ID deleted',
    `the login ID ${loginId} has been deleted and its certificate revoked; ask the master user to register it again`,
  );
}
