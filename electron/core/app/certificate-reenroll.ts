// simplereenroll proven by the current certificate (RFC 7030 §3.3.2): the same EST request as a
// password renewal, without an Authorization header, over TLS with the certificate and its key
// from the OS store, through the store's own TLS stack (stores/store-tls.ts: NSS tstclnt, Windows
// .NET). The answer is decoded exactly as the password path's (issuing/est-answer.ts).
import type { CertificateProof } from '../enrollment/workflow';
import { certificatesOf, csrRequest, EST_ACCEPT } from '../issuing/est-answer';
import type { StoreTlsClient } from '../stores/client-certificate-transport';

export interface CertificateReenrollOptions {
  /** The EST base, as EstClient.estBaseUrl gives it (`https://host/.well-known/est/`). */
  readonly estBaseUrl: string;
  readonly client: StoreTlsClient;
  /** The issuer's TLS trust beyond the OS's (the configured trust files), as the password path uses it. */
  readonly extraCaPem: readonly string[];
  readonly timeoutMs: number;
}

export type CertificateReenroll = (csrDer: Uint8Array, proof: CertificateProof) => Promise<Buffer[]>;

export function certificateReenroll(options: CertificateReenrollOptions): CertificateReenroll {
  return async (csrDer, proof) => {
    const csr = csrRequest(csrDer);
    const answer = await options.client.request({
      url: new URL('simplereenroll', options.estBaseUrl),
      method: 'POST',
      headers: { accept: EST_ACCEPT, 'user-agent': 'cjs-cert', ...csr.headers },
      body: Buffer.from(csr.body, 'latin1'),
      certificate: proof.clientCertificate,
      timeoutMs: options.timeoutMs,
      trust: { extraCaPem: options.extraCaPem },
    });
    // The certificate is the credential: a bare 401 is a refusal of it, as of a password.
    return certificatesOf(answer, { authenticated: true });
  };
}
