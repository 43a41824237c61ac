// What the audit trail records. Entries name people and certificates, never a password, a key
// or a request body: the audit log is read by bank staff and may leave the server.
import type { AuditStore } from '../db/audit-store';
import type { Clock } from './clock';

export type AuditAction =
  | 'certificate.issued'
  | 'certificate.revoked'
  | 'login.failed'
  | 'login.locked'
  | 'user.added'
  | 'user.deleted'
  | 'user.unlocked'
  | 'user.reregistered'
  | 'user.password-reset'
  | 'expiry.notified'
  | 'contract.created'
  | 'demo.seeded';

/** Who did it: a login ID, `operator` (the bank, through the operator CLI) or `system` (jobs). */
export type AuditActor = string;

export interface AuditEntry {
  readonly actor: AuditActor;
  readonly action: AuditAction;
  readonly loginId?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly detail?: string | undefined;
}

export class AuditTrail {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  /** Call inside the transaction of the change it records, so both are durable or neither. */
  record(entry: AuditEntry): void {
    this.store.append({
      time: this.clock.now().toISOString(),
      actor: entry.actor,
      action: entry.action,
      login_id: entry.loginId ?? null,
      serial: entry.serialNumber ?? null,
      detail: entry.detail ?? null,
    });
  }
}
