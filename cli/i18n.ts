// The CLI's translator over the same ja/en message catalogues the desktop app uses.
import i18next, { type TFunction } from 'i18next';
import ja from '../resources/locales/ja.json' with { type: 'json' };
import en from '../resources/locales/en.json' with { type: 'json' };

export type Language = 'ja' | 'en';

export async function createTranslator(language: Language): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'ja',
    resources: { ja: { translation: ja }, en: { translation: en } },
    // Messages go to a terminal, not HTML: nothing to escape, and escaping would mangle paths.
    interpolation: { escapeValue: false },
  });
  return instance.t;
}
