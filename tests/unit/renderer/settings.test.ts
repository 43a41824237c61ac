// The language switch applies at once; the other settings follow what the host confirmed.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../electron/contract/channels';
import { initialSettings, languageSettled, updateSettings } from '../../../renderer/state/settings';
import { authError } from './fixtures';

const saved: Settings = {
  language: 'ja',
  notifications: true,
  autoRenew: true,
  startAtLogin: false,
  issuerUrl: 'https://127.0.0.1:8443',
  loginUrl: 'https://127.0.0.1:8444/',
  renewalWindowDays: 30,
};

describe('settings', () => {
  it('are Japanese until the host says otherwise', () => {
    expect(initialSettings.language).toBe('ja');
    expect(updateSettings(initialSettings, { type: 'settings/loaded', settings: { ...saved, language: 'en' } }).language).toBe('en');
  });

  it('switch the language at once, before the host has saved it', () => {
    const loaded = updateSettings(initialSettings, { type: 'settings/loaded', settings: saved });
    const chosen = updateSettings(loaded, { type: 'settings/languageChosen', language: 'en' });
    expect(chosen.language).toBe('en');
    expect(chosen.settings?.language).toBe('ja');
    const confirmed = updateSettings(updateSettings(chosen, { type: 'settings/saveStarted' }), {
      type: 'settings/saved',
      settings: { ...saved, language: 'en' },
    });
    expect(confirmed).toMatchObject({ language: 'en', saving: false, settings: { language: 'en' } });
  });

  it('keep the chosen language for the session when saving fails, and say so', () => {
    const loaded = updateSettings(initialSettings, { type: 'settings/loaded', settings: saved });
    const chosen = updateSettings(updateSettings(loaded, { type: 'settings/languageChosen', language: 'en' }), {
      type: 'settings/saveStarted',
    });
    const failed = updateSettings(chosen, { type: 'settings/saveFailed', error: authError });
    expect(failed).toMatchObject({ language: 'en', saving: false, error: authError, settings: { language: 'ja' } });
  });

  it('keep start-at-login off unless the host confirmed it on', () => {
    const loaded = updateSettings(initialSettings, { type: 'settings/loaded', settings: saved });
    const failed = updateSettings(updateSettings(loaded, { type: 'settings/saveStarted' }), {
      type: 'settings/saveFailed',
      error: authError,
    });
    expect(failed.settings?.startAtLogin).toBe(false);
  });
});

describe('the first paint', () => {
  it('waits for the saved language to be known and its texts shown, so English users never read Japanese first', () => {
    expect(languageSettled({ phase: 'loading', language: 'ja' }, 'ja')).toBe(false);
    expect(languageSettled({ phase: 'loaded', language: 'en' }, 'ja')).toBe(false);
    expect(languageSettled({ phase: 'loaded', language: 'en' }, 'en')).toBe(true);
    // A host that cannot say: Japanese, at once.
    expect(languageSettled({ phase: 'failed', language: 'ja' }, 'ja')).toBe(true);
  });
});
