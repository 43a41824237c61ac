// Every IPC call is checked for who sent it (Electron security checklist, "validate the sender of
// all IPC messages"): only the app's own page, in the window's main frame. A sub-frame or a page
// navigated elsewhere gets nothing from the core.
import { isAppUrl } from './app-origin';

/** What of Electron's WebFrameMain the check needs. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false; // navigated away or destroyed since it sent
  return frame.parent === null && isAppUrl(frame.url);
}
