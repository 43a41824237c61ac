// What only the bank does, through the operator CLI: onboard a member company (a contract and its
// master user), see every contract, revoke any certificate (the only way a master user's
// certificate is revoked, P10), unlock any login ID.
import type { CertificateStore } from '../db/certificate-store';
import type { ContractStore } from '../db/contract-store';
import type { IssuerDatabase } from '../db/database';
import type { ContractRecord, UserRecord } from '../db/records';
import type { UserStore } from '../db/user-store';
import type { ContractView, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { hashPassword, type ScryptCost } from './passwords';
import { revokeCertificate } from './revocation';
import { userExists, validateNewUser, validatePassword } from './user-policy';
import { toUserView } from './user-views';

export type OperatorRevocationReason = 'keyCompromise' | 'cessationOfOperation' | 'unspecified';

/** A member company the bank onboards: the contract and its one master user (P10). */
export interface NewContractInput {
  readonly contractId: string;
  readonly name: string;
  readonly masterLoginId: string;
  readonly masterPassword: string;
  readonly masterEmail?: string | undefined;
}

/** Same character set as login IDs: contract IDs appear in listings, logs and audit details unescaped. */
export const CONTRACT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const MAX_CONTRACT_NAME_LENGTH = 200;

export interface BankOperationsDeps {
  readonly db: IssuerDatabase;
  readonly contracts: ContractStore;
  readonly users: UserStore;
  readonly certificates: CertificateStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly policy: PolicySettings;
  readonly passwordCost: ScryptCost;
}

const OPERATOR = 'operator';

export class BankOperations {
  constructor(private readonly deps: BankOperationsDeps) {}

  listContracts(): ContractView[] {
    return this.deps.contracts.all().map((c) => this.toContractView(c));
  }

  /**
   * Creates a contract with its master user. The master then adds the general users through the
   * master API; only the bank creates masters, as it alone revokes their certificates (P10).
   */
  async addContract(input: NewContractInput): Promise<ContractView> {
    validateNewContract(input);
    // Refuse before the slow hash when the answer is already known; the transaction re-checks,
    // since another operator command or the master API may take the ID meanwhile.
    this.checkCanAdd(input);
    const passwordHash = await hashPassword(input.masterPassword, this.deps.passwordCost);

    const contract = this.deps.db.transaction((): ContractRecord => {
      this.checkCanAdd(input);
      const now = this.deps.clock.now();
      const record = { contractId: input.contractId, name: input.name, createdAt: now };
      this.deps.contracts.insert(record);
      this.deps.users.insert({
        contractId: input.contractId,
        loginId: input.masterLoginId,
        role: 'master',
        email: input.masterEmail ?? null,
        passwordHash,
        createdAt: now,
      });
      // The name is the company's, not a secret, but it stays out: the contract ID identifies it.
      this.deps.audit.record({
        actor: OPERATOR,
        action: 'contract.created',
        loginId: input.masterLoginId,
        detail: `contract=${input.contractId}`,
      });
      return record;
    });
    return this.toContractView(contract);
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
    });
  }

  unlock(loginId: string): void {
    this.deps.db.transaction(() => {
      const user = this.findUser(loginId);
      this.deps.users.unlock(user.id);
      this.deps.audit.record({ actor: OPERATOR, action: 'user.unlocked', loginId });
    });
  }

  /** Any user's new password, a master's above all (P10: only the bank manages it); lifts the lock. */
  async resetPassword(loginId: string, password: string): Promise<void> {
    validatePassword(password);
    this.findUser(loginId);
    const passwordHash = await hashPassword(password, this.deps.passwordCost);
    this.deps.db.transaction(() => {
      const user = this.findUser(loginId);
      this.deps.users.setPassword(user.id, passwordHash);
      this.deps.audit.record({ actor: OPERATOR, action: 'user.password-reset', loginId });
    });
  }

  private checkCanAdd(input: NewContractInput): void {
    if (this.deps.contracts.exists(input.contractId)) {
      // No code of its own: only the bank meets it, at the operator console, and the detail says it all.
      throw new IssuerError(
        PROBLEM_CODES.BAD_REQUEST,
        409,
        'Contract already exists',
        `the contract ID ${input.contractId} is already registered`,
      );
    }
    // Login IDs are unique across contracts, masters and general users alike.
    if (this.deps.users.isTakenFor(input.contractId, input.masterLoginId)) throw userExists(input.masterLoginId);
  }

  private toContractView(c: ContractRecord): ContractView {
    const now = this.deps.clock.now();
    return {
      contractId: c.contractId,
      name: c.name,
      users: this.deps.users.liveOfContract(c.contractId).map((u) => toUserView(u, { ...this.deps, now })),
    };
  }

  private findUser(loginId: string): UserRecord {
    const user = this.deps.users.findLive(loginId);
    if (!user) throw new IssuerError(PROBLEM_CODES.USER_NOT_FOUND, 404, 'No such user', `there is no user ${loginId}`);
    return user;
  }
}

function validateNewContract(input: NewContractInput): void {
  if (!CONTRACT_ID_PATTERN.test(input.contractId)) {
    throw badContract('the contract ID must be 1–32 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const name = input.name;
  // Control characters would break the one-line-per-contract listing and the audit log.
  if (name.trim() === '' || name.length > MAX_CONTRACT_NAME_LENGTH || /\p{Cc}/u.test(name)) {
    throw badContract(`the contract name must be 1–${MAX_CONTRACT_NAME_LENGTH} characters, without control characters`);
  }
  validateNewUser({ loginId: input.masterLoginId, password: input.masterPassword, email: input.masterEmail });
}

function badContract(detail: string): IssuerError {
  return new IssuerError(PROBLEM_CODES.BAD_REQUEST, 400, 'Invalid contract data', detail);
}
