// Status collection: the store's certificates of this system, the issuer's CRL and what this PC
// remembers, turned into the user's situation. `cjs-cert status`, the Status and Certificates
// screens and the enroll use case all start here.
import type { Situation } from '../../contract/situation';
import { assessCertificate, type CertificateAssessment } from '../enrollment/certificate-state';
import { finishInterruptedTidyUps } from '../enrollment/tidy-up';
import type { CertificateInfo } from '../pki';
import type { StoredCertificate } from '../stores/certificate-store';
import { certificatesOfSystem, reregisteredAtIssuer, revocationGap, revokedSerialsFrom, type RevocationGap } from './issuer-facts';
import type { AppServices } from './services';
import { computeSituationAfterReregistration } from './situation';
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
  /** Why revocation is unknown, when it is. */
  readonly revocationGap?: RevocationGap;
  /** The serials the issuer's CRL lists, when it was fetched and verified for this status. */
  readonly revokedSerials?: ReadonlySet<string>;
  readonly situation: Situation;
  /** Why the issuer's CA is unknown (neither fetched nor remembered): the situation is then 'undetermined'. */
  readonly issuerError?: Error;
  /** The issuer's CA certificates as the issuer answered them for this status; absent when they were remembered ones. */
  readonly answeredIssuerCas?: readonly CertificateInfo[];
}

export interface StatusOptions {
  /**
   * Ask the issuer for its CA list even when this process holds one (side by side with the CRL):
   * for a caller that goes on to build on it (the enrollment), so it is asked once.
   */
  readonly freshIssuerCas?: boolean;
}

export async function collectStatus(
  services: AppServices,
  now: Date,
  loginId?: string,
  options: StatusOptions = {},
): Promise<StatusReport> {
  // The store, the CA list and the CRL do not depend on each other: all asked at once. The CRL
  // is verified with the CA list once both are in.
  const crl = settle(services.issuing.getCrl());
  const [loaded, listed, remembered] = await Promise.all([
    loadCas(services, options.freshIssuerCas),
    services.store.list(),
    readRememberedEnrollments(services.env, services.settings.issuerUrl),
  ]);
  const { issuer, revoked, gap } = await issuerAnswers(services, loaded, await crl);
  // A renewal killed while it removed the certificates it superseded is finished here, so the
  // situation below is the one the renewal meant to leave (tidy-up.ts: only recorded ones).
  const tidied = await finishInterruptedTidyUps(
    {
      store: services.store,
      tidyUp: services.tidyUp,
      issuerUrl: services.settings.issuerUrl,
      issuers: issuer.cas,
      revokedSerials: revoked,
      loginId,
    },
    listed,
  );
  const all = listed.filter((c) => !tidied.includes(c));
  const ours = certificatesOfSystem(all, issuer.cas);
  const { renewalWindowDays } = services.settings;
  const input = {
    certificates: ours,
    revokedSerials: revoked,
    issuerReachable: issuer.fromIssuer,
    caKnown: issuer.cas.length > 0,
    remembered,
    loginId,
    now,
    renewalWindowDays,
    store: { kind: services.store.kind, location: services.store.location },
  };
  const situation = await computeSituationAfterReregistration(input, (serial) => reregisteredAtIssuer(services.issuing, serial));
  const reports = ours
    .map((certificate) => ({
      certificate,
      assessment: assessCertificate(certificate, { now, renewalWindowDays, revokedSerials: revoked }),
    }))
    .sort((a, b) => b.certificate.notAfter.getTime() - a.certificate.notAfter.getTime());
  return {
    reports,
    revocationChecked: revoked !== undefined,
    ...(revoked === undefined ? { revocationGap: gap } : { revokedSerials: revoked }),
    situation,
    ...(issuer.error === undefined ? {} : { issuerError: issuer.error }),
    ...(issuer.fromIssuer && !issuer.fromMemory ? { answeredIssuerCas: issuer.cas } : {}),
  };
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };
type LoadedCas = Awaited<ReturnType<AppServices['loadIssuerCas']>> & { readonly error: Error | undefined };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** The CA list as status reports it: with the reason it is unknown instead of a rejection. */
function loadCas(services: AppServices, fresh = false): Promise<LoadedCas> {
  return services.loadIssuerCas(fresh ? { fresh } : undefined).then(
    (loaded) => ({ ...loaded, error: undefined }),
    (error: unknown) => ({
      cas: [] as CertificateInfo[],
      fromIssuer: false,
      error: error instanceof Error ? error : new Error(String(error)),
    }),
  );
}

/**
 * The CA list and the revoked serials, as truthful as asking both now. A CA list kept from
 * earlier stands only if the issuer answered the CRL just now and the CRL verifies with it;
 * otherwise the list is asked for again, so an issuer gone offline is reported as such and a
 * CA rollover is followed. CA certificates from the disk cache mean the issuer did not answer:
 * revocation is then unknown. Offline, or a CRL that does not verify: revocation unknown.
 */
async function issuerAnswers(
  services: AppServices,
  loaded: LoadedCas,
  crl: Settled<Buffer>,
): Promise<{ issuer: LoadedCas; revoked: Set<string> | undefined; gap: RevocationGap }> {
  let issuer = loaded;
  let revoked = issuer.fromIssuer && crl.ok ? await revokedSerialsFrom(crl.value, issuer.cas).catch(() => undefined) : undefined;
  if (issuer.fromMemory && revoked === undefined) {
    issuer = await loadCas(services, true);
    revoked = issuer.fromIssuer && crl.ok ? await revokedSerialsFrom(crl.value, issuer.cas).catch(() => undefined) : undefined;
  }
  // A CRL that came and did not verify is unreadable; one that did not come is told by its error.
  const gap = crl.ok ? (issuer.fromIssuer ? 'crl-unreadable' : 'issuer-unreachable') : revocationGap(crl.error, issuer.fromIssuer);
  return { issuer, revoked, gap };
}
