// The one i18n mechanism of the CLI and the app: the same i18next resources, by namespace.
// Japanese is the default language and the fallback. Namespaces: `errors` (every code's
// explanation), `situation` (situations, actions, actors), `diagnostics` (the checks), `cli`
// (terminal output), `app` (the screens).
import i18next, { type TFunction } from 'i18next';
import jaApp from '../../resources/locales/ja/app.json' with { type: 'json' };
import jaCli from '../../resources/locales/ja/cli.json' with { type: 'json' };
import jaDiagnostics from '../../resources/locales/ja/diagnostics.json' with { type: 'json' };
import jaErrors from '../../resources/locales/ja/errors.json' with { type: 'json' };
import jaSituation from '../../resources/locales/ja/situation.json' with { type: 'json' };
import enApp from '../../resources/locales/en/app.json' with { type: 'json' };
import enCli from '../../resources/locales/en/cli.json' with { type: 'json' };
import enDiagnostics from '../../resources/locales/en/diagnostics.json' with { type: 'json' };
import enErrors from '../../resources/locales/en/errors.json' with { type: 'json' };
import enSituation from '../../resources/locales/en/situation.json' with { type: 'json' };
import type { Language } from './channels';

export const NAMESPACES = ['errors', 'situation', 'diagnostics', 'cli', 'app'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const LOCALE_RESOURCES = {
  ja: { errors: jaErrors, situation: jaSituation, diagnostics: jaDiagnostics, cli: jaCli, app: jaApp },
  en: { errors: enErrors, situation: enSituation, diagnostics: enDiagnostics, cli: enCli, app: enApp },
} as const;

/** i18next options both surfaces share; the renderer adds react-i18next on top. */
export function i18nOptions(language: Language, defaultNS: Namespace) {
  return {
    lng: language,
    fallbackLng: 'ja',
    ns: [...NAMESPACES],
    defaultNS,
    // A key not found in the default namespace is looked up in the shared ones.
    fallbackNS: ['errors', 'situation', 'diagnostics'],
    resources: LOCALE_RESOURCES,
    returnNull: false,
  } as const;
}

/** A translator for the terminal (no HTML escaping: paths and codes are printed as they are). */
export async function createTranslator(language: Language, defaultNS: Namespace = 'cli'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nOptions(language, defaultNS), interpolation: { escapeValue: false } });
  return instance.t;
}
