// The Electron transport of the contract: one invoke channel answered by the router once the
// sender is known to be the app's own page, and the router's events sent to the window.
import type { IpcMain, WebContents } from 'electron';
import type { Result } from '../contract/result';
import type { Router } from '../contract/router';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-names';
import { isTrustedSender } from './trusted-sender';

export const UNTRUSTED_SENDER = 'IPC-UNTRUSTED-SENDER';

const untrusted: Result<never> = { ok: false, error: { code: UNTRUSTED_SENDER, actor: 'it', faq: [], params: {} } };

export function serveRouter(ipcMain: Pick<IpcMain, 'handle'>, router: Router): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) =>
    isTrustedSender(event.senderFrame) ? router.invoke(channel as string, input) : Promise.resolve(untrusted),
  );
}

/** The router's `onEvent`: to the window's page while it exists, dropped once it is gone. */
export function forwardEvents(target: () => Pick<WebContents, 'isDestroyed' | 'send'> | undefined) {
  return (event: string, payload: unknown): void => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  };
}
