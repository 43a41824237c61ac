import type { CsrAttribute } from '../pki';
import {
  certificatesOf,
  certificateStatusOf,
  crlOf,
  csrAttributesOf,
  csrRequest,
  EST_ACCEPT,
  type CertificateStatusAnswer,
  type EstAnswer,
} from './est-answer';
import type { EstCredentials } from './est-auth';
import { IssuerConnection, type IssuerConnectionOptions } from './issuer-connection';
import { MAX_RESPONSE_BYTES } from './transport-errors';

export type { CertificateStatusAnswer, EstCredentials };

export type EstClientOptions = IssuerConnectionOptions;

export { MAX_RESPONSE_BYTES };
// Relative: an address with a path prefix (https://host/ca/) keeps it (RFC 7030 allows prefixes).
const EST_PATH = '.well-known/est/';

/**
 * EST (RFC 7030) client of the issuing service: /cacerts, /csrattrs, /simpleenroll,
 * /simplereenroll, and the CRL beside them. Every answer is what it asked for or an IssuingError
 * with a stable code. How a request travels is https-exchange.ts's and est-auth.ts's; what an
 * answer means, est-answer.ts's.
 */
export class EstClient {
  private readonly connection: IssuerConnection;

  constructor(options: EstClientOptions) {
    this.connection = new IssuerConnection(options);
  }

  /** The issuing CA certificate(s), DER. */
  async getCaCerts(): Promise<Buffer[]> {
    return certificatesOf(await this.request('GET', this.urlFor('cacerts')), { authenticated: false });
  }

  /** First issuance (or re-issue): the DER certificates of the answer, leaf among them. */
  async simpleEnroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return certificatesOf(await this.request('POST', this.urlFor('simpleenroll'), csrDer, credentials), { authenticated: true });
  }

  /** Renewal (from 30 days before expiry, or after expiry). */
  async simpleReenroll(csrDer: Uint8Array, credentials: EstCredentials): Promise<Buffer[]> {
    return certificatesOf(await this.request('POST', this.urlFor('simplereenroll'), csrDer, credentials), { authenticated: true });
  }

  /** What the server asks the CSR to carry (RFC 7030 §4.5); empty when it says nothing (204, 404). */
  async getCsrAttributes(): Promise<CsrAttribute[]> {
    return csrAttributesOf(await this.request('GET', this.urlFor('csrattrs')));
  }

  /**
   * The issuer's CRL (DER), published beside the EST endpoints at `/crl` of the same origin. The
   * caller verifies its signature with the issuing CA (pki.readCrl); transport errors are the
   * same IssuingErrors as for EST. An issuer that publishes none answers 404 (ISSUE-HTTP-STATUS).
   */
  async getCrl(): Promise<Buffer> {
    return crlOf(await this.request('GET', new URL('/crl', this.connection.base)));
  }

  /**
   * One certificate's state by its serial, from the issuer's JSON look-up beside the CRL. Asked
   * only for a certificate the CRL lists: whether its login ID was registered again since.
   */
  async getCertificateStatus(serialNumber: string): Promise<CertificateStatusAnswer> {
    const url = new URL(`/api/v1/certificates/${encodeURIComponent(serialNumber)}/status`, this.connection.base);
    return certificateStatusOf(await this.request('GET', url));
  }

  /** Where the client will connect, for display and diagnosis (no credentials in it). */
  get estBaseUrl(): string {
    return new URL(EST_PATH, this.connection.base).href;
  }

  /** One EST operation, as the connection carries it (issuer-connection.ts). */
  private request(method: 'GET' | 'POST', url: URL, csrDer?: Uint8Array, credentials?: EstCredentials): Promise<EstAnswer> {
    const csr = csrDer ? csrRequest(csrDer) : undefined;
    const headers = { accept: EST_ACCEPT, 'user-agent': 'cjs-cert', ...csr?.headers };
    return this.connection.send({ method, url, headers, body: csr?.body }, credentials);
  }

  private urlFor(operation: string): URL {
    return new URL(operation, new URL(EST_PATH, this.connection.base));
  }
}
