import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  createSelfSignedCa,
  generateKeyPair,
  isIssuedBy,
  issueCertificate,
  randomSerialNumber,
  readCertificate,
  toPem,
  type SigningAuthority,
} from '../../../electron/core/pki';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files';
import { pkiPaths, readIfExists, writeFileAtomic } from './files';

const DAY_MS = 86_400_000;
const CA_VALIDITY_DAYS = 3650;
// Browsers refuse server certificates valid for more than 398 days.
const SERVER_VALIDITY_DAYS = 397;
const SERVER_RENEW_BEFORE_DAYS = 30;

export interface IssuerPki {
  /** Signs client certificates and the CRL. */
  readonly issuing: SigningAuthority;
  /** The TLS root clients trust to reach the service. */
  readonly tlsCa: SigningAuthority;
  /** The server certificate and key both HTTPS listeners present. */
  readonly server: { readonly certPem: string; readonly keyPem: string };
}

/**
 * Loads the service's CAs and TLS server certificate from the data directory, creating what is
 * missing on first start. CA keys are created once and kept (0600); the server certificate is
 * re-issued when it is missing, near expiry, or no longer chains to the TLS root.
 */
export async function ensureIssuerPki(dataDir: string, now: Date): Promise<IssuerPki> {
  ensurePrivateDir(dataDir);
  const paths = pkiPaths(dataDir);
  // Keys restored from a backup may come back 0644; they are made the owner's alone before use.
  for (const key of [paths.caKey, paths.tlsCaKey, paths.tlsServerKey]) ensurePrivateFile(key);
  const issuing = await loadOrCreateCa(paths.caCert, paths.caKey, 'CJS Reference Issuing CA', now);
  const tlsCa = await loadOrCreateCa(paths.tlsCaCert, paths.tlsCaKey, 'CJS Reference TLS Root', now);

  let certPem = await readIfExists(paths.tlsServerCert);
  let keyPem = await readIfExists(paths.tlsServerKey);
  if (!certPem || !keyPem || !serverCertStillGood(certPem, tlsCa, now)) {
    const pair = await generateKeyPair('rsa-2048');
    const der = await issueCertificate({
      authority: tlsCa,
      publicKey: pair.publicKey,
      subjectCommonName: 'localhost',
      serialNumber: randomSerialNumber(),
      notBefore: new Date(now.getTime() - 5 * 60_000),
      notAfter: new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
      profile: { kind: 'tls-server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] },
    });
    keyPem = exportKeyPem(pair.privateKey);
    certPem = toPem('CERTIFICATE', der);
    // Key first: a crash in between leaves a key without a matching certificate, which the
    // check above detects and repairs on the next start.
    await writeFileAtomic(paths.tlsServerKey, keyPem, 0o600);
    await writeFileAtomic(paths.tlsServerCert, certPem, 0o644);
  }
  return { issuing, tlsCa, server: { certPem, keyPem } };
}

async function loadOrCreateCa(certPath: string, keyPath: string, commonName: string, now: Date): Promise<SigningAuthority> {
  const certPem = await readIfExists(certPath);
  const keyPem = await readIfExists(keyPath);
  if (certPem && keyPem) {
    return { certificate: readCertificate(certPem), privateKey: createPrivateKey(keyPem) };
  }
  if (certPem || keyPem) {
    // Never silently replace half of a CA: every certificate issued so far chains to it.
    throw new Error(
      `${certPem ? keyPath : certPath} is missing while its pair exists; restore it from backup or remove both to start a new CA`,
    );
  }
  const keyPair = await generateKeyPair('rsa-2048');
  const der = await createSelfSignedCa({
    keyPair,
    commonName,
    organization: 'Rokin CJS reference service',
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
  });
  await writeFileAtomic(keyPath, exportKeyPem(keyPair.privateKey), 0o600);
  await writeFileAtomic(certPath, toPem('CERTIFICATE', der), 0o644);
  return { certificate: readCertificate(der), privateKey: keyPair.privateKey };
}

function serverCertStillGood(certPem: string, tlsCa: SigningAuthority, now: Date): boolean {
  try {
    const cert = readCertificate(certPem);
    return isIssuedBy(cert, tlsCa.certificate) && cert.notAfter.getTime() - now.getTime() > SERVER_RENEW_BEFORE_DAYS * DAY_MS;
  } catch {
    return false;
  }
}

function exportKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}
