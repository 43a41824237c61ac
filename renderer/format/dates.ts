// Dates as the user's language writes them, in the PC's time zone (the contract carries ISO strings).
import type { Language } from '../../electron/contract/channels';

const LOCALES: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}
