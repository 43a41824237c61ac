// Settings: the language applies at once (before the host has saved it); the rest waits for
// the host's answer.
import type { Language, Settings } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';

export interface SettingsState {
  readonly phase: 'idle' | 'loading' | 'loaded' | 'failed';
  /** As the host last confirmed them. */
  readonly settings: Settings | null;
  /** The language the screens are shown in. */
  readonly language: Language;
  readonly saving: boolean;
  readonly error: AppError | null;
}

export type SettingsEvent =
  | { readonly type: 'settings/requested' }
  | { readonly type: 'settings/loaded'; readonly settings: Settings }
  | { readonly type: 'settings/failed'; readonly error: AppError }
  | { readonly type: 'settings/languageChosen'; readonly language: Language }
  | { readonly type: 'settings/saveStarted' }
  | { readonly type: 'settings/saved'; readonly settings: Settings }
  | { readonly type: 'settings/saveFailed'; readonly error: AppError };

/** Japanese until the host says otherwise. */
export const initialSettings: SettingsState = { phase: 'idle', settings: null, language: 'ja', saving: false, error: null };

export function updateSettings(state: SettingsState, event: SettingsEvent): SettingsState {
  switch (event.type) {
    case 'settings/requested':
      return { ...state, phase: 'loading', error: null };
    case 'settings/loaded':
      return { ...state, phase: 'loaded', settings: event.settings, language: event.settings.language, error: null };
    case 'settings/failed':
      // The screens still work in the language they are in.
      return { ...state, phase: 'failed', error: event.error };
    case 'settings/languageChosen':
      return { ...state, language: event.language };
    case 'settings/saveStarted':
      return { ...state, saving: true, error: null };
    case 'settings/saved':
      // The language the user chose stays on screen even if the host answered with another one
      // in the meantime: the last choice wins.
      return { ...state, saving: false, settings: event.settings, error: null };
    case 'settings/saveFailed':
      // Not saved, but the chosen language stays for this session: taking it back would be confusing.
      return { ...state, saving: false, error: event.error };
  }
}

/** The host has answered (or failed to), and the texts shown (`shown`) are in the language chosen. */
export function languageSettled(settings: Pick<SettingsState, 'phase' | 'language'>, shown: string): boolean {
  const answered = settings.phase === 'loaded' || settings.phase === 'failed';
  return answered && shown === settings.language;
}
