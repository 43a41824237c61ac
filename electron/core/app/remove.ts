// Removing a certificate of this system (with its key) from the store. It does not revoke:
// revocation is the master user's or the bank's act (P9, P10), which the situation then explains.
import { CjsError } from '../errors';
import { normaliseSerial } from '../pki';
import type { StoredCertificate } from '../stores/certificate-store';
import type { AppServices } from './services';
import { collectStatus } from './status';

/** No certificate of this system has the serial or login ID asked for. */
export class CertificateNotFoundError extends CjsError<'CLI-NOT-FOUND'> {
  constructor(selector: RemovalSelector) {
    super('CLI-NOT-FOUND', 'no certificate of this system matches', { params: { ...selector } });
  }
}

export type RemovalSelector = { readonly serial: string } | { readonly loginId: string };

/** The certificates of this system the selector names (a serial in any spelling certutil prints). */
export async function findRemovable(services: AppServices, selector: RemovalSelector, now = new Date()): Promise<StoredCertificate[]> {
  const { reports, issuerError } = await collectStatus(services, now);
  // Without the issuer's CA nothing can be proved ours: nothing is offered for removal.
  if (issuerError !== undefined) throw issuerError;
  const wanted = 'serial' in selector ? normaliseSerial(selector.serial) : undefined;
  const targets = reports
    .map((r) => r.certificate)
    .filter((c) => (wanted ? c.serialNumber === wanted : c.subjectCommonName === (selector as { loginId: string }).loginId));
  if (targets.length === 0) throw new CertificateNotFoundError(selector);
  return targets;
}

/** Removes each certificate and its key; the store verifies by listing again. */
export async function removeCertificates(services: AppServices, targets: readonly StoredCertificate[]): Promise<string[]> {
  const removed: string[] = [];
  for (const certificate of targets) {
    await services.store.remove(certificate);
    removed.push(certificate.serialNumber);
  }
  return removed;
}
