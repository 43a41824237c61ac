// `cjs-cert remove`: deletes certificates of this system (with their keys) from the store. It
// does not revoke: revocation is the master user's or the bank's act (P9, P10).
import type { TFunction } from 'i18next';
import { findRemovable, removeCertificates, type RemovalSelector } from '../../electron/core/app/remove';
import type { AppServices } from '../../electron/core/app/services';
import { UsageError } from '../errors';

export async function runRemove(
  services: AppServices,
  options: { readonly serial?: string | undefined; readonly loginId?: string | undefined; readonly yes: boolean; readonly json: boolean },
  t: TFunction,
  io: { stdout: NodeJS.WritableStream },
): Promise<void> {
  const selector: RemovalSelector | undefined = options.serial
    ? { serial: options.serial }
    : options.loginId
      ? { loginId: options.loginId }
      : undefined;
  if (!selector) throw new UsageError('removeNeedsSelector');
  const targets = await findRemovable(services, selector);
  if (!options.yes) throw new UsageError('confirmNeeded');
  const removed = await removeCertificates(services, targets);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, removedSerials: removed }, null, 2)}\n`);
    return;
  }
  for (const cert of targets)
    io.stdout.write(`${t('remove.done', { loginId: cert.subjectCommonName ?? '?', serial: cert.serialNumber })}\n`);
}
