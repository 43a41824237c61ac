// The issuing service's domain, assembled: one object the HTTP layer, the login endpoint, the
// operator CLI and the expiry job call. Each concern lives in its own module; this file only
// wires them to one database and answers the IssuingServiceApi contract.
import { mkdir } from 'node:fs/promises';
import { normaliseSerial } from '../../../electron/core/pki';
import { AuditStore } from '../db/audit-store';
import { CertificateStore } from '../db/certificate-store';
import { ContractStore } from '../db/contract-store';
import { CrlStateStore } from '../db/crl-state-store';
import { openIssuerDatabase, type IssuerDatabase } from '../db/database';
import { ExpiryNoticeStore } from '../db/expiry-notice-store';
import { UserStore } from '../db/user-store';
import type {
  AuthenticatedUser,
  ContractUsersView,
  ContractView,
  EnrollmentResult,
  IssuingServiceApi,
  IssuingServiceDeps,
  RevocationStatus,
  UserView,
} from './api';
import { AuditTrail } from './audit';
import { Authenticator } from './authentication';
import { authenticateByCertificate, type CertificateAuthenticationDeps } from './certificate-authentication';
import { BankOperations, type NewContractInput, type OperatorRevocationReason } from './bank-operations';
import { ContractAdministration } from './contract-administration';
import { CrlPublisher } from './crl-publisher';
import { seedDemoData } from './demo-data';
import { CertificateEnrollment } from './enrollment';
import { ExpiryNotifier } from './expiry-notices';
import { PASSWORD_COST, type ScryptCost } from './passwords';
import { checkPolicy } from './policy-settings';

/** Knobs outside the API contract. */
export interface IssuingServiceOptions {
  /** scrypt cost of new password hashes; lower only in tests. Default PASSWORD_COST (N=2^15). */
  readonly passwordCost?: ScryptCost;
}

export class IssuingService implements IssuingServiceApi {
  private readonly authenticator: Authenticator;
  private readonly enrollment: CertificateEnrollment;
  private readonly administration: ContractAdministration;
  private readonly bank: BankOperations;
  private readonly crl: CrlPublisher;
  private readonly expiry: ExpiryNotifier;
  private readonly seed: () => Promise<boolean>;
  private readonly users: UserStore;
  private readonly certificates: CertificateStore;
  private readonly certificateAuthentication: CertificateAuthenticationDeps;

  private constructor(
    private readonly db: IssuerDatabase,
    deps: IssuingServiceDeps,
    passwordCost: ScryptCost,
  ) {
    const { clock, policy, authority, dataDir } = deps;
    const contracts = new ContractStore(db);
    const users = new UserStore(db);
    const certificates = new CertificateStore(db);
    const audit = new AuditTrail(new AuditStore(db), clock);
    const shared = { db, contracts, users, certificates, audit, clock, policy, passwordCost };

    this.users = users;
    this.certificates = certificates;
    this.authenticator = new Authenticator(users, audit, clock, policy, passwordCost);
    this.certificateAuthentication = { users, certificates, clock, issuingCa: authority.certificate };
    this.enrollment = new CertificateEnrollment({ ...shared, authority });
    this.administration = new ContractAdministration(shared);
    this.bank = new BankOperations(shared);
    this.crl = new CrlPublisher({ db, certificates, crlState: new CrlStateStore(db), clock, authority });
    this.expiry = new ExpiryNotifier({ ...shared, dataDir, notices: new ExpiryNoticeStore(db) });
    this.seed = () => seedDemoData(shared);
  }

  /** Opens (creating or migrating) `${dataDir}/issuer.db`. */
  static async open(deps: IssuingServiceDeps, options: IssuingServiceOptions = {}): Promise<IssuingService> {
    checkPolicy(deps.policy);
    // Private: the data directory also holds the CA keys.
    await mkdir(deps.dataDir, { recursive: true, mode: 0o700 });
    return new IssuingService(openIssuerDatabase(deps.dataDir), deps, options.passwordCost ?? PASSWORD_COST);
  }

  seedDemoData(): Promise<boolean> {
    return this.seed();
  }

  authenticate(loginId: string, password: string, source?: string): Promise<AuthenticatedUser> {
    return this.authenticator.authenticate(loginId, password, source);
  }

  authenticateByCertificate(certificateDer: Buffer): AuthenticatedUser {
    return authenticateByCertificate(this.certificateAuthentication, certificateDer);
  }

  enroll(user: AuthenticatedUser, csrDer: Buffer): Promise<EnrollmentResult> {
    return this.enrollment.handle('enroll', user, csrDer);
  }

  reenroll(user: AuthenticatedUser, csrDer: Buffer): Promise<EnrollmentResult> {
    return this.enrollment.handle('reenroll', user, csrDer);
  }

  listUsers(master: AuthenticatedUser): UserView[] {
    return this.administration.listUsers(master);
  }

  listContractUsers(master: AuthenticatedUser): ContractUsersView {
    return this.administration.listContractUsers(master);
  }

  addUser(master: AuthenticatedUser, input: { loginId: string; password: string; email?: string | undefined }): Promise<UserView> {
    return this.administration.addUser(master, input);
  }

  deleteUser(master: AuthenticatedUser, loginId: string): { revokedSerial: string | null } {
    return this.administration.deleteUser(master, loginId);
  }

  unlockUser(master: AuthenticatedUser, loginId: string): void {
    this.administration.unlockUser(master, loginId);
  }

  reregisterUser(master: AuthenticatedUser, loginId: string, password: string): Promise<{ user: UserView; revokedSerial: string | null }> {
    return this.administration.reregisterUser(master, loginId, password);
  }

  resetUserPassword(master: AuthenticatedUser, loginId: string, password: string): Promise<void> {
    return this.administration.resetPassword(master, loginId, password);
  }

  listContracts(): ContractView[] {
    return this.bank.listContracts();
  }

  /** The bank onboards a member company: the contract and its master user (scrypt-hashed password, audited). */
  operatorAddContract(input: NewContractInput): Promise<ContractView> {
    return this.bank.addContract(input);
  }

  operatorRevoke(loginId: string, reason: OperatorRevocationReason): { serialNumber: string } {
    return this.bank.revoke(loginId, reason);
  }

  operatorUnlock(loginId: string): void {
    this.bank.unlock(loginId);
  }

  operatorResetPassword(loginId: string, password: string): Promise<void> {
    return this.bank.resetPassword(loginId, password);
  }

  currentCrl(): Promise<Buffer> {
    return this.crl.current();
  }

  /** Read from SQLite on every call: a revocation, even by the operator CLI, shows at once. */
  certificateStatus(serialNumber: string): RevocationStatus {
    const cert = this.certificates.findBySerial(normaliseSerial(serialNumber));
    const user = cert && this.users.findById(cert.userId);
    if (!cert || !user) return { status: 'unknown' };
    if (cert.revokedAt && cert.revocationReason) {
      // P10: the master deleted and registered the login ID again after this revocation, so the
      // user's next step is theirs (obtain a new certificate), no longer the master's.
      const live = this.users.findLive(user.loginId);
      const reregistered =
        live !== undefined && live.id !== user.id && live.contractId === user.contractId && live.createdAt >= cert.revokedAt;
      return { status: 'revoked', loginId: user.loginId, revokedAt: cert.revokedAt, reason: cert.revocationReason, reregistered };
    }
    return { status: 'good', loginId: user.loginId };
  }

  recordExpiryNotices(): number {
    return this.expiry.recordDue();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
