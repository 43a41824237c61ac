// Status collection: the store's certificates of this system, the issuer's CRL and what this PC
// remembers, turned into the user's situation. `cjs-cert status`, the Status and Certificates
// screens and the enroll use case all start here.
import type { Situation } from '../../contract/situation';
import { assessCertificate, type CertificateAssessment } from '../enrollment/certificate-state';
import type { CertificateInfo } from '../pki';
import type { StoredCertificate } from '../stores/certificate-store';
import { certificatesOfSystem, revokedSerialsFrom } from './issuer-facts';
import type { AppServices } from './services';
import { computeSituation } from './situation';
import { readRememberedEnrollments } from './state-files';

export interface CertificateReport {
  readonly certificate: StoredCertificate;
  readonly assessment: CertificateAssessment;
}

export interface StatusReport {
  /** Every certificate of this system in the store, newest expiry first. */
  readonly reports: readonly CertificateReport[];
  /** False when the issuer could not be asked for its CRL: revocation is then unknown. */
  readonly revocationChecked: boolean;
  readonly situation: Situation;
  /** Why the issuer's CA is unknown (neither fetched nor remembered): the situation is then 'undetermined'. */
  readonly issuerError?: Error;
}

export async function collectStatus(services: AppServices, now: Date, loginId?: string): Promise<StatusReport> {
  const [issuer, all, remembered] = await Promise.all([
    services.loadIssuerCas().then(
      (loaded) => ({ ...loaded, error: undefined }),
      (error: unknown) => ({
        cas: [] as CertificateInfo[],
        fromIssuer: false,
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    ),
    services.store.list(),
    readRememberedEnrollments(services.env, services.settings.issuerUrl),
  ]);
  const ours = certificatesOfSystem(all, issuer.cas);
  // CA certificates from the cache mean the issuer did not answer: its CRL would only wait out the same timeout.
  const revoked = issuer.fromIssuer ? await fetchRevokedSerials(services, issuer.cas) : undefined;
  const { renewalWindowDays } = services.settings;
  const situation = computeSituation({
    certificates: ours,
    revokedSerials: revoked,
    issuerReachable: issuer.fromIssuer,
    caKnown: issuer.cas.length > 0,
    remembered,
    loginId,
    now,
    renewalWindowDays,
    store: { kind: services.store.kind, location: services.store.location },
  });
  const reports = ours
    .map((certificate) => ({
      certificate,
      assessment: assessCertificate(certificate, { now, renewalWindowDays, revokedSerials: revoked }),
    }))
    .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
  return {
    reports,
    revocationChecked: revoked !== undefined,
    situation,
    ...(issuer.error === undefined ? {} : { issuerError: issuer.error }),
  };
}

/** Offline, or a CRL that does not verify: report what the store says and that revocation is unknown. */
async function fetchRevokedSerials(services: AppServices, cas: readonly CertificateInfo[]): Promise<Set<string> | undefined> {
  try {
    return await revokedSerialsFrom(await services.issuing.getCrl(), cas);
  } catch {
    return undefined;
  }
}
