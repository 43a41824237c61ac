// What the issuer tells the client about "this system": its CA certificates (which of the
// store's certificates are ours) and its CRL (which of them are revoked). One function each, used
// by status, enroll, the app and the diagnosis alike.
import { CaPinError } from '../issuing/ca-pin';
import { PkiError, readCertificate, readCrl, type CertificateInfo } from '../pki';
import { isCertificateOfIssuer } from '../stores';
import type { StoredCertificate } from '../stores/certificate-store';

export interface IssuerCaSources {
  readonly issuing: { getCaCerts(): Promise<Buffer[]> };
  /** The CA certificates remembered from the last time the issuer was reachable, if any. */
  readonly cachedIssuerCas: () => Promise<CertificateInfo[] | undefined>;
}

export interface IssuerCas {
  readonly cas: CertificateInfo[];
  /** False when the issuer did not answer and the remembered list was used. */
  readonly fromIssuer: boolean;
  /**
   * True when the list is the one fetched earlier by this process, not asked for just now: the
   * issuer answered then, whether it answers now is for the caller's next request to tell.
   */
  readonly fromMemory?: boolean;
}

/**
 * The issuer's CA certificates: fetched, or the ones remembered from the last time it was
 * reachable. Rejects with the fetch's own error (ISSUE-UNREACHABLE, ISSUE-TLS...) when neither,
 * and with ISSUE-CA-MISMATCH whenever the issuer answered a list the pin refuses.
 */
export async function loadIssuerCas(sources: IssuerCaSources): Promise<IssuerCas> {
  try {
    return { cas: (await sources.issuing.getCaCerts()).map((der) => readCertificate(der)), fromIssuer: true };
  } catch (err) {
    // A list that contradicts the pin is an answer, not an outage: the remembered list must not
    // stand in for it as if the issuer were merely offline.
    if (err instanceof CaPinError) throw err;
    const cached = await sources.cachedIssuerCas().catch(() => undefined);
    if (!cached?.length) throw err;
    return { cas: cached, fromIssuer: false };
  }
}

/**
 * The serials a CRL lists, once its signature verifies with one of the issuer's CA certificates
 * (a chain may hold several). Rejects with PKI-BAD-CRL when it verifies with none.
 */
export async function revokedSerialsFrom(crlDer: Uint8Array, cas: readonly CertificateInfo[]): Promise<Set<string>> {
  for (const ca of cas) {
    try {
      return (await readCrl(crlDer, ca)).revokedSerials;
    } catch {
      // Signed by another of the issuer's CAs, or not at all: try the next.
    }
  }
  throw new PkiError('PKI-BAD-CRL', "the CRL does not verify with any of the issuer's CA certificates");
}

/** Why revocation is unknown, each with its own meaning to the user (status and the doctor say it). */
export type RevocationGap =
  /** The issuer did not answer: nothing of it is known just now. */
  | 'issuer-unreachable'
  /** The issuer answered, but publishes no CRL where it is looked for (404, 410, nothing listening). */
  | 'no-crl'
  /** A CRL came, or was expected, and could not be had or verified. */
  | 'crl-unreadable';

/**
 * The gap left by a CRL request that failed, told from its error and from whether the issuer
 * answered the CA list just now. A standard EST server (RFC 7030) has no CRL endpoint: that is
 * not a failure of the issuer's, only revocation that cannot be checked.
 */
export function revocationGap(crlError: unknown, issuerAnswered: boolean): RevocationGap {
  if (!issuerAnswered) return 'issuer-unreachable';
  const { code, status } = (crlError ?? {}) as { code?: unknown; status?: unknown };
  const notThere =
    code === 'CJS-E-NOT-FOUND' || code === 'ISSUE-REFUSED' || (code === 'ISSUE-HTTP-STATUS' && (status === 404 || status === 410));
  return notThere ? 'no-crl' : 'crl-unreadable';
}

/**
 * "Of this system" means issued by the issuer's CA, proved by the signature, so a look-alike
 * CA's certificate is neither listed nor removed.
 */
export function certificatesOfSystem(all: readonly StoredCertificate[], cas: readonly CertificateInfo[]): StoredCertificate[] {
  return all.filter((c) => cas.some((ca) => isCertificateOfIssuer(c, ca)));
}

/**
 * Whether the issuer says this revoked certificate's login ID was registered again since (P10),
 * from its JSON look-up. No answer (an issuer without the look-up, the network) is a no: the
 * certificate is still revoked, which stays true.
 */
export async function reregisteredAtIssuer(
  issuing: { getCertificateStatus?(serialNumber: string): Promise<{ readonly status: string; readonly reregistered: boolean }> },
  serialNumber: string,
): Promise<boolean> {
  const answer = await issuing.getCertificateStatus?.(serialNumber).catch(() => undefined);
  return answer?.status === 'revoked' && answer.reregistered;
}
