// The screens' texts by language, from the shared resources (resources/locales). Japanese, the
// default and the fallback, comes with the bundle; English arrives when it is first chosen (about
// 14 KB gzip a Japanese user never needs). The CLI's terminal texts (`cli`) are not the screens'.
import type { Language } from '../../electron/contract/channels';
import app from '../../resources/locales/ja/app.json' with { type: 'json' };
import diagnostics from '../../resources/locales/ja/diagnostics.json' with { type: 'json' };
import errors from '../../resources/locales/ja/errors.json' with { type: 'json' };
import situation from '../../resources/locales/ja/situation.json' with { type: 'json' };

export const SCREEN_NAMESPACES = ['errors', 'situation', 'diagnostics', 'app'] as const;
export type ScreenNamespace = (typeof SCREEN_NAMESPACES)[number];
export type ScreenTexts = Readonly<Record<ScreenNamespace, object>>;

export const JAPANESE: ScreenTexts = { errors, situation, diagnostics, app };

/** One language's texts; English is a separate file of the build, fetched the first time. */
export async function loadScreenTexts(language: Language): Promise<ScreenTexts> {
  if (language === 'ja') return JAPANESE;
  const { ENGLISH } = await import('./english');
  return ENGLISH;
}
