// `cjs-cert renew --auto`: renews, without any password, every certificate of this system on
// this PC that is inside its renewal window (the daily scheduled task runs it). One line per
// login ID on stdout; exit 0 when everything is renewed or nothing is due, NEEDS_USER when a
// renewal is due and only the user (with the password) or the master can do it.
import type { TFunction } from 'i18next';
import { renewAutomatically, type AutoRenewItem, type AutoRenewReport, type NeedsUserReason } from '../../electron/core/app/auto-renew';
import type { AppServices } from '../../electron/core/app/services';
import { describeError } from '../errors';
import { EXIT, type ExitCode } from '../exit-codes';
import { formatDate } from '../format';
import { createProgressWriter } from '../progress';
import { actorLines } from '../situation-text';
import { forTerminal } from '../terminal-text';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export async function runRenewAuto(
  services: AppServices,
  options: { json: boolean; english: boolean },
  t: TFunction,
  io: Io,
): Promise<ExitCode> {
  if (!options.json) io.stderr.write(`${t('autoRenew.title', { issuer: services.settings.issuerUrl })}\n`);
  const progress = createProgressWriter(t, io.stderr, 'rsa-2048', options.english);
  const report = await renewAutomatically(services, {
    onStart: (loginId, serial) => {
      if (!options.json) io.stderr.write(`${t('autoRenew.renewing', { loginId, serial })}\n`);
    },
    onEvent: (_loginId, event) => {
      if (!options.json) progress(event);
    },
  });
  io.stdout.write(options.json ? reportJson(report, t) : forTerminal(reportText(report, t), io.stdout));
  return exitStatus(report, t);
}

/** A failure to try again wins (its own status: unreachable, store…); then "needs the user"; else 0. */
export function exitStatus(report: AutoRenewReport, t: TFunction): ExitCode {
  const failed = report.items.find((i) => i.kind === 'failed');
  if (failed) return describeError(failed.error, t).exitCode;
  return report.items.some((i) => i.kind === 'needs-user') ? EXIT.NEEDS_USER : EXIT.OK;
}

function reportText(report: AutoRenewReport, t: TFunction): string {
  const lines = report.items.length === 0 ? [t('autoRenew.none')] : report.items.flatMap((item) => itemLines(item, t));
  if (!report.revocationChecked) lines.push(t('status.revocationUnknown'));
  return `${lines.join('\n')}\n`;
}

function itemLines(item: AutoRenewItem, t: TFunction): string[] {
  const { loginId } = item;
  switch (item.kind) {
    case 'renewed':
      // The superseded certificates' removal was told as it happened (the progress lines).
      return [
        t('autoRenew.renewed', {
          loginId,
          notAfter: formatDate(new Date(item.certificate.notAfter)),
          daysLeft: item.certificate.daysLeft,
        }),
      ];
    case 'not-due':
      return [t('autoRenew.notDue', { loginId, date: formatDate(item.renewalOpensAt) })];
    case 'failed':
      return [t('autoRenew.failed', { loginId, message: describeError(item.error, t).message })];
    case 'needs-user':
      return needsUserLines(item, t);
  }
}

/** The command each reason leaves to the user; none where someone else acts first. */
const NEXT_COMMAND: Readonly<Record<NeedsUserReason, 'enroll' | 'renew' | 'diagnose' | undefined>> = {
  expired: 'enroll',
  revoked: undefined,
  'no-key': undefined,
  'not-yet-valid': 'diagnose',
  refused: 'renew',
  'needs-password': 'renew',
  'no-journal': 'renew',
};

function needsUserLines(item: Extract<AutoRenewItem, { kind: 'needs-user' }>, t: TFunction): string[] {
  const reason = t(`autoRenew.reason.${item.reason}`, {
    notAfter: formatDate(item.notAfter),
    message: item.code ? t(`error.${item.code}`, { loginId: item.loginId, defaultValue: item.code }) : '',
  });
  const command = NEXT_COMMAND[item.reason];
  return [
    t('autoRenew.needsUser', { loginId: item.loginId, reason }),
    ...(command ? [`      ${t(`command.${command}`, { loginId: item.loginId })}`] : []),
    ...actorLines(item.actor, item.actor === 'master' ? 'bank' : null, t).map((line) => `  ${line}`),
    ...(item.code ? [`  ${t('error.code', { code: item.code })}`] : []),
  ];
}

function reportJson(report: AutoRenewReport, t: TFunction): string {
  const items = report.items.map((item) => {
    if (item.kind === 'failed') {
      const { code, message, actor, exitCode } = describeError(item.error, t);
      return { kind: item.kind, loginId: item.loginId, serialNumber: item.serialNumber, error: { code, message, actor, exitCode } };
    }
    if (item.kind === 'not-due') return { ...item, renewalOpensAt: item.renewalOpensAt.toISOString() };
    if (item.kind === 'needs-user') return { ...item, notAfter: item.notAfter.toISOString() };
    return item;
  });
  const exitCode = exitStatus(report, t);
  return `${JSON.stringify({ ok: exitCode === EXIT.OK, exitCode, revocationChecked: report.revocationChecked, checkedAt: report.checkedAt.toISOString(), items }, null, 2)}\n`;
}
