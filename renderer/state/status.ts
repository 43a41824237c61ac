// The Status screen's data: the user's situation as the core computed it.
import type { AppError } from '../../electron/contract/result';
import type { Situation } from '../../electron/contract/situation';

export interface StatusState {
  readonly phase: 'idle' | 'loading' | 'loaded' | 'failed';
  /** Kept while reloading, so the card does not flicker away. */
  readonly situation: Situation | null;
  readonly error: AppError | null;
}

export type StatusEvent =
  | { readonly type: 'status/requested' }
  | { readonly type: 'status/loaded'; readonly situation: Situation }
  | { readonly type: 'status/failed'; readonly error: AppError };

export const initialStatus: StatusState = { phase: 'idle', situation: null, error: null };

export function updateStatus(state: StatusState, event: StatusEvent): StatusState {
  switch (event.type) {
    case 'status/requested':
      return { ...state, phase: 'loading', error: null };
    case 'status/loaded':
      return { phase: 'loaded', situation: event.situation, error: null };
    case 'status/failed':
      // An old situation would now be a claim the core did not confirm: show the error instead.
      return { phase: 'failed', situation: null, error: event.error };
  }
}
