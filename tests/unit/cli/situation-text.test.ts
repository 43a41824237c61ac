// The situation block of `cjs-cert status` says each thing once: the explanation says what is
// the matter, each action what to do (its command on its own line), one line who acts, one the
// FAQ. Every situation kind the model produces, in Japanese and English.
import { describe, expect, it } from 'vitest';
import { createTranslator, type Language } from '../../../cli/i18n';
import { contactRequestLines, requestLines, situationLines } from '../../../cli/situation-text';
import { computeSituation, type SituationInput } from '../../../electron/core/app/situation';
import { SITUATION_KINDS, type Situation, type SituationKind } from '../../../electron/contract/situation';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';

const now = new Date('2026-11-25T00:00:00Z');
const DAY = 86_400_000;
let serialSeq = 0x5a10;

function certificate(loginId: string, issued: string, options: { hasPrivateKey?: boolean; days?: number } = {}): StoredCertificate {
  const serialNumber = (serialSeq++).toString(16).toUpperCase().padStart(16, '7');
  const notBefore = new Date(issued);
  return {
    store: 'nss',
    handle: `ろうきん賃金控除 ${loginId}`,
    subject: `CN=${loginId}`,
    subjectCommonName: loginId,
    issuer: 'CN=CJS Rokin Issuing CA',
    issuerCommonName: 'CJS Rokin Issuing CA',
    serialNumber,
    thumbprintSha1: serialNumber.padStart(40, 'A'),
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.days ?? 366) * DAY),
    hasPrivateKey: options.hasPrivateKey ?? true,
  };
}

function situation(over: Partial<SituationInput>): Situation {
  return computeSituation({
    certificates: [],
    revokedSerials: new Set(),
    issuerReachable: true,
    caKnown: true,
    remembered: [],
    now,
    renewalWindowDays: 30,
    store: { kind: 'nss', location: '/home/clerk/.pki/nssdb' },
    ...over,
  });
}

const valid = certificate('user01', '2026-05-01T03:00:00Z');
const expiring = certificate('user01', '2025-12-10T03:00:00Z');
const expired = certificate('user01', '2025-10-01T03:00:00Z');
const noKey = certificate('user01', '2026-05-01T03:00:00Z', { hasPrivateKey: false });
const future = certificate('user01', '2026-12-01T03:00:00Z');
const other = certificate('user02', '2026-05-01T03:00:00Z');
const lost = certificate('user01', '2026-06-01T03:00:00Z');

/** One input per situation kind (and the two shapes of "lost" and "several"). */
const CASES: readonly [string, Situation][] = [
  ['no-certificate', situation({})],
  ['valid', situation({ certificates: [valid] })],
  ['renewal-window', situation({ certificates: [expiring] })],
  ['expired', situation({ certificates: [expired] })],
  ['revoked', situation({ certificates: [valid], revokedSerials: new Set([valid.serialNumber]) })],
  ['no-key', situation({ certificates: [noKey] })],
  ['lost', situation({ remembered: [{ loginId: 'user01', serialNumber: lost.serialNumber, notAfter: lost.notAfter }] })],
  [
    'lost, inside the renewal window',
    situation({ remembered: [{ loginId: 'user01', serialNumber: expiring.serialNumber, notAfter: expiring.notAfter }] }),
  ],
  ['other-user', situation({ certificates: [other], loginId: 'user01' })],
  ['several-usable', situation({ certificates: [valid, other], loginId: 'user01' })],
  ['several-usable, no login ID', situation({ certificates: [valid, other] })],
  ['not-yet-valid', situation({ certificates: [future] })],
  ['undetermined', situation({ caKnown: false, issuerReachable: false })],
  [
    'reregistered',
    situation({ certificates: [valid], revokedSerials: new Set([valid.serialNumber]), reregisteredSerials: new Set([valid.serialNumber]) }),
  ],
];

