// P5 as a clerk lives it: told when the renewal window opens and when the certificate has expired,
// not before, not about someone else's problem, at most once a day, never when switched off, and
// the notice opens the right wizard. Situations come from the real situation model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AutoRenewReportView, NeedsUserReason } from '../../../electron/contract/renewal';
import type { Situation } from '../../../electron/contract/situation';
import {
  createNotifier,
  dueNotice,
  localDay,
  noticeText,
  readLastNotice,
  writeLastNotice,
  type LastNotice,
  type Notice,
  type NotifierPorts,
} from '../../../electron/core/app/notifications';
import { computeSituation } from '../../../electron/core/app/situation';
import type { StoredCertificate } from '../../../electron/core/stores/certificate-store';
import jaTexts from '../../../resources/locales/ja/notifications.json' with { type: 'json' };
import enTexts from '../../../resources/locales/en/notifications.json' with { type: 'json' };

const DAY = 86_400_000;
const HOUR = 3_600_000;
// 4 December 2026, 09:00 on the clerk's clock (local time, whatever the test machine's zone).
const now = new Date(2026, 11, 4, 9, 0, 0);

function certificate(loginId: string, notAfter: Date, serialNumber = '5A17'): StoredCertificate {
  return {
    store: 'nss',
    handle: `ろうきん賃金控除 ${loginId}`,
    subject: `CN=${loginId}`,
    subjectCommonName: loginId,
    issuer: 'CN=CJS Rokin Issuing CA',
    issuerCommonName: 'CJS Rokin Issuing CA',
    serialNumber,
    thumbprintSha1: serialNumber.padStart(40, 'A'),
    notBefore: new Date(notAfter.getTime() - 366 * DAY),
    notAfter,
    hasPrivateKey: true,
  };
}

function situationOf(certificates: StoredCertificate[], options: { revoked?: string[]; at?: Date } = {}): Situation {
  return computeSituation({
    certificates,
    revokedSerials: new Set(options.revoked ?? []),
    issuerReachable: true,
    caKnown: true,
    remembered: [],
    now: options.at ?? now,
    renewalWindowDays: 30,
    store: { kind: 'nss', location: '~/.pki/nssdb' },
  });
}

/** user01's certificate expiring `days` (and `hours`) from now. */
const expiringIn = (days: number, hours = 0) => situationOf([certificate('user01', new Date(now.getTime() + days * DAY + hours * HOUR))]);

describe('dueNotice: when the clerk is told', () => {
  it.each([
    { days: 31, kind: undefined, operation: undefined },
    { days: 30, kind: 'renewal', operation: 'renew' },
    { days: 1, kind: 'renewal', operation: 'renew' },
    { days: 0, kind: 'last-day', operation: 'renew' },
    { days: -1, kind: 'expired', operation: 'enroll' },
  ] as const)('$days days before expiry: $kind', ({ days, kind, operation }) => {
    const notice = dueNotice({ situation: expiringIn(days), enabled: true, now });
    expect(notice?.kind).toBe(kind);
    if (operation) expect(notice?.open).toEqual({ operation, loginId: 'user01' });
    if (kind) expect(notice?.daysLeft).toBe(days);
  });

  it('counts whole days left: 6 hours before expiry is the last day, not yet expired', () => {
    expect(dueNotice({ situation: expiringIn(0, 6), enabled: true, now })).toMatchObject({ kind: 'last-day', daysLeft: 0 });
    expect(dueNotice({ situation: expiringIn(30, -1), enabled: true, now })).toMatchObject({ kind: 'renewal', daysLeft: 29 });
  });

  it('says nothing when the switch in Settings is off', () => {
    for (const days of [30, 1, 0, -1]) expect(dueNotice({ situation: expiringIn(days), enabled: false, now })).toBeUndefined();
  });

  it('is not repeated on the same local day, and is again the next day', () => {
    const situation = expiringIn(10);
    const first = dueNotice({ situation, enabled: true, now })!;
    const last: LastNotice = { key: `renewal:${first.serialNumber}`, day: localDay(now) };
    expect(dueNotice({ situation: expiringIn(10), enabled: true, now: new Date(now.getTime() + 12 * HOUR), last })).toBeUndefined();
    const tomorrow = new Date(2026, 11, 5, 8, 0, 0);
    expect(dueNotice({ situation: expiringIn(10), enabled: true, now: tomorrow, last })?.kind).toBe('renewal');
  });

  it('tells the same day when the notice changes: the renewal notice in the morning, expiry at night', () => {
    const morning = dueNotice({ situation: expiringIn(0, 10), enabled: true, now })!;
    const last = { key: `${morning.kind}:${morning.serialNumber}`, day: localDay(now) };
    const night = new Date(now.getTime() + 12 * HOUR);
    const situation = situationOf([certificate('user01', new Date(now.getTime() + 10 * HOUR))], { at: night });
    expect(dueNotice({ situation, enabled: true, now: night, last })?.kind).toBe('expired');
  });

  it('is silent about a revoked certificate, another problem, or a renewed one', () => {
    const revoked = situationOf([certificate('user01', new Date(now.getTime() + 10 * DAY))], { revoked: ['5A17'] });
    expect(dueNotice({ situation: revoked, enabled: true, now })).toBeUndefined();
    const renewed = situationOf([certificate('user01', new Date(now.getTime() + 366 * DAY), '5A18')]);
    expect(dueNotice({ situation: renewed, enabled: true, now })).toBeUndefined();
    expect(dueNotice({ situation: situationOf([]), enabled: true, now })).toBeUndefined();
  });
});

