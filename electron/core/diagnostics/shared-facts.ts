// Facts several checks need, fetched once per diagnosis run and shared (memoised promises), so
// ten certificate checks do not list the store ten times. The CA list (fetched, or remembered)
// and the CRL's verification are the application layer's one implementation (app/issuer-facts).
import { certificatesOfSystem, loadIssuerCas, revokedSerialsFrom } from '../app/issuer-facts';
import type { RememberedEnrollment } from '../app/situation';
import { IssuingError } from '../issuing/errors';
import type { CertificateInfo } from '../pki';
import type { CertificateStore } from '../stores/certificate-store';
import type { SharedFacts } from './check';

export interface SharedFactSources {
  readonly store: CertificateStore;
  readonly issuing: { getCaCerts(): Promise<Buffer[]>; getCrl(): Promise<Buffer> };
  /** Fallback when the issuer is unreachable: the CA certificates remembered from earlier. */
  readonly cachedIssuerCas?: () => Promise<CertificateInfo[] | undefined>;
  /** What this PC remembers having enrolled from this issuer (none when not given). */
  readonly rememberedEnrollments?: () => Promise<readonly RememberedEnrollment[]>;
}

/**
 * Codes of this client's own cancellation (its deadline abort). The issuing client reports one
 * that strikes after the TLS handshake as ISSUE-TLS "certificate not trusted" (issue 9, finding
 * 2): the aborted socket still holds the peer's certificate and is taken for a rejected one.
 */
const CLIENT_ABORT = new Set(['ERR_CANCELED', 'ABORT_ERR', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT']);

/** The doctor never tells a user their deadline was an untrusted certificate: such an error is a timeout. */
export function deadlineAsTimeout(err: unknown): unknown {
  if (!(err instanceof IssuingError) || err.code !== 'ISSUE-TLS' || !CLIENT_ABORT.has(err.tls?.tlsErrorCode ?? '')) return err;
  return new IssuingError('ISSUE-TIMEOUT', `no answer in time (the client gave up: ${err.tls!.tlsErrorCode})`, {
    faq: ['Q18(8)', 'Q24'],
    errno: err.tls!.tlsErrorCode,
    cause: err,
  });
}

/** The issuer's requests, their deadline errors told as timeouts (see deadlineAsTimeout). */
function withTimeoutsTold(issuing: SharedFactSources['issuing']): SharedFactSources['issuing'] {
  const told =
    <T>(request: () => Promise<T>) =>
    () =>
      request().catch((err: unknown) => {
        throw deadlineAsTimeout(err);
      });
  return { getCaCerts: told(() => issuing.getCaCerts()), getCrl: told(() => issuing.getCrl()) };
}

export function createSharedFacts(sources: SharedFactSources): SharedFacts {
  const issuing = withTimeoutsTold(sources.issuing);
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
  };
}