/** Runs of `min` characters (Japanese) or `min` words (English) that `a` and `b` share, parameters aside. */
function sharedPhrases(a: string, b: string, language: Language): string[] {
  const neutral = (s: string) => s.replace(/user0\d|[0-9A-F]{16,}|\d{4}\/\d\d\/\d\d/g, '#');
  const units = (s: string) =>
    language === 'ja'
      ? [...neutral(s).replace(/\s+/g, '')]
      : (neutral(s)
          .toLowerCase()
          .match(/[\w'-]+/g) ?? []);
  const min = language === 'ja' ? 8 : 4;
  const join = (u: string[]) => u.join(language === 'ja' ? '' : ' ');
  const ua = units(a);
  const inB = join(units(b));
  const found = new Set<string>();
  for (let i = 0; i + min <= ua.length; i++) {
    const phrase = join(ua.slice(i, i + min));
    if (inB.includes(phrase)) found.add(phrase);
  }
  return [...found];
}

describe('the situation block', () => {
  it('covers every situation kind', () => {
    expect(new Set(CASES.map(([, s]) => s.kind))).toEqual(new Set<SituationKind>(SITUATION_KINDS));
  });

  describe.each(['ja', 'en'] as const)('in %s', (language) => {
    it.each(CASES)('%s: the explanation repeats neither its title nor an action', async (_name, s) => {
      const t = await createTranslator(language);
      const [heading, ...rest] = situationLines(s, t);
      const title = t(`situation:kind.${s.kind}.title`);
      expect(heading!.startsWith(`${title}: `), heading).toBe(true);
      const body = heading!.slice(title.length + 2);
      expect(sharedPhrases(title, body, language), 'title and explanation').toEqual([]);
      const actions = rest.filter((line) => line.startsWith('  → '));
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) expect(sharedPhrases(body, action, language), action).toEqual([]);
    });

    it.each(CASES)('%s: every line says something no other line says', async (_name, s) => {
      const t = await createTranslator(language);
      // Commands are to be typed, not read: they may well share "cjs-cert".
      const lines = situationLines(s, t).filter((line) => !line.startsWith('      cjs-cert '));
      for (const [i, line] of lines.entries())
        for (const other of lines.slice(i + 1)) expect(sharedPhrases(line, other, language), `${line}\n${other}`).toEqual([]);
    });
  });

  it('prints each command on its own line under its action, with the login ID filled in', async () => {
    const t = await createTranslator('ja');
    expect(situationLines(situation({ certificates: [expiring] }), t).slice(1, 3)).toEqual([
      '  → 電子証明書を更新してください。',
      '      cjs-cert renew --login-id user01',
    ]);
  });

  it('does not name the actor again when the first action asks them', async () => {
    const t = await createTranslator('ja');
    const lines = situationLines(situation({ certificates: [valid], revokedSerials: new Set([valid.serialNumber]) }), t);
    expect(lines[1]).toContain('マスターユーザーに、ログイン ID の再登録を依頼してください。マスターユーザーご本人の場合は、労金');
    expect(lines.some((l) => l.startsWith('対応する人'))).toBe(false);
  });
});

describe('the requests to pass on (P10, P11)', () => {
  it.each(['ja', 'en'] as const)(
    '%s: a lost certificate gives the text for the master user and, with the serial, the one for the bank',
    async (language) => {
      const t = await createTranslator(language);
      const s = situation({ remembered: [{ loginId: 'user01', serialNumber: lost.serialNumber, notAfter: lost.notAfter }] });
      const lines = requestLines(s, t);
      expect(lines).toHaveLength(4);
      expect(lines[0]).toBe(t('situation.request.toMaster'));
      expect(lines[1]).toContain('user01');
      expect(lines[1]).not.toContain(lost.serialNumber);
      expect(lines[2]).toBe(t('situation.request.toBank'));
      expect(lines[3]).toContain('user01');
      expect(lines[3]).toContain(lost.serialNumber);
    },
  );

  it('a valid certificate: how moving to a new PC goes; a re-registered ID: nothing to ask of anyone', async () => {
    const t = await createTranslator('en');
    expect(requestLines(situation({ certificates: [valid] }), t)).toEqual([t('situation.moving')]);
    expect(t('situation.moving')).toMatch(/revoked.*new PC/);
    const again = situation({
      certificates: [valid],
      revokedSerials: new Set([valid.serialNumber]),
      reregisteredSerials: new Set([valid.serialNumber]),
    });
    expect(requestLines(again, t)).toEqual([]);
  });

  it('a locked login ID: the unlock request, no serial asked for', async () => {
    const t = await createTranslator('ja');
    const lines = contactRequestLines('locked', 'user02', undefined, t);
    expect(lines[1]).toContain('「user02」');
    expect(lines[1]).toContain('ロック');
    expect(lines.join('\n')).not.toMatch(/password|パスワード:/);
  });
});
