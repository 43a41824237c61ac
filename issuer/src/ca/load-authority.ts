// Loads the issuing CA that an existing data directory already holds. Creating it is the
// service's job at first start (ca/bootstrap.ts); this is for programs that must never create
// a CA by accident, such as the operator CLI.
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateMatchesKey, readCertificate, type SigningAuthority } from '../../../electron/core/pki';

export function authorityPaths(dataDir: string): { readonly certificate: string; readonly privateKey: string } {
  return { certificate: join(dataDir, 'ca.pem'), privateKey: join(dataDir, 'ca-key.pem') };
}

/** Reads `ca.pem` and `ca-key.pem` (PKCS#8, unencrypted) and checks that they belong together. */
export async function loadAuthority(dataDir: string): Promise<SigningAuthority> {
  const paths = authorityPaths(dataDir);
  const [certPem, keyPem] = await Promise.all([readFile(paths.certificate, 'utf8'), readFile(paths.privateKey, 'utf8')]);
  const certificate = readCertificate(certPem);
  const privateKey = createPrivateKey(keyPem);
  if (!certificateMatchesKey(certificate, privateKey)) {
    throw new Error(`${paths.privateKey} is not the key of the CA certificate in ${paths.certificate}`);
  }
  return { certificate, privateKey };
}
