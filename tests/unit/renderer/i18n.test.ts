// The screens use the one i18n mechanism of the project: the contract's options and resources,
// one language at a time (English loaded when chosen). A drift from the contract would show the
// CLI one text and the app another.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { LOCALE_RESOURCES, i18nOptions } from '../../../electron/contract/locales';
import { screenI18nOptions, showLanguage } from '../../../renderer/i18n/i18n';
import { JAPANESE, SCREEN_NAMESPACES, loadScreenTexts } from '../../../renderer/i18n/resources';

function withoutCli<T extends Record<string, unknown>>(texts: T): Omit<T, 'cli'> {
  const { cli: _cli, ...rest } = texts;
  return rest;
}

describe("the screens' texts", () => {
  it("are the contract's options, without the CLI's namespace and with Japanese alone at start", () => {
    const { resources, ns, ...options } = screenI18nOptions();
    const { resources: _all, ns: contractNs, ...contract } = i18nOptions('ja', 'app');
    expect(options).toEqual(contract);
    expect(ns).toEqual(contractNs.filter((n) => n !== 'cli'));
    expect(Object.keys(resources)).toEqual(['ja']);
  });

  it.each(['ja', 'en'] as const)("are the shared resources of %s, every namespace but the CLI's", async (language) => {
    expect(await loadScreenTexts(language)).toEqual(withoutCli(LOCALE_RESOURCES[language]));
    expect(Object.keys(JAPANESE).sort()).toEqual([...SCREEN_NAMESPACES].sort());
  });

  it('switch to English once its texts have arrived, and stay in Japanese if the user went back meanwhile', async () => {
    const instance = i18next.createInstance();
    await instance.init({ ...screenI18nOptions(), interpolation: { escapeValue: false } });
    expect(instance.t('nav.status')).toBe('状態');

    expect(await showLanguage(instance, 'en', () => 'ja')).toBe('superseded');
    expect(instance.language).toBe('ja');

    expect(await showLanguage(instance, 'en', () => 'en')).toBe('shown');
    expect(instance.t('nav.status')).toBe('Status');
    expect(instance.t('error.CJS-E-AUTH', { ns: 'errors' })).toMatch(/password/i);
  });
});
