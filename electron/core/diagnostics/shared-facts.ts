// Facts several checks need, fetched once per diagnosis run and shared (memoised promises), so
// ten certificate checks do not list the store ten times.
import { readCrl, type CertificateInfo, readCertificate } from '../pki';
import type { CertificateStore, StoredCertificate } from '../stores/certificate-store';
import { isCertificateOfIssuer } from '../stores';
import type { SharedFacts } from './check';

export interface SharedFactSources {
  readonly store: CertificateStore;
  readonly issuing: { getCaCerts(): Promise<Buffer[]>; getCrl(): Promise<Buffer> };
  /** Fallback when the issuer is unreachable: the CA certificates remembered from earlier. */
  readonly cachedIssuerCas?: () => Promise<CertificateInfo[] | undefined>;
}

export function createSharedFacts(sources: SharedFactSources): SharedFacts {
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let memo: Promise<T> | undefined;
    return () => (memo ??= make());
  };
  const crl = once(() => sources.issuing.getCrl());
  const issuerCas = once(async () => {
    // Fetched alongside the CA certificates, not after: against a silent issuer both wait out the
    // same timeout together, leaving the rest of the deadline to the login check.
    crl().catch(() => undefined);
    try {
      return (await sources.issuing.getCaCerts()).map((der) => readCertificate(der));
    } catch (err) {
      const cached = await sources.cachedIssuerCas?.();
      if (cached?.length) return cached;
      throw err;
    }
  });
  const storeCertificates = once(() => sources.store.list());
  const systemCertificates = once(async (): Promise<StoredCertificate[]> => {
    const [cas, certs] = await Promise.all([issuerCas(), storeCertificates()]);
    return certs.filter((c) => cas.some((ca) => isCertificateOfIssuer(c, ca)));
  });
  const revokedSerials = once(async () => {
    const [cas, der] = await Promise.all([issuerCas(), crl()]);
    const errors: unknown[] = [];
    for (const ca of cas) {
      try {
        return (await readCrl(der, ca)).revokedSerials;
      } catch (err) {
        errors.push(err);
      }
    }
    throw new AggregateError(errors, "the CRL does not verify with any of the issuer's CA certificates");
  });
  return { issuerCas, storeCertificates, systemCertificates, revokedSerials };
}
