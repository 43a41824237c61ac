// What the page may do beyond showing the app's own files: nothing. No new windows, no
// navigation or redirect away from app://, no <webview>, no permission (camera, notifications
// from the page, clipboard read…): the screens need none, so a compromised page gets none.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin';

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
