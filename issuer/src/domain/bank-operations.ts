// What only the bank does, through the operator CLI: see every contract, revoke any certificate
// (the only way a master user's certificate is revoked, P10), unlock any login ID.
import type { CertificateStore } from '../db/certificate-store';
import type { ContractStore } from '../db/contract-store';
import type { IssuerDatabase } from '../db/database';
import type { UserRecord } from '../db/records';
import type { UserStore } from '../db/user-store';
import type { ContractView, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { revokeCertificate } from './revocation';
import { toUserView } from './user-views';

export type OperatorRevocationReason = 'keyCompromise' | 'cessationOfOperation' | 'unspecified';

export interface BankOperationsDeps {
  readonly db: IssuerDatabase;
  readonly contracts: ContractStore;
  readonly users: UserStore;
  readonly certificates: CertificateStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly policy: PolicySettings;
}

const OPERATOR = 'operator';

export class BankOperations {
  constructor(private readonly deps: BankOperationsDeps) {}

  listContracts(): ContractView[] {
    const now = this.deps.clock.now();
    return this.deps.contracts.all().map((c) => ({
      contractId: c.contractId,
      name: c.name,
      users: this.deps.users.liveOfContract(c.contractId).map((u) => toUserView(u, { ...this.deps, now })),
    }));
  }

  /** P10, P11: revokes the user's current certificate; the user can then enroll a new one. */
  revoke(loginId: string, reason: OperatorRevocationReason): { serialNumber: string } {
    return this.deps.db.transaction(() => {
      const user = this.findUser(loginId);
      const cert = this.deps.certificates.findUnrevokedOfUser(user.id);
      if (!cert) {
        throw new IssuerError(PROBLEM_CODES.NO_CERT, 409, 'No certificate to revoke', `${loginId} has no unrevoked certificate`);
      }
      revokeCertificate(this.deps, { certificate: cert, loginId, reason, actor: OPERATOR, at: this.deps.clock.now() });
      return { serialNumber: cert.serialNumber };
    }).immediate();
  }

  unlock(loginId: string): void {
    this.deps.db.transaction(() => {
      const user = this.findUser(loginId);
      this.deps.users.unlock(user.id);
      this.deps.audit.record({ actor: OPERATOR, action: 'user.unlocked', loginId });
    }).immediate();
  }

  private findUser(loginId: string): UserRecord {
    const user = this.deps.users.findLive(loginId);
    if (!user) throw new IssuerError(PROBLEM_CODES.USER_NOT_FOUND, 404, 'No such user', `there is no user ${loginId}`);
    return user;
  }
}
