// One error model: every code has an actor, valid FAQ references and a text in both languages,
// and what crosses the boundary is data without the failure's own words.
import { describe, expect, it } from 'vitest';
import { faqRefSchema } from '../../../electron/contract/actors';
import { CLIENT_CODES, DIAGNOSTIC_CODES, FIX_FAILURE_CODES, PROBLEM_CODES } from '../../../electron/contract/codes';
import { LOCALE_RESOURCES } from '../../../electron/contract/locales';
import { appErrorSchema } from '../../../electron/contract/result';
import { toAppError } from '../../../electron/core/app/errors';
import { CjsError, CODE_POLICY } from '../../../electron/core/errors';
import { IssuingError } from '../../../electron/core/issuing';
import { JournalError } from '../../../electron/core/enrollment/journal';
import { PkiError } from '../../../electron/core/pki';
import { ProcessError } from '../../../electron/core/platform/process-runner';
import { StoreError } from '../../../electron/core/stores/certificate-store';

// Everything an error may carry, the diagnosis' fix failures (WIN-SSL-STATE, WIN-CACHE) included.
const every = [...Object.values(PROBLEM_CODES), ...CLIENT_CODES, ...FIX_FAILURE_CODES];

describe('the code catalogue', () => {
  it('names valid FAQ entries for every code', () => {
    for (const code of every)
      for (const faq of CODE_POLICY[code].faq) expect(faqRefSchema.safeParse(faq).success, `${code} ${faq}`).toBe(true);
  });

  it.each(['ja', 'en'] as const)('has a %s text for every code', (language) => {
    const texts = LOCALE_RESOURCES[language].errors.error as Record<string, string>;
    expect(every.filter((code) => !texts[code])).toEqual([]);
  });

  it('has the fix failures among the diagnosis’ codes, each the user’s to finish by hand, with its FAQ', () => {
    expect(FIX_FAILURE_CODES).toEqual(['WIN-SSL-STATE', 'WIN-CACHE']);
    for (const code of FIX_FAILURE_CODES) {
      expect(DIAGNOSTIC_CODES).toContain(code);
      expect(CODE_POLICY[code].actor).toBe('user');
      expect(CODE_POLICY[code].faq).toContain('Q18(7)');
    }
  });

  it.each(['ja', 'en'] as const)('names the unknown check and the valid ones for DIAG-UNKNOWN-CHECK (%s)', (language) => {
    const text = (LOCALE_RESOURCES[language].errors.error as Record<string, string>)['DIAG-UNKNOWN-CHECK'];
    expect(text).toContain('{{checkId}}');
    expect(text).toContain('{{known}}');
  });

  it('tells the bank to act only where the issuer’s side must: never on a typo or the network', () => {
    expect(CODE_POLICY['CJS-E-AUTH'].actor).toBe('user');
    expect(CODE_POLICY['ISSUE-BAD-CREDENTIALS'].actor).toBe('user');
    expect(CODE_POLICY['ISSUE-UNREACHABLE'].actor).toBe('it');
    expect(CODE_POLICY['CJS-E-LOCKED'].actor).toBe('master');
    expect(CODE_POLICY['CJS-E-INTERNAL'].actor).toBe('bank');
  });
});

describe('toAppError', () => {
  it.each([
    [new IssuingError('CJS-E-LOCKED', 'locked', { status: 423, detail: 'Too many failed logins' }), 'CJS-E-LOCKED', 'master'],
    [
      new StoreError('STORE-TOOL-MISSING', 'certutil is not installed', { command: 'certutil', advice: 'apt-get install' }),
      'STORE-TOOL-MISSING',
      'it',
    ],
    [new PkiError('PKI-BAD-CRL', 'bad CRL'), 'PKI-BAD-CRL', 'bank'],
    [new JournalError('JOURNAL-EXISTS', 'exists'), 'JOURNAL-EXISTS', 'user'],
    [new ProcessError('timeout', 'certutil', ['-L'], 'certutil timed out'), 'PROCESS-TIMEOUT', 'it'],
  ])('%s → its code and actor, as contract data', (err, code, actor) => {
    expect(err).toBeInstanceOf(CjsError);
    const data = appErrorSchema.parse(toAppError(err));
    expect(data).toMatchObject({ code, actor });
    // The English message and the server's detail stay on this side.
    expect(JSON.stringify(data)).not.toMatch(/timed out|Too many|not installed|bad CRL/);
  });

  it('keeps the values an explanation needs: the store tool, the HTTP status of a non-protocol failure', () => {
    expect(
      toAppError(new StoreError('STORE-COMMAND-FAILED', 'x', { command: 'pk12util', exitCode: 17, output: 'SEC_ERROR_BAD_PASSWORD' }))
        .params,
    ).toEqual({
      command: 'pk12util',
      exitCode: 17,
    });
    expect(toAppError(new IssuingError('ISSUE-HTTP-STATUS', 'x', { status: 502 })).params).toEqual({ status: 502 });
  });

  it('ISSUE-HTTP-STATUS: a 5xx is the bank’s (its service is down), any other status keeps the usual actor', () => {
    for (const status of [500, 502, 503, 504]) {
      const data = toAppError(new IssuingError('ISSUE-HTTP-STATUS', 'x', { status }));
      expect(data.actor, String(status)).toBe('bank');
      expect(data.faq, String(status)).toContain('Q18');
    }
    for (const status of [302, 404, 405, 429]) {
      expect(toAppError(new IssuingError('ISSUE-HTTP-STATUS', 'x', { status })).actor, String(status)).toBe('it');
    }
    // A problem+json code keeps its own actor whatever the status.
    expect(toAppError(new IssuingError('CJS-E-AUTH', 'x', { status: 500 })).actor).toBe('user');
  });

  it('anything else is UNEXPECTED with no text of its own', () => {
    expect(toAppError(new TypeError('Cannot read properties of undefined (reading "der")'))).toEqual({
      code: 'UNEXPECTED',
      actor: 'it',
      faq: [],
      params: {},
    });
    expect(toAppError('a string')).toMatchObject({ code: 'UNEXPECTED', params: {} });
  });
});
