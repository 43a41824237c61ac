// `cjs-cert status`: the certificates of this system and the user's situation, as text or JSON.
import type { TFunction } from 'i18next';
import { isUsable } from '../../electron/core/enrollment/certificate-state';
import type { AppServices } from '../../electron/core/app/services';
import type { StatusReport } from '../../electron/core/app/status';
import { formatDate } from '../format';
import { situationLines } from '../situation-text';

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

/** One line per certificate with its facts, then the situation: what it means and who does what next. */
export function statusText(services: AppServices, status: StatusReport, t: TFunction): string {
  const location = services.store.location;
  const lines = status.reports.length === 0 ? [t('status.empty', { location })] : [t('status.header', { location })];
  for (const { certificate: c, assessment: a } of status.reports) {
    const dates = { notBefore: formatDate(c.notBefore), notAfter: formatDate(c.notAfter) };
    lines.push(
      `  ${t('status.line', { loginId: c.subjectCommonName ?? '?', state: t(`status.state.${a.state}`), ...dates, daysLeft: a.daysLeft, serial: c.serialNumber })}`,
      `    → ${t(`status.next.${a.state}`, { renewalOpensAt: formatDate(a.renewalOpensAt), ...dates })}`,
    );
  }
  lines.push('', ...situationLines(status.situation, t));
  if (!status.revocationChecked) lines.push(t('status.revocationUnknown'));
  return `${lines.join('\n')}\n`;
}
