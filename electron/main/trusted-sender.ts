// Every IPC call is checked for who sent it (Electron security checklist, "validate the sender of
// all IPC messages"): only the app's own page, in the main frame, of the app's own window. A
// sub-frame, a page navigated elsewhere or any other web contents gets nothing from the core.
import { isAppUrl } from './app-origin';

/** What of Electron's WebFrameMain the check needs. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** What of Electron's IpcMainInvokeEvent the check needs. */
export interface SenderEvent {
  /** The web contents that sent the message. */
  readonly sender: unknown;
  /** Null once the frame navigated away or was destroyed since it sent. */
  readonly senderFrame: SenderFrame | null | undefined;
}

/** The app's own page in a main frame (any window). */
export function isTrustedFrame(frame: SenderFrame | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

/** `isKnownWindow`: whether the sending web contents are the app's window's (main.ts knows it). */
export function isTrustedSender(event: SenderEvent, isKnownWindow: (sender: unknown) => boolean): boolean {
  return isKnownWindow(event.sender) && isTrustedFrame(event.senderFrame);
}
