// The master user's administration of its own contract (P2, P9, P10): list, add, delete, unlock.
import type { CertificateStore } from '../db/certificate-store';
import type { IssuerDatabase } from '../db/database';
import type { UserStore } from '../db/user-store';
import type { AuthenticatedUser, PolicySettings, UserView } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { hashPassword, type ScryptCost } from './passwords';
import { revokeCertificate } from './revocation';
import { checkUserLimit, loginIdUnavailable, requireMaster, userNotFound, validateNewUser, type NewUserInput } from './user-policy';
import { toUserView } from './user-views';
import type { UserRecord } from '../db/records';

export interface ContractAdministrationDeps {
  readonly db: IssuerDatabase;
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
  deleteUser(master: AuthenticatedUser, loginId: string): void {
    requireMaster(master);
    this.deps.db.transaction(() => {
      const user = this.findInContract(master, loginId);
      if (user.role === 'master') {
        throw new IssuerError(
          PROBLEM_CODES.FORBIDDEN,
          403,
          'The master user cannot be deleted',
          'the master user and its certificate are managed by the bank; contact the bank (FAQ Q13)',
        );
      }
      const now = this.deps.clock.now();
      this.deps.users.markDeleted(user.id, now);
      this.deps.audit.record({ actor: master.loginId, action: 'user.deleted', loginId });
      const cert = this.deps.certificates.findUnrevokedOfUser(user.id);
      if (cert) {
        revokeCertificate(this.deps, { certificate: cert, loginId, reason: 'privilegeWithdrawn', actor: master.loginId, at: now });
      }
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

  /** A user of another contract is reported as not found: the master must not learn it exists. */
  private findInContract(master: AuthenticatedUser, loginId: string): UserRecord {
    const user = this.deps.users.findLive(loginId);
    if (!user || user.contractId !== master.contractId) throw userNotFound(loginId);
    return user;
  }
}
