// The Status screen moves on by itself after someone else's step (the master user re-registered
// the ID, the bank revoked the certificate): the situation is read again when the window comes
// back into view or gets the focus, and every `intervalMs` while it waits on someone else. The
// host's `situation.changed` event covers what this PC itself changes.
import type { Situation } from '../../electron/contract/situation';

export const WAITING_POLL_MS = 60_000;

/** The situation waits on someone else: the master user, the bank or IT. */
export function waitsOnOthers(situation: Situation | null): boolean {
  return situation !== null && (situation.actor === 'master' || situation.actor === 'bank' || situation.actor === 'it');
}

export interface RefreshSources {
  /** The window (focus) and the document (visibilitychange); any EventTarget in tests. */
  readonly window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  readonly document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState?: string };
  readonly setInterval: (run: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: unknown) => void;
}

/** Starts re-reading; returns the stop. `waiting` is asked at each tick, so the interval follows the situation. */
export function startSituationRefresh(
  reload: () => void,
  waiting: () => boolean,
  sources: RefreshSources,
  intervalMs: number = WAITING_POLL_MS,
): () => void {
  const onFocus = (): void => reload();
  const onVisibility = (): void => {
    if (sources.document.visibilityState !== 'hidden') reload();
  };
  sources.window.addEventListener('focus', onFocus);
  sources.document.addEventListener('visibilitychange', onVisibility);
  const handle = sources.setInterval(() => {
    if (waiting() && sources.document.visibilityState !== 'hidden') reload();
  }, intervalMs);
  return () => {
    sources.window.removeEventListener('focus', onFocus);
    sources.document.removeEventListener('visibilitychange', onVisibility);
    sources.clearInterval(handle);
  };
}
