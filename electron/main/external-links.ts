// The only pages the app opens outside itself, in the user's browser (shell.openExternal): the
// payroll system's login page (the configured https address) and the bank's help pages. Never
// anything the page merely asks for: a compromised or confused page could otherwise make the OS
// open any URL (file:, a custom protocol handler, a phishing look-alike).
import { CJS_SITE } from '../core/diagnostics/checks/windows-support';

/** The bank's site, where the system and its help pages live. */
export const BANK_SITE_ORIGIN = `${CJS_SITE.scheme}://${CJS_SITE.host}`;

/** The https origins that may be opened: the bank's site and the configured login page's. */
export function externalOrigins(loginUrl: string | undefined): string[] {
  const origins = [BANK_SITE_ORIGIN];
  const login = httpsOrigin(loginUrl);
  if (login && !origins.includes(login)) origins.push(login);
  return origins;
}

/** https only, no user info, and exactly one of the allowed origins (host and port). */
export function isAllowedExternalUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = httpsOrigin(url);
  if (!origin) return false;
  const parsed = new URL(url);
  return parsed.username === '' && parsed.password === '' && allowedOrigins.includes(origin);
}

/**
 * `open` is shell.openExternal. Returns whether the URL was handed to the OS; a refused one is
 * simply not opened (the page learns nothing, the caller denies the navigation either way).
 */
export function createExternalOpener(open: (url: string) => Promise<void>, allowedOrigins: () => readonly string[]) {
  return (url: string): boolean => {
    if (!isAllowedExternalUrl(url, allowedOrigins())) return false;
    // The browser's failure to start is the OS's to show; nothing for the app to add.
    open(new URL(url).href).catch(() => undefined);
    return true;
  };
}

function httpsOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
