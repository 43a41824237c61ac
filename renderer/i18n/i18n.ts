// The renderer's i18next instance over the shared resources (electron/contract/locales.ts); the
// app's own strings are the `app` namespace, the core's texts come from `errors`, `situation`
// and `diagnostics`.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../electron/contract/channels';
import { i18nOptions } from '../../electron/contract/locales';

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  // The resources are bundled, so the instance is ready when init returns; React escapes output.
  void instance.use(initReactI18next).init({ ...i18nOptions(language, 'app'), initAsync: false, interpolation: { escapeValue: false } });
  return instance;
}
