import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';

/** Debian/Ubuntu's bundle, which also holds roots the administrator added (update-ca-certificates). */
export const LINUX_SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * The operating system's trusted roots, PEM, or undefined where they cannot be read. Node
 * ≥ 22.15 / 23.5 (and so Electron's main process) reads them with `tls.getCACertificates('system')`:
 * the Windows certificate store, the macOS keychain, OpenSSL's paths on Linux. Node 20 has no such
 * function.
 */
export type SystemRootsReader = () => readonly string[] | undefined;

/** The part of `node:tls` the reader needs; `getCACertificates` is absent before Node 22.15. */
interface TlsWithSystemRoots {
  readonly getCACertificates?: (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];
}

export function readOsRoots(tlsModule: TlsWithSystemRoots = tls): readonly string[] | undefined {
  const read = tlsModule.getCACertificates;
  if (typeof read !== 'function') return undefined;
  try {
    return read('system');
  } catch {
    // An unreadable store (a broken keychain, a policy) must not stop enrolment with the other roots.
    return undefined;
  }
}

export interface TrustSources {
  readonly extraCaPem?: readonly string[];
  readonly platform?: NodeJS.Platform;
  /** Overridable for tests; defaults to LINUX_SYSTEM_BUNDLE. */
  readonly systemBundlePath?: string;
  /** Overridable for tests; defaults to readOsRoots (the running Node's view of the OS store). */
  readonly systemRoots?: SystemRootsReader;
}

/**
 * The CA list for the issuing connection. Node's `ca` option *replaces* its bundled roots, so
 * they are put back explicitly: bundled roots, then the operating system's roots (an enterprise
 * root that IT installed for an HTTPS-inspecting proxy must keep working, as it does in Edge), the
 * Linux system bundle (where Node cannot read the OS store, and for roots only that file has),
 * then the configured trust files (the reference service's own root, or a bank-provided one).
 * Each certificate once: the OS list repeats most bundled roots, and every connection parses the list.
 */
export async function buildCaList(sources: TrustSources = {}): Promise<string[]> {
  const list = [...tls.rootCertificates];
  list.push(...((sources.systemRoots ?? readOsRoots)() ?? []));
  if ((sources.platform ?? process.platform) === 'linux') {
    const bundle = await readOptional(sources.systemBundlePath ?? LINUX_SYSTEM_BUNDLE);
    if (bundle !== undefined) list.push(...splitPem(bundle));
  }
  for (const pem of sources.extraCaPem ?? []) list.push(...splitPem(pem));
  return uniqueCertificates(list);
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text one by one; a text without any is passed on for Node to judge. */
function splitPem(text: string): string[] {
  const blocks = text.match(PEM_CERTIFICATE);
  return blocks ? blocks.map((block) => `${block}\n`) : [text];
}

/** The first occurrence of each certificate, compared on its base64 body (line breaks differ between sources). */
function uniqueCertificates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((pem) => {
    const key = pem.replace(/-----[^-]+-----|\s/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
