import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

/** Debian/Ubuntu's bundle, which also holds roots the administrator added (update-ca-certificates). */
export const LINUX_SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface TrustSources {
  readonly extraCaPem?: readonly string[];
  readonly platform?: NodeJS.Platform;
  /** Overridable for tests; defaults to LINUX_SYSTEM_BUNDLE. */
  readonly systemBundlePath?: string;
}

/**
 * The CA list for the issuing connection. Node's `ca` option *replaces* its bundled roots, so
 * they are put back explicitly: bundled roots, then the Linux system bundle (an enterprise root
 * installed there must keep working), then the configured trust files (the reference service's
 * own root, or a bank-provided one). Windows/macOS system stores are not read here: Electron's
 * network stack will use them later; this client serves the CLI and tests.
 */
export async function buildCaList(sources: TrustSources = {}): Promise<string[]> {
  const list = [...rootCertificates];
  if ((sources.platform ?? process.platform) === 'linux') {
    const bundle = await readOptional(sources.systemBundlePath ?? LINUX_SYSTEM_BUNDLE);
    if (bundle !== undefined) list.push(bundle);
  }
  for (const pem of sources.extraCaPem ?? []) list.push(pem);
  return list;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // Absent (minimal images, non-Debian layouts) or unreadable: the bundled roots still apply,
    // and a missing enterprise root then shows up as a clear ISSUE-TLS, not as a file error.
    return undefined;
  }
}
