// Texts other helpers own are looked up by convention; a missing one shows the code, never a
// blank or a raw key path, and dates read as local dates.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { i18nOptions } from '../../../electron/contract/locales';
import { formatThumbprint } from '../../../renderer/format/thumbprint';
import { ROUTER_CODES } from '../../../electron/contract/router';
import { UNTRUSTED_SENDER } from '../../../electron/main/ipc-bridge';
import { IPC_CODES, transportError } from '../../../renderer/api/client';
import { errorExplanation, errorNextStep, checkTitle, messageText } from '../../../renderer/i18n/texts';

const LANGUAGES = ['ja', 'en'] as const;

async function translator(language: 'ja' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nOptions(language, 'app'), interpolation: { escapeValue: false } });
  return instance;
}

describe('error texts', () => {
  it('explain a known code in Japanese, with its next step', async () => {
    const t = await translator('ja');
    const error = { code: 'CJS-E-AUTH', actor: 'user' as const, faq: ['Q10'], params: {} };
    expect(errorExplanation(t, error)).toMatch(/パスワード/);
    expect(errorNextStep(t, error)).toMatch(/もう一度/);
  });

  it('explain the transport codes the renderer adds itself', async () => {
    const t = await translator('en');
    expect(errorExplanation(t, { code: 'IPC-TIMEOUT', params: { channel: 'situation.get', seconds: 30 } })).toBe(
      'No answer came within 30 seconds.',
    );
  });

  // Every code the transport can answer with (the renderer's client, the router, the shell's sender
  // check) has its own explanation and next step: an error panel never shows a bare code.
  const TRANSPORT_CODES = [...Object.values(IPC_CODES), ...Object.values(ROUTER_CODES), UNTRUSTED_SENDER];
  const params = { channel: 'situation.get', seconds: 30, paths: 'loginId' };

  it.each(LANGUAGES)('explain every transport code in %s, with a next step of its own', async (language) => {
    const t = await translator(language);
    for (const code of TRANSPORT_CODES) {
      const error = transportError(code, 'situation.get', { seconds: 30 });
      expect(errorExplanation(t, { code, params }), code).toMatch(/\S/u);
      expect(errorExplanation(t, { code, params }), code).not.toMatch(/\{\{|ipcError/u);
      expect(t.exists(`ipcError.${code}.next`, { ns: 'app' }), `${code} has a next step of its own`).toBe(true);
      expect(errorNextStep(t, error), code).toBe(t.t(`ipcError.${code}.next`, { ns: 'app' }));
      if (language === 'ja') expect(errorNextStep(t, error), code).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{3,}/u);
    }
  });

  it.each(LANGUAGES)('send the faults of the app itself to IT, after a restart (%s)', async (language) => {
    const t = await translator(language);
    for (const code of [...Object.values(ROUTER_CODES), UNTRUSTED_SENDER, IPC_CODES.badAnswer, IPC_CODES.rejected]) {
      const error = { code, actor: 'it' as const, faq: [], params };
      expect(errorNextStep(t, error), code).toMatch(language === 'ja' ? /再起動.*IT 担当者/su : /restart the app.*IT staff/isu);
    }
  });

  it('have nothing to say about an unknown code (the panel then shows the code), but still a next step by actor', async () => {
    const t = await translator('ja');
    const error = { code: 'NEW-CODE', actor: 'bank' as const, faq: [], params: {} };
    expect(errorExplanation(t, error)).toBeUndefined();
    expect(errorNextStep(t, error)).toBe('労金にお問い合わせください。');
  });
});

describe('diagnosis texts', () => {
  it('fall back to the check id and the message key when a text is missing', async () => {
    const t = await translator('ja');
    expect(checkTitle(t, 'no-such-check')).toBe('no-such-check');
    expect(messageText(t, { key: 'diagnostics:check.no-such-check.summary.ok', params: {} })).toBe(
      'diagnostics:check.no-such-check.summary.ok',
    );
  });
});

describe('thumbprint', () => {
  it('reads as the Windows certificate dialog shows it: hex pairs separated by spaces', () => {
    expect(formatThumbprint('A3F29C0D5E7B18C4D2E9F0A1B3C5D7E9F1A2B4C6')).toBe(
      'a3 f2 9c 0d 5e 7b 18 c4 d2 e9 f0 a1 b3 c5 d7 e9 f1 a2 b4 c6',
    );
  });
});
