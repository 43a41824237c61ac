// The master user's administration of its own contract (P2, P9, P10): list, add, delete, unlock,
// re-register and reset a general user's password. Every change is audited with the master as actor.
import type { CertificateStore } from '../db/certificate-store';
import type { ContractStore } from '../db/contract-store';
import type { IssuerDatabase } from '../db/database';
import type { UserStore } from '../db/user-store';
import type { AuthenticatedUser, ContractUsersView, PolicySettings, UserView } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { hashPassword, type ScryptCost } from './passwords';
import { revokeCertificate } from './revocation';
import {
  bankOnly,
  checkUserLimit,
  loginIdUnavailable,
  requireMaster,
  userNotFound,
  validateNewUser,
  validatePassword,
  type NewUserInput,
} from './user-policy';
import { toUserView } from './user-views';
import type { UserRecord } from '../db/records';

export interface ContractAdministrationDeps {
  readonly db: IssuerDatabase;
  readonly contracts: ContractStore;
  readonly users: UserStore;
  readonly certificates: CertificateStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly policy: PolicySettings;
  readonly passwordCost: ScryptCost;
}

export class ContractAdministration {
  constructor(private readonly deps: ContractAdministrationDeps) {}

  listUsers(master: AuthenticatedUser): UserView[] {
    requireMaster(master);
    const now = this.deps.clock.now();
    return this.deps.users.liveOfContract(master.contractId).map((u) => toUserView(u, { ...this.deps, now }));
  }

  listContractUsers(master: AuthenticatedUser): ContractUsersView {
    requireMaster(master);
    const users = this.listUsers(master);
    return {
      contractId: master.contractId,
      name: this.deps.contracts.find(master.contractId)?.name ?? master.contractId,
      // From the list itself, so the count and the rows shown beside it always agree.
      seats: { used: users.length, max: 1 + this.deps.policy.maxGeneralUsers },
      users,
    };
  }

  async addUser(master: AuthenticatedUser, input: NewUserInput): Promise<UserView> {
    requireMaster(master);
    validateNewUser(input);
    // Refuse before the slow hash when the answer is already known; the transaction re-checks.
    this.checkCanAdd(master.contractId, input.loginId);
    const passwordHash = await hashPassword(input.password, this.deps.passwordCost);

    const user = this.deps.db.transaction((): UserRecord => {
      this.checkCanAdd(master.contractId, input.loginId);
      const added = this.deps.users.insert({
        contractId: master.contractId,
        loginId: input.loginId,
        role: 'general',
        email: input.email ?? null,
        passwordHash,
        createdAt: this.deps.clock.now(),
      });
      this.deps.audit.record({ actor: master.loginId, action: 'user.added', loginId: input.loginId });
      return added;
    });
    return toUserView(user, { ...this.deps, now: this.deps.clock.now() });
  }

  /** P9: deleting a general user revokes its certificates at once. The master is the bank's (P10). */
  deleteUser(master: AuthenticatedUser, loginId: string): { revokedSerial: string | null } {
    requireMaster(master);
    return this.deps.db.transaction(() => {
      const user = this.findGeneralInContract(master, loginId, 'deleted');
      this.deps.audit.record({ actor: master.loginId, action: 'user.deleted', loginId });
      return { revokedSerial: this.deleteAndRevoke(master, user) };
    });
  }

  /**
   * P10 in one transaction: the general user is deleted (its certificate revoked at once, P9) and
   * the same login ID registered again with a new initial password. The seat it frees is the one
   * it takes again; the limit is checked anyway, so a contract above it (a lowered policy) stays so.
   */
  async reregisterUser(
    master: AuthenticatedUser,
    loginId: string,
    password: string,
  ): Promise<{ user: UserView; revokedSerial: string | null }> {
    requireMaster(master);
    validatePassword(password);
    // Refuse before the slow hash when the answer is already known; the transaction re-checks.
    this.findGeneralInContract(master, loginId, 're-registered');
    const passwordHash = await hashPassword(password, this.deps.passwordCost);
    const result = this.deps.db.transaction(() => {
      const old = this.findGeneralInContract(master, loginId, 're-registered');
      const revokedSerial = this.deleteAndRevoke(master, old);
      checkUserLimit(this.deps.users.countGeneralUsers(master.contractId), this.deps.policy);
      const user = this.deps.users.insert({
        contractId: master.contractId,
        loginId,
        role: 'general',
        email: old.email,
        passwordHash,
        createdAt: this.deps.clock.now(),
      });
      this.deps.audit.record({
        actor: master.loginId,
        action: 'user.reregistered',
        loginId,
        serialNumber: revokedSerial ?? undefined,
        detail: revokedSerial ? 'deleted (certificate revoked) and registered again' : 'deleted and registered again',
      });
      return { user, revokedSerial };
    });
    return { user: toUserView(result.user, { ...this.deps, now: this.deps.clock.now() }), revokedSerial: result.revokedSerial };
  }

  /** A general user's new password, set by its master; it lifts the lock too (a forgotten password is why it locked). */
  async resetPassword(master: AuthenticatedUser, loginId: string, password: string): Promise<void> {
    requireMaster(master);
    validatePassword(password);
    this.findGeneralInContract(master, loginId, 'given a new password');
    const passwordHash = await hashPassword(password, this.deps.passwordCost);
    this.deps.db.transaction(() => {
      const user = this.findGeneralInContract(master, loginId, 'given a new password');
      this.deps.users.setPassword(user.id, passwordHash);
      this.deps.audit.record({ actor: master.loginId, action: 'user.password-reset', loginId });
    });
  }

  unlockUser(master: AuthenticatedUser, loginId: string): void {
    requireMaster(master);
    this.deps.db.transaction(() => {
      const user = this.findInContract(master, loginId);
      this.deps.users.unlock(user.id);
      this.deps.audit.record({ actor: master.loginId, action: 'user.unlocked', loginId });
    });
  }

  private checkCanAdd(contractId: string, loginId: string): void {
    // Login IDs are unique across the bank (a certificate names its login ID): a login ID names
    // one person, whatever the contract, now and in the audit trail.
    if (this.deps.users.isTakenFor(contractId, loginId)) throw loginIdUnavailable();
    checkUserLimit(this.deps.users.countGeneralUsers(contractId), this.deps.policy);
  }

  /** Marks the user deleted and revokes its certificate, if it has one: the revoked serial. Inside the caller's transaction. */
  private deleteAndRevoke(master: AuthenticatedUser, user: UserRecord): string | null {
    const now = this.deps.clock.now();
    this.deps.users.markDeleted(user.id, now);
    const cert = this.deps.certificates.findUnrevokedOfUser(user.id);
    if (!cert) return null;
    revokeCertificate(this.deps, {
      certificate: cert,
      loginId: user.loginId,
      reason: 'privilegeWithdrawn',
      actor: master.loginId,
      at: now,
    });
    return cert.serialNumber;
  }

  /** A general user of the master's contract; the master user itself is the bank's (P10). */
  private findGeneralInContract(master: AuthenticatedUser, loginId: string, action: string): UserRecord {
    const user = this.findInContract(master, loginId);
    if (user.role === 'master') throw bankOnly(action);
    return user;
  }

  /** A user of another contract is reported as not found: the master must not learn it exists. */
  private findInContract(master: AuthenticatedUser, loginId: string): UserRecord {
    const user = this.deps.users.findLive(loginId);
    if (!user || user.contractId !== master.contractId) throw userNotFound(loginId);
    return user;
  }
}
