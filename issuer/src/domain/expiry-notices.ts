// P5: once per certificate, a notice for every user whose certificate expires within the notice
// window, written as an .eml file into ${dataDir}/outbox/ for the bank's mail system to send.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CertificateStore } from '../db/certificate-store';
import type { IssuerDatabase } from '../db/database';
import type { ExpiryNoticeStore } from '../db/expiry-notice-store';
import type { UserStore } from '../db/user-store';
import type { PolicySettings } from './api';
import type { AuditTrail } from './audit';
import type { Clock } from './clock';
import { DAY_MS } from './enrollment-policy';
import { composeExpiryNotice } from './expiry-notice-mail';

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

export class ExpiryNotifier {
  constructor(
    private readonly deps: {
      readonly dataDir: string;
      readonly db: IssuerDatabase;
      readonly users: UserStore;
      readonly certificates: CertificateStore;
      readonly notices: ExpiryNoticeStore;
      readonly audit: AuditTrail;
      readonly clock: Clock;
      readonly policy: Pick<PolicySettings, 'renewalWindowDays'>;
    },
  ) {}

  /** Returns how many notices were new. Safe to run as often as wanted, from any process. */
  recordDue(): number {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + this.deps.policy.renewalWindowDays * DAY_MS);
    let written = 0;
    for (const cert of this.deps.certificates.unrevokedExpiringBetween(now, until)) {
      if (this.deps.notices.isRecorded(cert.serialNumber)) continue;
      const user = this.deps.users.findById(cert.userId);
      // Without an address there is nobody to write to; the app still warns on the PC itself.
      if (!user || user.deletedAt || !user.email) continue;

      const emlPath = join(outboxDir(this.deps.dataDir), `expiry-${cert.serialNumber}.eml`);
      // The file first, the row second: a crash in between leaves a file that the next run
      // rewrites under the same name, never a recorded notice that was not written.
      writeAtomically(
        emlPath,
        composeExpiryNotice({
          to: user.email,
          loginId: user.loginId,
          serialNumber: cert.serialNumber,
          notAfter: cert.notAfter,
          renewalWindowDays: this.deps.policy.renewalWindowDays,
          now,
        }),
      );
      const recipient = user.email;
      const isNew = this.deps.db.transaction(() => {
        const inserted = this.deps.notices.record({
          serialNumber: cert.serialNumber,
          userId: user.id,
          recipient,
          notifiedAt: now,
          emlPath,
        });
        if (inserted) {
          this.deps.audit.record({
            actor: 'system',
            action: 'expiry.notified',
            loginId: user.loginId,
            serialNumber: cert.serialNumber,
            detail: `to=${recipient}`,
          });
        }
        return inserted;
      });
      if (isNew) written += 1;
    }
    return written;
  }
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  // Per process: the server's job and an operator run may write the same notice at once.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
}
