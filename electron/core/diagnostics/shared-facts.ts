// Facts several checks need, fetched once per diagnosis run and shared (memoised promises), so
// ten certificate checks do not list the store ten times. The CA list (fetched, or remembered)
// and the CRL's verification are the application layer's one implementation (app/issuer-facts).
import { certificatesOfSystem, loadIssuerCas, reregisteredAtIssuer, revokedSerialsFrom } from '../app/issuer-facts';
import type { RememberedEnrollment } from '../app/situation';
import type { CertificateInfo } from '../pki';
import type { CertificateStore } from '../stores/certificate-store';
import type { SharedFacts } from './check';

export interface SharedFactSources {
  readonly store: CertificateStore;
  readonly issuing: {
    getCaCerts(): Promise<Buffer[]>;
    getCrl(): Promise<Buffer>;
    getCertificateStatus?(serialNumber: string): Promise<{ readonly status: string; readonly reregistered: boolean }>;
  };
  /** Fallback when the issuer is unreachable: the CA certificates remembered from earlier. */
  readonly cachedIssuerCas?: () => Promise<CertificateInfo[] | undefined>;
  /** What this PC remembers having enrolled from this issuer (none when not given). */
  readonly rememberedEnrollments?: () => Promise<readonly RememberedEnrollment[]>;
}

export function createSharedFacts(sources: SharedFactSources): SharedFacts {
  const { issuing } = sources;
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let memo: Promise<T> | undefined;
    return () => (memo ??= make());
  };
  const crl = once(() => issuing.getCrl());
  const cas = once(() => {
    // Fetched alongside the CA certificates, not after: against a silent issuer both wait out the
    // same timeout together, leaving the rest of the deadline to the login check.
    crl().catch(() => undefined);
    return loadIssuerCas({ issuing, cachedIssuerCas: sources.cachedIssuerCas ?? (() => Promise.resolve(undefined)) });
  });
  const issuerCas = once(async () => (await cas()).cas);
  const storeCertificates = once(() => sources.store.list());
  const systemCertificates = once(async () => {
    const [known, certs] = await Promise.all([issuerCas(), storeCertificates()]);
    return certificatesOfSystem(certs, known);
  });
  const revokedSerials = once(async (): Promise<ReadonlySet<string>> => {
    const [known, der] = await Promise.all([issuerCas(), crl()]);
    return revokedSerialsFrom(der, known);
  });
  return {
    issuerCas,
    issuerReachable: async () => (await cas()).fromIssuer,
    storeCertificates,
    systemCertificates,
    revokedSerials,
    rememberedEnrollments: once(async () => (await sources.rememberedEnrollments?.()) ?? []),
    // Asked only for a revoked certificate, as status does: an issuer without the look-up says no.
    reregistered: (serialNumber) => reregisteredAtIssuer(issuing, serialNumber),
  };
}
