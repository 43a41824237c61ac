// What the page may do beyond showing the app's own files: nothing. No new windows, no
// navigation or redirect away from app://, no <webview>, no permission (camera, notifications
// from the page, clipboard read…): the screens need none, so a compromised page gets none. A link
// to an allowed external page (login page, the bank's help) opens in the user's browser instead.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin';

/** `openExternal`: opens a URL in the user's browser if the allowlist lets it (external-links.ts). */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
