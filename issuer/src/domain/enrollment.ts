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
import type { CertificateRecord } from '../db/records';
import type { IssuerDatabase } from '../db/database';
import type { UserStore } from '../db/user-store';
import type { AuthenticatedUser, EnrollmentResult, PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { IssuerError, PROBLEM_CODES } from './errors';
import { certificateExpired, certificateRevoked } from './certificate-authentication';
import {
  checkRequest,
  decideEnrollment,
  isRetryOf,
  validityPeriod,
  type EnrollmentDecision,
  type EnrollmentKind,
  type EnrollmentRequest,
} from './enrollment-policy';
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
    // A certificate proves who renews (RFC 7030 §3.3.2); it never stands in for a first enrolment.
    if (kind === 'enroll' && user.viaCertificate !== undefined) throw passwordRequired();
    const csr = await parseRequest(csrDer);
    checkRequest(csr, user.loginId);
    const request: EnrollmentRequest = {
      kind,
      spkiSha256: sha256Hex(spkiDer(csr.publicKey)),
      csrSha256: sha256Hex(csrDer),
    };

    const early = this.decide(user, request);
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
      const decision = this.decide(user, request);
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
        spkiSha256: request.spkiSha256,
        der,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        issuedAt,
        request: { csrSha256: request.csrSha256, kind },
      });
      const proof = user.viaCertificate === undefined ? 'auth=password' : `auth=certificate serial=${user.viaCertificate}`;
      this.deps.audit.record({
        actor: user.loginId,
        action: 'certificate.issued',
        loginId: user.loginId,
        serialNumber,
        detail: `${kind} ${proof} notAfter=${issued.notAfter.toISOString()} key=${csr.key.type}${csr.key.bits ?? ''}${csr.key.curve ?? ''}`,
      });
      return { certificate: der, replayed: false };
    });
  }

  private decide(user: AuthenticatedUser, request: EnrollmentRequest): EnrollmentDecision {
    // The ID may have been deleted since the request authenticated; its certificates are revoked
    // (P9) and it must not get a new one.
    if (this.deps.users.findById(user.id)?.deletedAt !== null) {
      throw new IssuerError(PROBLEM_CODES.USER_DELETED, 403, 'Login ID deleted', `the login ID ${user.loginId} has been deleted`);
    }
    const current = this.deps.certificates.findUnrevokedOfUser(user.id);
    const now = this.deps.clock.now();
    const { policy } = this.deps;
    if (user.viaCertificate !== undefined && user.viaCertificate !== current?.serialNumber) {
      return this.retryOfSupersededProof(user.viaCertificate, current, request, now);
    }
    // The certificate may have expired since the request authenticated: then it proves nothing (P7).
    if (user.viaCertificate !== undefined && current && now.getTime() >= current.notAfter.getTime()) {
      throw certificateExpired(current, 'expired');
    }
    return decideEnrollment({ request, current, now, policy });
  }

  /**
   * The authenticating certificate is no longer the live one: a renewal superseded it. Its
   * holder may fetch that renewal's certificate again with the very same request (the answer
   * was lost), nothing else: no new certificate, no refusal that says more than "revoked".
   */
  private retryOfSupersededProof(
    proofSerial: string,
    current: CertificateRecord | undefined,
    request: EnrollmentRequest,
    now: Date,
  ): EnrollmentDecision {
    const proof = this.deps.certificates.findBySerial(proofSerial);
    const retried = current !== undefined && proof?.supersededBy === current.serialNumber && now.getTime() < current.notAfter.getTime();
    if (retried && isRetryOf(current, request, now, this.deps.policy)) return { kind: 'replay', certificate: current };
    throw certificateRevoked({ serialNumber: proofSerial });
  }
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function passwordRequired(): IssuerError {
  return new IssuerError(
    PROBLEM_CODES.AUTH,
    401,
    'Authentication required',
    'a first enrolment (simpleenroll) needs the login ID and password; a client certificate authenticates simplereenroll only',
  );
}

async function parseRequest(csrDer: Buffer): Promise<ParsedCsr> {
  try {
    return await parseCsr(csrDer);
  } catch {
    throw new IssuerError(PROBLEM_CODES.CSR, 400, 'Malformed certificate request', 'the body is not a DER PKCS#10 certificate request');
  }
}
