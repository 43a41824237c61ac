// The CLI's translator: the same locale resources and i18n mechanism as the desktop app.
import type { TFunction } from 'i18next';
import { createTranslator as createSharedTranslator } from '../electron/contract/locales';

export type Language = 'ja' | 'en';

export function createTranslator(language: Language): Promise<TFunction> {
  return createSharedTranslator(language, 'cli');
}