describe('noticeText', () => {
  const notice = (kind: Notice['kind'], daysLeft: number, loginId: string | null = 'user01'): Notice => ({
    kind,
    loginId,
    serialNumber: '5A17',
    daysLeft,
    notAfter: new Date(Date.UTC(2027, 0, 3, 15, 0)),
    open: { operation: kind === 'expired' ? 'enroll' : 'renew' },
  });

  it('tells in Japanese whose certificate, how many days are left, until when, and what the click does', async () => {
    const text = await noticeText(notice('renewal', 30), 'ja', 'Asia/Tokyo');
    expect(text.title).toBe('電子証明書の更新期間です');
    expect(text.body).toBe(
      'user01 の電子証明書は、あと 30 日で有効期限 (2027年1月4日 0:00) を迎えます。ここをクリックして更新してください。',
    );
    const expired = await noticeText(notice('expired', -1, null), 'ja', 'Asia/Tokyo');
    expect(expired.body).toContain('この PC の電子証明書は、2027年1月4日 0:00 に有効期限が切れた');
    expect(expired.body).toContain('ログイン ID とパスワードで新しい電子証明書を取得');
  });

  it('has English texts with the singular for one day', async () => {
    expect((await noticeText(notice('renewal', 1), 'en', 'Asia/Tokyo')).body).toBe(
      'The certificate of user01 expires in 1 day (4 January 2027 at 00:00). Click here to renew it.',
    );
    expect((await noticeText(notice('last-day', 0), 'en', 'Asia/Tokyo')).title).toBe('Your certificate expires soon');
  });

  it('has no English sentence and no untranslated key in the Japanese texts', async () => {
    for (const [kind, days] of [
      ['renewal', 12],
      ['last-day', 0],
      ['expired', -3],
    ] as const) {
      const { title, body } = await noticeText(notice(kind, days), 'ja', 'Asia/Tokyo');
      expect(`${title} ${body}`.replaceAll('user01', '').replaceAll('ID', '').replaceAll('PC', '')).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('has the same keys and placeholders in both languages', () => {
    const shape = (texts: object): string[] =>
      Object.entries(texts).flatMap(([key, value]) =>
        typeof value === 'string'
          ? [`${key}:${[...value.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).join(',')}`]
          : shape(value as object).map((s) => `${key}.${s}`),
      );
    expect(shape(jaTexts).sort()).toEqual(shape(enTexts).sort());
  });
});

describe('createNotifier', () => {
  function ports(over: Partial<NotifierPorts> & { clock?: { now: Date } } = {}) {
    const clock = over.clock ?? { now };
    const stored: { last?: LastNotice } = {};
    const shown: { title: string; notice: Notice }[] = [];
    const situation = vi.fn(() => Promise.resolve(expiringIn(30)));
    const fake: NotifierPorts = {
      settings: () => Promise.resolve({ notifications: true, autoRenew: true, language: 'ja' }),
      situation,
      readLast: () => Promise.resolve(stored.last),
      writeLast: (last) => Promise.resolve(void (stored.last = last)),
      show: (text, notice) => shown.push({ title: text.title, notice }),
      now: () => clock.now,
      ...over,
    };
    return { fake, shown, stored, situation, clock };
  }

  it('at start shows the due notice once; later ticks that day and a restart the same day show nothing', async () => {
    const { fake, shown, stored, clock } = ports();
    const notifier = createNotifier(fake);
    expect((await notifier.tick())?.kind).toBe('renewal');
    clock.now = new Date(now.getTime() + 3 * HOUR);
    expect(await notifier.tick()).toBeUndefined();
    expect(await createNotifier(fake).tick()).toBeUndefined();
    expect(shown.map((s) => s.title)).toEqual(['電子証明書の更新期間です']);
    expect(stored.last).toEqual({ key: 'renewal:5A17', day: localDay(now) });
  });

  it('looks again the next day', async () => {
    const { fake, shown, clock, situation } = ports();
    const notifier = createNotifier(fake);
    await notifier.tick();
    clock.now = new Date(2026, 11, 5, 0, 30);
    situation.mockResolvedValue(expiringIn(29));
    expect((await notifier.tick())?.kind).toBe('renewal');
    expect(shown).toHaveLength(2);
  });

  it('when switched off, does not even look at the situation, and notices the switch turned on the same day', async () => {
    let enabled = false;
    const { fake, shown, situation } = ports({
      settings: () => Promise.resolve({ notifications: enabled, autoRenew: true, language: 'en' }),
    });
    const notifier = createNotifier(fake);
    expect(await notifier.tick()).toBeUndefined();
    expect(situation).not.toHaveBeenCalled();
    enabled = true;
    expect((await notifier.tick())?.open).toEqual({ operation: 'renew', loginId: 'user01' });
    expect(shown.map((s) => s.title)).toEqual(['Time to renew your certificate']);
  });

  it('survives a failing situation (issuer down, store broken) and tries again at the next tick', async () => {
    const { fake, shown, situation } = ports();
    situation.mockRejectedValueOnce(new Error('certutil: not found'));
    const notifier = createNotifier(fake);
    expect(await notifier.tick()).toBeUndefined();
    expect((await notifier.tick())?.kind).toBe('renewal');
    expect(shown).toHaveLength(1);
  });
});

describe('createNotifier with automatic renewal', () => {
  const renewedReport = (): AutoRenewReportView => ({
    revocationChecked: true,
    checkedAt: now.toISOString(),
    items: [
      {
        kind: 'renewed',
        loginId: 'user01',
        previousSerial: '5A17',
        certificate: {
          ...expiringIn(30).certificate!,
          serialNumber: '6B28',
          notAfter: '2027-12-06T09:00:00.000Z',
          daysLeft: 366,
          state: 'valid',
        },
        removedSerials: ['5A17'],
        resumed: false,
      },
    ],
  });
  const needsUserReport = (reason: NeedsUserReason): AutoRenewReportView => ({
    revocationChecked: true,
    checkedAt: now.toISOString(),
    items: [{ kind: 'needs-user', loginId: 'user01', serialNumber: '5A17', reason, actor: 'user', notAfter: '2026-12-20T09:00:00.000Z' }],
  });

  function setup(settings: { notifications: boolean; autoRenew: boolean }, report: () => Promise<AutoRenewReportView>) {
    const shown: { title: string; body: string; notice: Notice }[] = [];
    const stored: { last?: LastNotice } = {};
    const renew = vi.fn(report);
    const situation = vi.fn(() => Promise.resolve(expiringIn(30)));
    const notifier = createNotifier({
      settings: () => Promise.resolve({ ...settings, language: 'ja' }),
      renew,
      situation,
      readLast: () => Promise.resolve(stored.last),
      writeLast: (last) => Promise.resolve(void (stored.last = last)),
      show: (text, notice) => shown.push({ ...text, notice }),
      now: () => now,
    });
    return { notifier, shown, renew, situation };
  }

  it('renews first, then tells the user the new expiry instead of asking them to renew; once a day', async () => {
    const { notifier, shown, renew } = setup({ notifications: true, autoRenew: true }, () => Promise.resolve(renewedReport()));
    const notice = await notifier.tick();
    expect(notice).toMatchObject({ kind: 'renewed', loginId: 'user01', serialNumber: '6B28', open: null });
    expect(shown[0]?.title).toBe('電子証明書を更新しました');
    expect(shown[0]?.body).toContain('user01 の電子証明書をパスワードなしで更新しました');
    expect(shown[0]?.body).toContain('2027');
    expect(await notifier.tick()).toBeUndefined();
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('a renewal that needs the user says why; a click opens the wizard on the password path (not for a revoked one)', async () => {
    const expired = setup({ notifications: true, autoRenew: true }, () => Promise.resolve(needsUserReport('expired')));
    expect(await expired.notifier.tick()).toMatchObject({
      kind: 'needs-you',
      reason: 'expired',
      open: { operation: 'enroll', loginId: 'user01' },
    });
    expect(expired.shown[0]?.body).toContain('ログイン ID とパスワードで取得し直してください');
    const noVault = setup({ notifications: true, autoRenew: true }, () => Promise.resolve(needsUserReport('no-journal')));
    expect(await noVault.notifier.tick()).toMatchObject({ kind: 'needs-you', open: { operation: 'renew', loginId: 'user01' } });
    const revoked = setup({ notifications: true, autoRenew: true }, () => Promise.resolve(needsUserReport('revoked')));
    expect(await revoked.notifier.tick()).toMatchObject({ kind: 'needs-you', open: null });
    expect(revoked.shown[0]?.body).toContain('マスターユーザー');
  });

  it('renews with notifications off (showing nothing), once that day', async () => {
    const { notifier, shown, renew } = setup({ notifications: false, autoRenew: true }, () => Promise.resolve(renewedReport()));
    expect(await notifier.tick()).toBeUndefined();
    expect(await notifier.tick()).toBeUndefined();
    expect(renew).toHaveBeenCalledTimes(1);
    expect(shown).toEqual([]);
  });

  it('with automatic renewal off, never renews: the renewal notice asks the user as before', async () => {
    const { notifier, renew } = setup({ notifications: true, autoRenew: false }, () => Promise.resolve(renewedReport()));
    expect((await notifier.tick())?.kind).toBe('renewal');
    expect(renew).not.toHaveBeenCalled();
  });

  it('a renewal that could not be tried (issuer down) is tried again at the next tick', async () => {
    const { notifier, renew } = setup({ notifications: true, autoRenew: true }, () => Promise.resolve(renewedReport()));
    renew.mockRejectedValueOnce(new Error('ISSUE-REFUSED'));
    expect(await notifier.tick()).toBeUndefined();
    expect((await notifier.tick())?.kind).toBe('renewed');
    expect(renew).toHaveBeenCalledTimes(2);
  });
});

describe('the last notice on disk', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'cjs-notify-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('is remembered across restarts in the state directory, and a missing file is no notice yet', async () => {
    const env = { HOME: home, XDG_STATE_HOME: join(home, 'state') };
    expect(await readLastNotice(env)).toBeUndefined();
    await writeLastNotice(env, { key: 'renewal:5A17', day: '2026-12-04' });
    expect(await readLastNotice(env)).toEqual({ key: 'renewal:5A17', day: '2026-12-04' });
  });
});
