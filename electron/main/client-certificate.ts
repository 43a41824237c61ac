// Which of the OS store's certificates Chromium presents when the login page asks for one
// (`select-client-certificate`). A browser shows the clerk a picker; the app's login probe
// decides the way a careful clerk would: a certificate of the login ID being checked, from the
// system's CA, valid now, the one the diagnosis is about if the store offers it, else the newest.
// Never another user's certificate, whatever else the store holds; none fitting → none at all.
import { createHash } from 'node:crypto';

/** What of Electron's Certificate the choice reads (times in seconds since the epoch). */
export interface CandidateCertificate {
  /** PEM. */
  readonly data: string;
  readonly subject: { readonly commonName: string };
  readonly issuer: { readonly commonName: string };
  readonly validStart: number;
  readonly validExpiry: number;
}

export interface WantedCertificate {
  /** The login ID being checked: the subject common name must be exactly this. */
  readonly loginId: string;
  /** The issuing CA's common name, when known: a same-named user of another system is not ours. */
  readonly issuerCommonName?: string | undefined;
  /** The certificate the diagnosis is about (SHA-1, upper-case hex), preferred when offered. */
  readonly thumbprintSha1?: string | undefined;
}

export function chooseClientCertificate<C extends CandidateCertificate>(
  offered: readonly C[],
  wanted: WantedCertificate,
  now: Date,
): C | undefined {
  const seconds = now.getTime() / 1000;
  const ours = offered.filter(
    (c) =>
      c.subject.commonName === wanted.loginId &&
      (wanted.issuerCommonName === undefined || c.issuer.commonName === wanted.issuerCommonName) &&
      c.validStart <= seconds &&
      seconds < c.validExpiry,
  );
  const exact = wanted.thumbprintSha1 ? ours.find((c) => thumbprintOf(c.data) === wanted.thumbprintSha1?.toUpperCase()) : undefined;
  return exact ?? newest(ours);
}

function newest<C extends CandidateCertificate>(list: readonly C[]): C | undefined {
  return [...list].sort((a, b) => b.validStart - a.validStart || b.validExpiry - a.validExpiry)[0];
}

/** SHA-1 of the certificate's DER (Windows' "Thumbprint"), or undefined for something that is not PEM. */
export function thumbprintOf(pem: string): string | undefined {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) return undefined;
  return createHash('sha1')
    .update(Buffer.from(body.replace(/\s/g, ''), 'base64'))
    .digest('hex')
    .toUpperCase();
}
