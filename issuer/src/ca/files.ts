import { readFile, rename, writeFile, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The files the service keeps in its data directory; the first two are part of its interface. */
export function pkiPaths(dataDir: string) {
  return {
    /** The issuing CA certificate: what client certificates chain to. */
    caCert: join(dataDir, 'ca.pem'),
    caKey: join(dataDir, 'ca-key.pem'),
    /** The root a client must trust to reach the service over TLS. */
    tlsCaCert: join(dataDir, 'tls-ca.pem'),
    tlsCaKey: join(dataDir, 'tls-ca-key.pem'),
    tlsServerCert: join(dataDir, 'tls-server.pem'),
    tlsServerKey: join(dataDir, 'tls-server-key.pem'),
  } as const;
}

/**
 * Writes a file so that a crash never leaves a half-written key or certificate: write a
 * temporary sibling with the final mode, then rename over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode, flag: 'wx' });
  await chmod(tmp, mode);
  await rename(tmp, path);
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
