// Where the app's own screens live: a privileged custom scheme, never file:// (Chromium refuses
// module scripts from file://, and Electron's security guide recommends a custom scheme).
export const APP_SCHEME = 'app';
export const APP_HOST = 'cjs';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for a URL of the app's own origin (scheme and host exactly, no user info, no port). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
