import type { TFunction } from 'i18next';
import { normaliseSerial } from '../../electron/core/pki';
import type { StoredCertificate } from '../../electron/core/stores/certificate-store';
import { UsageError } from '../errors';
import type { CliServices } from '../services';
import { collectStatus } from './status';

export class CertificateNotFoundError extends Error {
  readonly code = 'CLI-NOT-FOUND';
}

/**
 * `cjs-cert remove`: deletes certificates of this system (with their keys) from the store.
 * It does not revoke: revocation is the master user's or the bank's act (P9, P10).
 */
export async function runRemove(
  services: CliServices,
  options: { readonly serial?: string | undefined; readonly loginId?: string | undefined; readonly yes: boolean; readonly json: boolean },
  t: TFunction,
  io: { stdout: NodeJS.WritableStream },
): Promise<void> {
  if (!options.serial && !options.loginId) throw new UsageError('remove needs --serial S or --login-id ID');
  const status = await collectStatus(services, new Date());
  const wanted = options.serial ? normaliseSerial(options.serial) : undefined;
  const targets: StoredCertificate[] = status.reports
    .map((r) => r.certificate)
    .filter((c) => (wanted ? c.serialNumber === wanted : c.subjectCommonName === options.loginId));
  if (targets.length === 0) throw new CertificateNotFoundError(t('remove.notFound'));
  if (!options.yes) throw new UsageError(t('remove.confirmNeeded'));
  for (const cert of targets) {
    await services.store.remove(cert);
    if (!options.json) io.stdout.write(`${t('remove.done', { loginId: cert.subjectCommonName ?? '?', serial: cert.serialNumber })}\n`);
  }
  if (options.json) io.stdout.write(`${JSON.stringify({ ok: true, removedSerials: targets.map((c) => c.serialNumber) }, null, 2)}\n`);
}
