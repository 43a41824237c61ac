// Every error the client can raise reaches the user as a sentence in their language and reaches
// scripts as a documented exit status; the two catalogues never drift apart.
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_EXIT, describeError, exitCodeFor } from '../../../cli/errors';
import { EXIT } from '../../../cli/exit-codes';
import { createTranslator } from '../../../cli/i18n';
import { CLIENT_CODES } from '../../../electron/contract/codes';
import { LOCALE_RESOURCES } from '../../../electron/contract/locales';
import { CjsError } from '../../../electron/core/errors';

const { ja, en } = LOCALE_RESOURCES;

function keysOf(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** The {{placeholders}} of one message: a translation that drops one loses information. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

const documentedExits = new Set<number>(Object.values(EXIT));

describe('client error codes', () => {
  const codes = Object.keys(CLIENT_ERROR_EXIT);

  it('cover the codes the audit found without text', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['ISSUE-PROXY', 'ISSUE-BAD-URL', 'ISSUE-NO-CERTIFICATE', 'ISSUE-BAD-CREDENTIALS', 'JOURNAL-EXISTS']),
    );
  });

  it.each(['ja', 'en'] as const)('each has a %s explanation of its own (not the raw technical message)', async (language) => {
    const t = await createTranslator(language);
    const missing = codes.filter((code) => t(`error.${code}`, { lng: language, fallbackLng: false, defaultValue: '' }) === '');
    expect(missing).toEqual([]);
    for (const code of codes) {
      const described = describeError(new CjsError(code, 'technical detail'), t);
      expect(described.message, code).not.toBe('technical detail');
      expect(described.detail, code).toBe('technical detail');
    }
  });

  it('are every client code of the contract', () => {
    expect([...codes].sort()).toEqual([...CLIENT_CODES].sort());
  });

  it('each maps to a documented exit status, the questioned ones to what a script should see', () => {
    for (const code of codes) expect(documentedExits.has(exitCodeFor(code)), code).toBe(true);
    expect(exitCodeFor('ISSUE-NO-CERTIFICATE')).toBe(EXIT.BAD_ANSWER);
    expect(exitCodeFor('ENROLL-NO-CA')).toBe(EXIT.BAD_ANSWER);
    expect(exitCodeFor('ISSUE-PROXY')).toBe(EXIT.UNREACHABLE);
    expect(exitCodeFor('ISSUE-BAD-CREDENTIALS')).toBe(EXIT.USAGE);
    expect(exitCodeFor('STORE-VERIFY-FAILED')).toBe(EXIT.STORE);
    expect(exitCodeFor('CJS-E-LOCKED')).toBe(EXIT.REFUSED);
    expect(exitCodeFor('ISSUE-SOMETHING-NEW')).toBe(EXIT.FAILED);
  });
});

describe('the ja and en catalogues', () => {
  it('have exactly the same keys', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(ja).sort());
  });

  it('use the same placeholders in every message', () => {
    const lookup = (catalogue: object, key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalogue) as string;
    const differing = keysOf(ja).filter((key) => placeholders(lookup(ja, key)).join() !== placeholders(lookup(en, key)).join());
    expect(differing).toEqual([]);
  });
});
