// `cjs-cert status`: the certificates of this system and the user's situation, as text or JSON.
import type { TFunction } from 'i18next';
import { isUsable } from '../../electron/core/enrollment/certificate-state';
import type { AppServices } from '../../electron/core/app/services';
import type { CertificateReport, StatusReport } from '../../electron/core/app/status';
import { formatDate } from '../format';
import { requestLines, situationLines } from '../situation-text';

export { collectStatus, type CertificateReport, type StatusReport } from '../../electron/core/app/status';

/** Exit 0 only when some certificate of this system can log in. */
export function hasUsableCertificate(status: StatusReport): boolean {
  return status.reports.some((r) => isUsable(r.assessment.state));
}

export function statusJson(services: AppServices, status: StatusReport): string {
  return `${JSON.stringify(
    {
      store: services.store.kind,
      location: services.store.location,
      issuer: services.settings.issuerUrl,
      revocationChecked: status.revocationChecked,
      // Why not, when not: 'issuer-unreachable', 'no-crl' (the issuer publishes none), 'crl-unreadable'.
      revocationGap: status.revocationGap ?? null,
      certificates: status.reports.map(({ certificate: c, assessment: a }) => ({
        loginId: c.subjectCommonName ?? null,
        state: a.state,
        usable: isUsable(a.state),
        serialNumber: c.serialNumber,
        thumbprint: c.thumbprintSha1,
        subject: c.subject,
        issuer: c.issuer,
        notBefore: c.notBefore.toISOString(),
        notAfter: c.notAfter.toISOString(),
        daysLeft: a.daysLeft,
        renewalOpensAt: a.renewalOpensAt.toISOString(),
        hasPrivateKey: c.hasPrivateKey,
      })),
      situation: status.situation,
    },
    null,
    2,
  )}\n`;
}

/**
 * The store, each certificate of this system with its facts (state, validity, serial), then the
 * situation: what it means and who does what next. The facts are said here, the advice there.
 */
export function statusText(services: AppServices, status: StatusReport, t: TFunction): string {
  const lines = [t('status.store', { location: services.store.location })];
  for (const report of status.reports) lines.push(...certificateLines(report, t));
  lines.push('', ...situationLines(status.situation, t));
  const requests = requestLines(status.situation, t);
  if (requests.length > 0) lines.push('', ...requests);
  if (!status.revocationChecked) lines.push(t(`status.revocationGap.${status.revocationGap ?? 'issuer-unreachable'}`));
  return `${lines.join('\n')}\n`;
}

/** One certificate as a small block: who and in what state, then its dates and serial, aligned. */
function certificateLines({ certificate: c, assessment: a }: CertificateReport, t: TFunction): string[] {
  const dates = { notBefore: formatDate(c.notBefore), notAfter: formatDate(c.notAfter) };
  // Days left only where they mean something: a certificate that can still log in.
  const period = isUsable(a.state) ? t('status.periodDaysLeft', { ...dates, count: a.daysLeft }) : t('status.period', dates);
  return [
    `  ${t('status.certificate', { loginId: c.subjectCommonName ?? '?', state: t(`status.state.${a.state}`) })}`,
    `    ${period}`,
    ...(a.state === 'valid' ? [`    ${t('status.renewalOpens', { date: formatDate(a.renewalOpensAt) })}`] : []),
    `    ${t('status.serial', { serial: c.serialNumber })}`,
  ];
}
