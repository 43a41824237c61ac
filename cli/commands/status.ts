import type { TFunction } from 'i18next';
import { assessCertificate, isUsable, type CertificateAssessment } from '../../electron/core/enrollment/certificate-state';
import { readCrl, type CertificateInfo } from '../../electron/core/pki';
import { isCertificateOfIssuer } from '../../electron/core/stores';
import type { StoredCertificate } from '../../electron/core/stores/certificate-store';
import { formatDate } from '../format';
import type { CliServices } from '../services';

export interface CertificateReport {
  readonly certificate: StoredCertificate;
  readonly assessment: CertificateAssessment;
}

export interface StatusReport {
  readonly reports: readonly CertificateReport[];
  /** False when the issuer could not be asked for its CRL: revocation is then unknown. */
  readonly revocationChecked: boolean;
}

/**
 * Every certificate of this system in the store, assessed. "Of this system" means issued by
 * the issuer's CA, which comes from the issuer (and is remembered for offline use) — proved by
 * the signature, as the diagnosis does, so a look-alike CA's certificate is neither listed nor removed.
 */
export async function collectStatus(services: CliServices, now: Date): Promise<StatusReport> {
  const cas = await services.issuerCas();
  const all = await services.store.list();
  const ours = all.filter((c) => cas.some((ca) => isCertificateOfIssuer(c, ca)));
  const revoked = await revokedSerials(services, cas);
  const reports = ours
    .map((certificate) => ({
      certificate,
      assessment: assessCertificate(certificate, { now, renewalWindowDays: services.settings.renewalWindowDays, revokedSerials: revoked }),
    }))
    .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
  return { reports, revocationChecked: revoked !== undefined };
}

async function revokedSerials(services: CliServices, cas: readonly CertificateInfo[]): Promise<Set<string> | undefined> {
  try {
    const der = await services.issuing.getCrl();
    for (const ca of cas) {
      try {
        return (await readCrl(der, ca)).revokedSerials;
      } catch {
        // signed by another of the issuer's CAs: try the next
      }
    }
  } catch {
    // Offline: report what the store says and that revocation is unknown.
  }
  return undefined;
}

export function statusJson(services: CliServices, status: StatusReport): string {
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
    },
    null,
    2,
  )}\n`;
}

export function statusText(services: CliServices, status: StatusReport, t: TFunction): string {
  if (status.reports.length === 0) return `${t('status.none')}\n`;
  const lines = [t('status.header', { location: services.store.location })];
  for (const { certificate: c, assessment: a } of status.reports) {
    lines.push(
      `  ${t('status.line', {
        loginId: c.subjectCommonName ?? '?',
        state: t(`status.state.${a.state}`),
        notBefore: formatDate(c.notBefore),
        notAfter: formatDate(c.notAfter),
        daysLeft: a.daysLeft,
        serial: c.serialNumber,
      })}`,
    );
    lines.push(`    → ${t(`status.next.${a.state}`, { renewalOpensAt: formatDate(a.renewalOpensAt) })}`);
  }
  if (!status.revocationChecked) lines.push(t('status.revocationUnknown'));
  return `${lines.join('\n')}\n`;
}
