// Issue 9, finding 4, in the window: text from a server (a certificate's names in a check's
// summary, an error's parameters) is rendered as text, never as markup. The screens put these
// texts into React as children ({explanation}, {messageText(...)}), which React escapes; the lint
// rule for renderer/ refuses every way to turn text into markup, so it stays that way.
import { ESLint } from 'eslint';
import i18next from 'i18next';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { i18nOptions } from '../../../electron/contract/locales';
import { errorExplanation, messageText } from '../../../renderer/i18n/texts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const HOSTILE = '<img src=x onerror="alert(1)">';

async function translator(language: 'ja' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nOptions(language, 'app'), interpolation: { escapeValue: false } });
  return instance;
}

describe('server text on the screens', () => {
  it.each(['ja', 'en'] as const)('%s: a presented issuer named <img onerror> reads as that text in the check summary', async (language) => {
    const t = await translator(language);
    const text = messageText(t, {
      key: 'diagnostics:check.server-certificate.summary.untrusted',
      params: { target: 'h:443', issuer: HOSTILE },
    });
    expect(text).toContain(HOSTILE);
    // As CheckResult renders it: a child of an element.
    const markup = renderToStaticMarkup(createElement('div', { 'data-testid': 'check-summary' }, text));
    expect(markup).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(markup).not.toContain('<img');
  });

  it('an error parameter holding markup stays text in the explanation', async () => {
    const t = await translator('en');
    const text = errorExplanation(t, { code: 'DIAG-UNKNOWN-CHECK', params: { checkId: HOSTILE, known: 'network' } });
    expect(text).toContain(HOSTILE);
    expect(renderToStaticMarkup(createElement('div', null, text))).not.toContain('<img');
  });
});

describe('the lint rule of renderer/', () => {
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  const markupErrors = async (source: string) => {
    const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: join(ROOT, 'renderer', 'probe.tsx') });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it.each([
    ['dangerouslySetInnerHTML', 'const x = <div dangerouslySetInnerHTML={{ __html: String(1) }} />; void x;'],
    ['innerHTML', 'document.body.innerHTML = String(1);'],
    ['insertAdjacentHTML', "document.body.insertAdjacentHTML('beforeend', String(1));"],
    ['DOMParser', "void new DOMParser().parseFromString(String(1), 'text/html');"],
    ['document.write', 'document.write(String(1));'],
  ])('refuses %s', async (_name, source) => {
    expect(await markupErrors(source)).toEqual([expect.stringContaining('never markup')]);
  });

  it('lets text be text', async () => {
    expect(await markupErrors('const x = <div>{String(1)}</div>; void x;')).toEqual([]);
  });
});
