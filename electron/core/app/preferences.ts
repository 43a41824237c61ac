// The app's preferences (language, notifications, start at login), per user, next to
// last-issuer.json. The system's URLs and the renewal window are not preferences: they come from
// the resolved ClientSettings (build, CJS_CONFIG, environment) and are only shown.
import type { Settings } from '../../contract/channels';
import type { ClientSettings } from '../config';
import { preferencesPath, readJson, writeJsonAtomic } from './state-files';

export interface Preferences {
  readonly language: 'ja' | 'en';
  /** OS notification 30 days before expiry and at expiry (P5). */
  readonly notifications: boolean;
  /** Renew without the password when the window opens (on by default; in effect from the first enrolment). */
  readonly autoRenew: boolean;
  /** Off by default: the app is opened when needed, or by the notification. */
  readonly startAtLogin: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { language: 'ja', notifications: true, autoRenew: true, startAtLogin: false };

/** The stored preferences; a missing, torn or foreign file (or value) falls back to the default. */
export async function readPreferences(env: NodeJS.ProcessEnv): Promise<Preferences> {
  const raw = ((await readJson(preferencesPath(env))) ?? {}) as Record<string, unknown>;
  return {
    language: raw.language === 'ja' || raw.language === 'en' ? raw.language : DEFAULT_PREFERENCES.language,
    notifications: typeof raw.notifications === 'boolean' ? raw.notifications : DEFAULT_PREFERENCES.notifications,
    autoRenew: typeof raw.autoRenew === 'boolean' ? raw.autoRenew : DEFAULT_PREFERENCES.autoRenew,
    startAtLogin: typeof raw.startAtLogin === 'boolean' ? raw.startAtLogin : DEFAULT_PREFERENCES.startAtLogin,
  };
}

export type PreferencesChange = { readonly [K in keyof Preferences]?: Preferences[K] | undefined };

export async function updatePreferences(env: NodeJS.ProcessEnv, change: PreferencesChange): Promise<Preferences> {
  const next: Preferences = { ...(await readPreferences(env)), ...definedOnly(change) };
  await writeJsonAtomic(preferencesPath(env), next);
  return next;
}

/** What the Settings screen shows: the preferences and the system's addresses. */
export function settingsView(preferences: Preferences, client: ClientSettings): Settings {
  return { ...preferences, issuerUrl: client.issuerUrl, loginUrl: client.loginUrl, renewalWindowDays: client.renewalWindowDays };
}

function definedOnly(change: PreferencesChange): Partial<Preferences> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
}
