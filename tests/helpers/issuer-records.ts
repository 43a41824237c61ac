// What an operator checks after crashes of the issuing service: that every certificate it handed
// out is still on record (its status API, a client's retry, the database itself), and that the
// database is intact.
import { DatabaseSync } from 'node:sqlite';
import { decodeBase64Strict, decodeCertsOnly, normaliseSerial } from '../../electron/core/pki';
import { databasePath } from '../../issuer/src/db/database';
import type { Acknowledged } from './kill-burst';
import { postCsr } from './kill-burst';
import { httpsCall } from './issuer';
import type { RunningGeneration } from './issuer-supervisor';

export interface ServiceCheck {
  /** Login IDs whose acknowledged certificate the status API does not call `good`. */
  readonly notGood: readonly string[];
  /** Login IDs whose retry with the same CSR did not get the very same certificate (when asked). */
  readonly replayDiffers: readonly string[];
}

/**
 * Asks the running service about every acknowledged certificate: its status by serial number, and
 * (with `replay`) what a client that lost the answer gets when it sends the same CSR again.
 */
export async function checkWithService(
  service: RunningGeneration,
  acknowledged: Iterable<Acknowledged>,
  options: { readonly password: string; readonly replay: boolean; readonly concurrency?: number },
): Promise<ServiceCheck> {
  const notGood: string[] = [];
  const replayDiffers: string[] = [];
  const queue = [...acknowledged];
  const worker = async (w: number): Promise<void> => {
    // Each worker from its own loopback address: the service bounds connections per address.
    const localAddress = `127.0.0.${2 + w}`;
    for (let a = queue.shift(); a; a = queue.shift()) {
      const status = await httpsCall(service.estUrl, service.tlsCaPem, {
        path: `/api/v1/certificates/${a.certificate.serialNumber}/status`,
        localAddress,
      });
      if (status.status !== 200 || status.json<{ status: string }>().status !== 'good') notGood.push(a.loginId);
      if (!options.replay) continue;
      const again = await postCsr(service, { loginId: a.loginId, csrDer: a.csrDer, localAddress }, options);
      const same = 'body' in again && again.status === 200 && sameCertificate(again.body, a.certificate.der);
      if (!same) replayDiffers.push(a.loginId);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, (_, w) => worker(w)));
  return { notGood, replayDiffers };
}

/** The very bytes of the first answer's certificate (not merely one for the same key and name). */
function sameCertificate(body: string, der: Buffer): boolean {
  try {
    const certs = decodeCertsOnly(decodeBase64Strict(body));
    return certs.length === 1 && certs[0]!.equals(der);
  } catch {
    return false;
  }
}

export interface IssuerRecords {
  /** `PRAGMA integrity_check`: 'ok' or the problems found. */
  readonly integrity: string;
  readonly certificates: readonly {
    readonly serial: string;
    readonly loginId: string;
    readonly der: Buffer;
    readonly revoked: boolean;
  }[];
  /** Serial numbers with a `certificate.issued` audit entry. */
  readonly auditedIssued: ReadonlySet<string>;
}

/** Reads the database of a stopped (or crashed) service, as the next start would find it. */
export function readIssuerRecords(dataDir: string): IssuerRecords {
  const db = new DatabaseSync(databasePath(dataDir));
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const rows = db
      .prepare(
        'SELECT c.serial AS serial, u.login_id AS loginId, c.der AS der, c.revoked_at AS revokedAt FROM certificates c JOIN users u ON u.id = c.user_id',
      )
      .all() as { serial: string; loginId: string; der: Uint8Array; revokedAt: string | null }[];
    const audited = db.prepare("SELECT serial FROM audit_log WHERE action = 'certificate.issued'").all() as { serial: string }[];
    return {
      integrity,
      certificates: rows.map((r) => ({
        serial: normaliseSerial(r.serial),
        loginId: r.loginId,
        der: Buffer.from(r.der),
        revoked: r.revokedAt !== null,
      })),
      auditedIssued: new Set(audited.map((r) => normaliseSerial(r.serial))),
    };
  } finally {
    db.close();
  }
}
