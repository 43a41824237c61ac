// A minimal EST client for the tests, built from the PKI core: key, CSR, simpleenroll/reenroll.
import {
  createCsr,
  decodeBase64Strict,
  decodeCertsOnly,
  generateKeyPair,
  readCertificate,
  toPem,
  type CertificateInfo,
  type KeyAlgorithm,
  type KeyPair,
} from '../../electron/core/pki';
import { DEMO_PASSWORD, httpsCall, type HttpResult, type TestIssuer } from './issuer';

export interface Enrolled {
  readonly keyPair: KeyPair;
  readonly csrDer: Buffer;
  readonly certificate: CertificateInfo;
  readonly certPem: string;
  readonly keyPem: string;
}

export async function postCsr(
  issuer: TestIssuer,
  operation: 'simpleenroll' | 'simplereenroll',
  csrDer: Buffer,
  loginId: string,
  password = DEMO_PASSWORD,
): Promise<HttpResult> {
  return httpsCall(issuer.estUrl, issuer.tlsCaPem, {
    path: `/.well-known/est/${operation}`,
    body: csrDer.toString('base64'),
    contentType: 'application/pkcs10',
    auth: { loginId, password },
  });
}

/** Reads the single certificate of a successful EST answer. */
export function certificateOf(res: HttpResult): CertificateInfo {
  if (res.status !== 200) throw new Error(`EST answered ${res.status}: ${res.text()}`);
  const [der] = decodeCertsOnly(decodeBase64Strict(res.text()));
  return readCertificate(der!);
}

export async function enroll(
  issuer: TestIssuer,
  loginId: string,
  opts: { operation?: 'simpleenroll' | 'simplereenroll'; algorithm?: KeyAlgorithm; password?: string; keyPair?: KeyPair } = {},
): Promise<Enrolled> {
  const keyPair = opts.keyPair ?? (await generateKeyPair(opts.algorithm ?? 'rsa-2048'));
  const csrDer = await createCsr(keyPair, loginId);
  const res = await postCsr(issuer, opts.operation ?? 'simpleenroll', csrDer, loginId, opts.password);
  const certificate = certificateOf(res);
  return {
    keyPair,
    csrDer,
    certificate,
    certPem: toPem('CERTIFICATE', certificate.der),
    keyPem: keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Sends the request again after each 429 (CJS-E-THROTTLED), once its Retry-After has passed, as a
 * patient client does. Returns the first answer that is not a 429 and how many it had to wait for.
 */
export async function patiently(send: () => Promise<HttpResult>): Promise<{ readonly res: HttpResult; readonly waits: number }> {
  let waits = 0;
  for (;;) {
    const res = await send();
    if (res.status !== 429) return { res, waits };
    waits += 1;
    if (waits > 20) throw new Error('still throttled after 20 waits');
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers['retry-after'] ?? 1) * 1000));
  }
}
