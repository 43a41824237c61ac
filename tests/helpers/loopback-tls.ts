// A TLS identity for a test server on 127.0.0.1: a throw-away root and a server certificate it
// issued for 127.0.0.1 / localhost, valid from an hour ago for a day.
import { createSelfSignedCa, generateKeyPair, issueCertificate, randomSerialNumber, readCertificate, toPem } from '../../electron/core/pki';

const HOUR = 3_600_000;

export interface LoopbackTlsIdentity {
  /** The root to trust, PEM. */
  readonly caPem: string;
  /** Options for `https.createServer`. */
  readonly tls: { readonly cert: string; readonly key: string };
}

export async function createLoopbackTlsIdentity(rootCommonName: string): Promise<LoopbackTlsIdentity> {
  const caKeys = await generateKeyPair('ecdsa-p256');
  const caDer = await createSelfSignedCa({
    keyPair: caKeys,
    commonName: rootCommonName,
    organization: 'Test',
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 48 * HOUR),
  });
  const keys = await generateKeyPair('ecdsa-p256');
  const der = await issueCertificate({
    authority: { certificate: readCertificate(caDer), privateKey: caKeys.privateKey },
    publicKey: keys.publicKey,
    subjectCommonName: '127.0.0.1',
    serialNumber: randomSerialNumber(),
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 24 * HOUR),
    profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] },
  });
  return {
    caPem: toPem('CERTIFICATE', caDer),
    tls: { cert: toPem('CERTIFICATE', der), key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
  };
}
