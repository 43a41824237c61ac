// The Certificates screen's data: every certificate of this system in the store, and a removal.
import type { ChannelOutput } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';

export type CertificateList = ChannelOutput<'certificates.list'>;

export interface CertificatesState {
  readonly phase: 'idle' | 'loading' | 'loaded' | 'failed';
  readonly list: CertificateList | null;
  readonly error: AppError | null;
  /** The serial whose removal the user is confirming or waiting for. */
  readonly removal: { readonly serial: string; readonly phase: 'confirming' | 'removing' } | null;
  readonly removeError: AppError | null;
  /** The last serial removed, announced to the user. */
  readonly removed: string | null;
}

export type CertificatesEvent =
  | { readonly type: 'certificates/requested' }
  | { readonly type: 'certificates/loaded'; readonly list: CertificateList }
  | { readonly type: 'certificates/failed'; readonly error: AppError }
  | { readonly type: 'certificates/removeAsked'; readonly serial: string }
  | { readonly type: 'certificates/removeCancelled' }
  | { readonly type: 'certificates/removeConfirmed' }
  | { readonly type: 'certificates/removed'; readonly serial: string }
  | { readonly type: 'certificates/removeFailed'; readonly error: AppError };

export const initialCertificates: CertificatesState = {
  phase: 'idle',
  list: null,
  error: null,
  removal: null,
  removeError: null,
  removed: null,
};

export function updateCertificates(state: CertificatesState, event: CertificatesEvent): CertificatesState {
  switch (event.type) {
    case 'certificates/requested':
      return { ...state, phase: 'loading', error: null };
    case 'certificates/loaded':
      return { ...state, phase: 'loaded', list: event.list, error: null };
    case 'certificates/failed':
      return { ...state, phase: 'failed', list: null, error: event.error };
    case 'certificates/removeAsked':
      return { ...state, removal: { serial: event.serial, phase: 'confirming' }, removeError: null, removed: null };
    case 'certificates/removeCancelled':
      return state.removal?.phase === 'confirming' ? { ...state, removal: null } : state;
    case 'certificates/removeConfirmed':
      return state.removal ? { ...state, removal: { ...state.removal, phase: 'removing' } } : state;
    case 'certificates/removed':
      return { ...state, removal: null, removed: event.serial, removeError: null, list: withoutSerial(state.list, event.serial) };
    case 'certificates/removeFailed':
      return { ...state, removal: null, removeError: event.error };
  }
}

function withoutSerial(list: CertificateList | null, serial: string): CertificateList | null {
  return list && { ...list, certificates: list.certificates.filter((c) => c.serialNumber !== serial) };
}
