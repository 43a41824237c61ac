// The renderer's i18next instance over the shared resources: the app's own strings are the `app`
// namespace, the core's texts come from `errors`, `situation` and `diagnostics`. The options are
// the contract's (electron/contract/locales.ts, checked equal by a test) with the resources of
// one language at a time: Japanese at start, English added when chosen.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../electron/contract/channels';
import { JAPANESE, SCREEN_NAMESPACES, loadScreenTexts } from './resources';

/** What i18next is given, Japanese only (the contract's `i18nOptions` would bundle both languages). */
export function screenI18nOptions() {
  return {
    lng: 'ja',
    fallbackLng: 'ja',
    ns: [...SCREEN_NAMESPACES],
    defaultNS: 'app',
    // A key not found in the default namespace is looked up in the shared ones.
    fallbackNS: ['errors', 'situation', 'diagnostics'],
    resources: { ja: JAPANESE },
    returnNull: false,
  } as const;
}

export function createI18n(): i18n {
  const instance = i18next.createInstance();
  // Japanese is bundled, so the instance is ready when init returns; React escapes output.
  void instance.use(initReactI18next).init({ ...screenI18nOptions(), initAsync: false, interpolation: { escapeValue: false } });
  return instance;
}

/**
 * Shows the screens in `language`, loading its texts the first time: `shown`; `unavailable` when
 * they could not be loaded (the screens stay in the language they are in); `superseded` when the
 * user has chosen another language in the meantime (`wanted`), which then wins.
 */
export async function showLanguage(
  instance: i18n,
  language: Language,
  wanted: () => Language,
): Promise<'shown' | 'unavailable' | 'superseded'> {
  if (!instance.hasResourceBundle(language, 'app')) {
    try {
      const texts = await loadScreenTexts(language);
      for (const ns of SCREEN_NAMESPACES) instance.addResourceBundle(language, ns, texts[ns]);
    } catch (err) {
      console.warn(`the ${language} texts could not be loaded`, err);
      return 'unavailable';
    }
  }
  if (wanted() !== language) return 'superseded';
  await instance.changeLanguage(language);
  return 'shown';
}
