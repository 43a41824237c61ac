// The Electron transport of the contract: one invoke channel answered by the router once the
// sender is known to be the app's own page, and the router's events sent to the window. Every
// answer is data (a Result): an Error thrown through ipcMain.handle would reach the page as a
// message string, with whatever that message holds.
import type { IpcMain, WebContents } from 'electron';
import { EVENTS, type EventName, type EventPayload } from '../contract/channels';
import type { Result } from '../contract/result';
import { ROUTER_CODES, type Router } from '../contract/router';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-names';
import { isTrustedSender, type SenderEvent } from './trusted-sender';

export const UNTRUSTED_SENDER = 'IPC-UNTRUSTED-SENDER';

const untrusted: Result<never> = { ok: false, error: { code: UNTRUSTED_SENDER, actor: 'it', faq: [], params: {} } };
const internal: Result<never> = { ok: false, error: { code: ROUTER_CODES.INTERNAL, actor: 'it', faq: [], params: {} } };

/** `isKnownWindow`: whether a web contents is the app's window's (the only one that may ask). */
export function serveRouter(ipcMain: Pick<IpcMain, 'handle'>, router: Router, isKnownWindow: (sender: unknown) => boolean): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: SenderEvent, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event, isKnownWindow)) return untrusted;
    try {
      // The router refuses a channel that is not a string or not in the table.
      return await router.invoke(channel as string, input);
    } catch {
      // The router never throws; this only keeps that promise if it ever did.
      return internal;
    }
  });
}

/** The router's `onEvent`: to the window's page while it exists, dropped once it is gone. */
export function forwardEvents(target: () => Pick<WebContents, 'isDestroyed' | 'send'> | undefined) {
  return (event: string, payload: unknown): void => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  };
}

/**
 * An event the shell itself raises (not the core): parsed by the contract like the router's,
 * so the page never receives what its own schema would refuse. False when not sent.
 */
export function sendEvent<E extends EventName>(
  contents: Pick<WebContents, 'isDestroyed' | 'send'> | undefined,
  event: E,
  payload: EventPayload<E>,
): boolean {
  const parsed = EVENTS[event].safeParse(payload);
  if (!parsed.success || !contents || contents.isDestroyed()) return false;
  contents.send(EVENT_CHANNEL, event, parsed.data);
  return true;
}
