// The CRL (DER), cached in memory. It is regenerated when a revocation happened since it was
// signed, by this process or another one sharing issuer.db (the operator CLI), and when half
// its lifetime has passed, so a client that fetched it late still holds a CRL valid for a while.
import { createCrl, type SigningAuthority } from '../../../electron/core/pki';
import type { CertificateStore } from '../db/certificate-store';
import type { CrlStateStore } from '../db/crl-state-store';
import type { IssuerDatabase } from '../db/database';
import type { Clock } from './clock';
import { DAY_MS } from './enrollment-policy';

const CRL_LIFETIME_MS = DAY_MS;

interface SignedCrl {
  readonly der: Buffer;
  readonly revocationSeq: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
}

export class CrlPublisher {
  private cached: SignedCrl | undefined;
  // Concurrent requests for a stale CRL share one signing instead of each taking a CRL number.
  private pending: Promise<SignedCrl> | undefined;

  constructor(
    private readonly deps: {
      readonly db: IssuerDatabase;
      readonly certificates: CertificateStore;
      readonly crlState: CrlStateStore;
      readonly clock: Clock;
      readonly authority: SigningAuthority;
    },
  ) {}

  async current(): Promise<Buffer> {
    for (;;) {
      const seq = this.deps.crlState.revocationSeq();
      if (this.cached && this.isFresh(this.cached, seq)) return this.cached.der;
      this.pending ??= this.regenerate().finally(() => {
        this.pending = undefined;
      });
      const crl = await this.pending;
      // A signing already under way may predate the revocation this caller just made: go again.
      if (crl.revocationSeq >= seq) return crl.der;
    }
  }

  private isFresh(crl: SignedCrl, revocationSeq: number): boolean {
    const halfLife = crl.thisUpdate.getTime() + (crl.nextUpdate.getTime() - crl.thisUpdate.getTime()) / 2;
    return crl.revocationSeq === revocationSeq && this.deps.clock.now().getTime() < halfLife;
  }

  private async regenerate(): Promise<SignedCrl> {
    const thisUpdate = this.deps.clock.now();
    const nextUpdate = new Date(thisUpdate.getTime() + CRL_LIFETIME_MS);
    // One snapshot: the entries, the counter they correspond to, and a CRL number taken for them.
    const { revoked, revocationSeq, crlNumber } = this.deps.db.transaction(() => ({
      revoked: this.deps.certificates.revokedAndUnexpired(thisUpdate),
      revocationSeq: this.deps.crlState.revocationSeq(),
      crlNumber: this.deps.crlState.takeNextCrlNumber(),
    }));
    const der = await createCrl({
      authority: this.deps.authority,
      crlNumber,
      thisUpdate,
      nextUpdate,
      revoked: revoked.map((c) => ({ serialNumber: c.serialNumber, revokedAt: c.revokedAt!, reason: c.revocationReason! })),
    });
    const signed = { der, revocationSeq, thisUpdate, nextUpdate };
    this.cached = signed;
    return signed;
  }
}
