// EST simpleenroll / simplereenroll: check the request, decide, sign, store. Signing is async
// and slow, so the decision is taken twice: once to refuse early without signing, and again in
// the write transaction, which is the one that counts if another request got there first.
import { createHash } from 'node:crypto';
import {
  issueCertificate,
  parseCsr,
  randomSerialNumber,
  readCertificate,
  spkiDer,
  type ParsedCsr,
  type SigningAuthority,
} from '../../../electron/core/pki';
import type { CertificateStore } from '../db/certificate-store';
import type { IssuerDatabase } from '../db/database';
import type { UserStore } from '../db/user-store';
import type { AuthenticatedUser, EnrollmentResult, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { checkRequest, decideEnrollment, validityPeriod, type EnrollmentDecision, type EnrollmentKind } from './enrollment-policy';
import { revokeCertificate } from './revocation';

export interface EnrollmentDeps {
  readonly db: IssuerDatabase;
  readonly users: UserStore;
  readonly certificates: CertificateStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly policy: PolicySettings;
  readonly authority: SigningAuthority;
}

export class CertificateEnrollment {
  constructor(private readonly deps: EnrollmentDeps) {}

  async handle(kind: EnrollmentKind, user: AuthenticatedUser, csrDer: Buffer): Promise<EnrollmentResult> {
    const csr = await parseRequest(csrDer);
    checkRequest(csr, user.loginId);
    const spkiSha256 = createHash('sha256').update(spkiDer(csr.publicKey)).digest('hex');

    const early = this.decide(kind, user, spkiSha256);
    if (early.kind === 'replay') return { certificate: early.certificate.der, replayed: true };

    const issuedAt = this.deps.clock.now();
    const serialNumber = randomSerialNumber();
    const { notBefore, notAfter } = validityPeriod(issuedAt, this.deps.policy);
    const der = await issueCertificate({
      authority: this.deps.authority,
      publicKey: csr.publicKey,
      subjectCommonName: user.loginId,
      serialNumber,
      notBefore,
      notAfter,
      profile: { kind: 'tls-client' },
    });
    // X.509 keeps whole seconds: store the validity exactly as the certificate states it.
    const issued = readCertificate(der);

    return this.deps.db.transaction((): EnrollmentResult => {
      const decision = this.decide(kind, user, spkiSha256);
      // A concurrent retry of this very request stored its certificate first: ours is discarded
      // unseen, and the client gets the one on record.
      if (decision.kind === 'replay') return { certificate: decision.certificate.der, replayed: true };
      if (decision.supersedes) {
        revokeCertificate(this.deps, {
          certificate: decision.supersedes,
          loginId: user.loginId,
          reason: 'superseded',
          actor: user.loginId,
          at: issuedAt,
          supersededBy: serialNumber,
        });
      }
      this.deps.certificates.insert({
        serialNumber,
        userId: user.id,
        spkiSha256,
        der,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        issuedAt,
      });
      this.deps.audit.record({
        actor: user.loginId,
        action: 'certificate.issued',
        loginId: user.loginId,
        serialNumber,
        detail: `${kind} notAfter=${issued.notAfter.toISOString()} key=${csr.key.type}${csr.key.bits ?? ''}${csr.key.curve ?? ''}`,
      });
      return { certificate: der, replayed: false };
    });
  }

  private decide(kind: EnrollmentKind, user: AuthenticatedUser, requestSpkiSha256: string): EnrollmentDecision {
    // The ID may have been deleted since the request authenticated; its certificates are revoked
    // (P9) and it must not get a new one.
    if (this.deps.users.findById(user.id)?.deletedAt !== null) {
      throw new IssuerError(PROBLEM_CODES.USER_DELETED, 403, 'Login ID deleted', `the login ID ${user.loginId} has been deleted`);
    }
    return decideEnrollment({
      kind,
      current: this.deps.certificates.findUnrevokedOfUser(user.id),
      requestSpkiSha256,
      now: this.deps.clock.now(),
      policy: this.deps.policy,
    });
  }
}

async function parseRequest(csrDer: Buffer): Promise<ParsedCsr> {
  try {
    return await parseCsr(csrDer);
  } catch {
    throw new IssuerError(PROBLEM_CODES.CSR, 400, 'Malformed certificate request', 'the body is not a DER PKCS#10 certificate request');
  }
}
