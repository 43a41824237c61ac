// The master's console: signed out → signing in → the contract's users, and at most one change
// (add, delete, re-register, unlock, reset a password) prepared, sent, then reported. No password
// is ever part of this state: the forms read their inputs once and pass them to the command.
import type { ConsoleList, ConsoleStep } from '../../electron/contract/console';
import type { AppError } from '../../electron/contract/result';

export type ConsoleActionKind = 'add' | 'delete' | 'reregister' | 'unlock' | 'reset-password';

export interface ConsoleAction {
  readonly kind: ConsoleActionKind;
  /** The row acted on; for `add`, empty until the master types the new ID. */
  readonly loginId: string;
  readonly phase: 'editing' | 'sending';
}

/** What the last change did, for the message and, after a re-registration or reset, the hand-over. */
export interface ConsoleDone {
  readonly kind: ConsoleActionKind;
  readonly loginId: string;
  readonly revokedSerial: string | null;
}

export interface ConsoleState {
  readonly phase: 'signed-out' | 'signing-in' | 'signed-in';
  readonly list: ConsoleList | null;
  /** Why the last sign-in or request failed (a wrong password, a general user, the issuer). */
  readonly error: AppError | null;
  /** The session ended by itself (idle, or the window was reopened): "sign in again". */
  readonly expired: boolean;
  readonly refreshing: boolean;
  readonly action: ConsoleAction | null;
  readonly actionError: AppError | null;
  readonly done: ConsoleDone | null;
  /** A step a link asked for (`#/console/unlock/user02`), opened once the master has signed in. */
  readonly pending: { readonly step: ConsoleStep; readonly loginId: string } | null;
  /** The login ID of the last sign-in (no secret): a refusal names it. */
  readonly lastLoginId: string;
}

export type ConsoleEvent =
  | { readonly type: 'console/signInStarted'; readonly loginId: string }
  | { readonly type: 'console/signedIn'; readonly list: ConsoleList }
  | { readonly type: 'console/signInFailed'; readonly error: AppError }
  | { readonly type: 'console/refreshStarted' }
  | { readonly type: 'console/listed'; readonly list: ConsoleList }
  | { readonly type: 'console/failed'; readonly error: AppError }
  | { readonly type: 'console/signedOut'; readonly expired: boolean }
  | { readonly type: 'console/stepRequested'; readonly step: ConsoleStep; readonly loginId: string }
  | { readonly type: 'console/actionOpened'; readonly kind: ConsoleActionKind; readonly loginId: string }
  | { readonly type: 'console/actionCancelled' }
  | { readonly type: 'console/actionSent'; readonly loginId: string }
  | { readonly type: 'console/actionDone'; readonly list: ConsoleList; readonly revokedSerial: string | null }
  | { readonly type: 'console/actionFailed'; readonly error: AppError }
  | { readonly type: 'console/doneDismissed' };

export const initialConsole: ConsoleState = {
  phase: 'signed-out',
  list: null,
  error: null,
  expired: false,
  refreshing: false,
  action: null,
  actionError: null,
  done: null,
  pending: null,
  lastLoginId: '',
};

/** The codes that mean the console's session is gone: the screen asks the master to sign in again. */
export const SESSION_ENDED = new Set(['CONSOLE-SIGNED-OUT', 'CONSOLE-EXPIRED']);

const STEP_ACTION: Readonly<Record<ConsoleStep, ConsoleActionKind>> = {
  reregister: 'reregister',
  unlock: 'unlock',
  'reset-password': 'reset-password',
};

/** A prepared step opens its dialog only for a row that exists and may take it. */
function openPending(state: ConsoleState, list: ConsoleList): ConsoleState {
  const { pending } = state;
  if (!pending) return state;
  const row = list.users.find((u) => u.loginId === pending.loginId);
  if (!row) return { ...state, pending: null };
  return { ...state, pending: null, action: { kind: STEP_ACTION[pending.step], loginId: row.loginId, phase: 'editing' } };
}

function ended(state: ConsoleState, expired: boolean): ConsoleState {
  return { ...initialConsole, expired, pending: state.pending, lastLoginId: state.lastLoginId };
}

export function updateConsole(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  switch (event.type) {
    case 'console/signInStarted':
      return { ...state, phase: 'signing-in', error: null, lastLoginId: event.loginId };
    case 'console/signedIn':
      return openPending(
        { ...initialConsole, phase: 'signed-in', list: event.list, pending: state.pending, lastLoginId: state.lastLoginId },
        event.list,
      );
    case 'console/signInFailed':
      return { ...state, phase: 'signed-out', error: event.error, expired: false };
    case 'console/refreshStarted':
      return { ...state, refreshing: true, error: null };
    case 'console/listed':
      return { ...state, refreshing: false, list: event.list };
    case 'console/failed':
      if (SESSION_ENDED.has(event.error.code)) return ended(state, true);
      return { ...state, refreshing: false, error: event.error };
    case 'console/signedOut':
      return ended(state, event.expired);
    case 'console/stepRequested':
      if (state.phase === 'signed-in' && state.list) return openPending({ ...state, pending: event }, state.list);
      return { ...state, pending: { step: event.step, loginId: event.loginId } };
    case 'console/actionOpened':
      return { ...state, action: { kind: event.kind, loginId: event.loginId, phase: 'editing' }, actionError: null, done: null };
    case 'console/actionCancelled':
      return state.action?.phase === 'editing' ? { ...state, action: null, actionError: null } : state;
    case 'console/actionSent':
      // The add form's ID is known only now: the done message and the hand-over name it.
      return state.action ? { ...state, action: { ...state.action, loginId: event.loginId, phase: 'sending' }, actionError: null } : state;
    case 'console/actionDone': {
      const action = state.action;
      if (!action) return { ...state, list: event.list };
      return {
        ...state,
        list: event.list,
        action: null,
        actionError: null,
        done: { kind: action.kind, loginId: action.loginId, revokedSerial: event.revokedSerial },
      };
    }
    case 'console/actionFailed':
      if (SESSION_ENDED.has(event.error.code)) return ended(state, true);
      return state.action ? { ...state, action: { ...state.action, phase: 'editing' }, actionError: event.error } : state;
    case 'console/doneDismissed':
      return { ...state, done: null };
  }
}
