// Login ID + password checks with lockout. The answers never reveal more than necessary: an
// unknown ID and a wrong password look the same (code and timing), and a deleted ID is only
// named as such to someone who knows its password.
import type { UserStore } from '../db/user-store';
import type { UserRecord } from '../db/records';
import type { AuthenticatedUser, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { verifyAgainstDummy, verifyPassword, type ScryptCost } from './passwords';
import { MAX_PASSWORD_LENGTH } from './user-policy';

export class Authenticator {
  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: Pick<PolicySettings, 'maxFailedLogins'>,
    private readonly passwordCost: ScryptCost,
  ) {}

  async authenticate(loginId: string, password: string): Promise<AuthenticatedUser> {
    if (password.length > MAX_PASSWORD_LENGTH) throw authFailed();
    const user = this.users.findLive(loginId);
    if (!user) return this.refuseWithoutLiveUser(loginId, password);
    // Locked means locked, right password or not, until the master or the bank unlocks it. No
    // scrypt here: a locked ID must not become a way to make the server burn CPU.
    if (user.lockedAt) throw locked(loginId);

    if (!(await verifyPassword(password, user.passwordHash))) {
      const { locked: nowLocked } = this.users.recordFailedLogin(user.id, this.policy.maxFailedLogins, this.clock.now());
      this.audit.record({ actor: loginId, action: nowLocked ? 'login.locked' : 'login.failed', loginId });
      // The attempt that locks the ID says so at once, so the user asks the master instead of retrying.
      throw nowLocked ? locked(loginId) : authFailed();
    }
    if (!this.users.recordSuccessfulLogin(user.id)) {
      // Locked or deleted by another request while the password was being checked.
      const fresh = this.users.findById(user.id);
      throw fresh?.deletedAt ? deleted(loginId) : locked(loginId);
    }
    return toAuthenticatedUser(user);
  }

  private async refuseWithoutLiveUser(loginId: string, password: string): Promise<never> {
    const former = this.users.findLatestDeleted(loginId);
    const knowsPassword = former
      ? await verifyPassword(password, former.passwordHash)
      : await verifyAgainstDummy(password, this.passwordCost);
    if (former && knowsPassword) throw deleted(loginId);
    // The typed ID is not recorded when no such user exists: people type their password into the
    // ID field often enough that an unknown "ID" may well be a secret.
    this.audit.record({ actor: former ? loginId : 'unknown', action: 'login.failed', loginId: former ? loginId : undefined });
    throw authFailed();
  }
}

export function toAuthenticatedUser(user: UserRecord): AuthenticatedUser {
  return { id: user.id, contractId: user.contractId, loginId: user.loginId, role: user.role };
}

function authFailed(): IssuerError {
  return new IssuerError(PROBLEM_CODES.AUTH, 401, 'Authentication failed', 'the login ID or the password is wrong');
}

function locked(loginId: string): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.LOCKED,
    403,
    'Login ID locked',
    `the login ID ${loginId} is locked after too many failed logins; the master user (or the bank, for a master user) must unlock it`,
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
