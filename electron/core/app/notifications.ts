// P5: the app tells the user before the certificate lapses — from the day the renewal window opens
// (30 days before expiry) and once it has expired — with an OS notification whose click opens the
// wizard. Which notice is due is a pure function of the situation, the Settings switch, the last
// notice shown and the clock; it is shown at most once a local day (remembered across restarts in
// the state directory), so a clerk who opens the app three times on a day is told once.
import i18next, { type TFunction } from 'i18next';
import type { Language } from '../../contract/channels';
import { i18nOptions } from '../../contract/locales';
import type { AutoRenewReportView, NeedsUserReason } from '../../contract/renewal';
import type { Situation } from '../../contract/situation';
import enNotifications from '../../../resources/locales/en/notifications.json' with { type: 'json' };
import jaNotifications from '../../../resources/locales/ja/notifications.json' with { type: 'json' };
import { readJson, stateDir, writeJsonAtomic } from './state-files';
import { join } from 'node:path';

/**
 * `renewal`: inside the window; `last-day`: less than a day left; `expired`: past notAfter;
 * `renewed`: renewed without the password just now; `needs-you`: due, but the automatic renewal
 * needs the user (the reason says why and who acts).
 */
export type NoticeKind = 'renewal' | 'last-day' | 'expired' | 'renewed' | 'needs-you';

export interface Notice {
  readonly kind: NoticeKind;
  readonly loginId: string | null;
  readonly serialNumber: string;
  /** Whole days until notAfter (negative once expired), as the situation counts them. */
  readonly daysLeft: number;
  readonly notAfter: Date;
  /** What a click opens: the wizard, renewing (inside the window) or obtaining a new one (expired); nothing after a renewal. */
  readonly open: { readonly operation: 'enroll' | 'renew'; readonly loginId?: string } | null;
  /** `needs-you`: why the automatic renewal could not proceed. */
  readonly reason?: NeedsUserReason;
}

/** The last notice shown: which one, on which local day. */
export interface LastNotice {
  readonly key: string;
  readonly day: string;
}

export interface DueNoticeInput {
  readonly situation: Situation;
  /** The Settings switch (P5 notifications). */
  readonly enabled: boolean;
  readonly now: Date;
  readonly last?: LastNotice | undefined;
}

/** The notice to show now, or undefined (nothing due, switched off, or already shown today). */
export function dueNotice(input: DueNoticeInput): Notice | undefined {
  if (!input.enabled) return undefined;
  const notice = noticeFor(input.situation);
  if (!notice) return undefined;
  const shownToday = input.last?.key === noticeKey(notice) && input.last.day === localDay(input.now);
  return shownToday ? undefined : notice;
}

function noticeFor(situation: Situation): Notice | undefined {
  const { certificate } = situation;
  if (!certificate) return undefined;
  const loginId = situation.loginId ?? certificate.loginId;
  const base = {
    loginId,
    serialNumber: certificate.serialNumber,
    daysLeft: certificate.daysLeft,
    notAfter: new Date(certificate.notAfter),
  };
  const forId = loginId === null ? {} : { loginId };
  // Only the certificate the situation is about, and only in the two states P5 names: a revoked
  // or key-less certificate is a different problem, explained on the Status screen.
  if (certificate.state === 'expiring') {
    return { ...base, kind: certificate.daysLeft < 1 ? 'last-day' : 'renewal', open: { operation: 'renew', ...forId } };
  }
  if (certificate.state === 'expired' && situation.kind === 'expired') {
    return { ...base, kind: 'expired', open: { operation: 'enroll', ...forId } };
  }
  return undefined;
}

/**
 * What the automatic renewal's report tells the user: a renewal done ("valid until …"), else a
 * renewal that needs them (with the reason; a click opens the wizard on the password path).
 */
export function renewalNotice(report: AutoRenewReportView): Notice | undefined {
  const renewed = report.items.find((i) => i.kind === 'renewed');
  if (renewed) {
    const { certificate } = renewed;
    const at = { serialNumber: certificate.serialNumber, daysLeft: certificate.daysLeft, notAfter: new Date(certificate.notAfter) };
    return { kind: 'renewed', loginId: renewed.loginId, ...at, open: null };
  }
  const stuck = report.items.find((i) => i.kind === 'needs-user');
  if (!stuck) return undefined;
  const notAfter = new Date(stuck.notAfter);
  const daysLeft = Math.floor((notAfter.getTime() - new Date(report.checkedAt).getTime()) / 86_400_000);
  // A revoked or key-less certificate is not renewed with a password either: the Status screen says who acts.
  const wizard = stuck.reason === 'revoked' || stuck.reason === 'no-key' ? null : stuck.reason === 'expired' ? 'enroll' : 'renew';
  return {
    kind: 'needs-you',
    loginId: stuck.loginId,
    serialNumber: stuck.serialNumber,
    daysLeft,
    notAfter,
    reason: stuck.reason,
    open: wizard ? { operation: wizard, loginId: stuck.loginId } : null,
  };
}

/** One notice per certificate and kind: the last-day notice after a renewal notice is news. */
export function noticeKey(notice: Notice): string {
  return `${notice.kind}:${notice.serialNumber}`;
}

/** The local calendar day, `YYYY-MM-DD` (a clerk's "today", not UTC's). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// ---------------------------------------------------------------------------------------------
// Texts: the shared i18n options with the notifications' own namespace.

export interface NoticeText {
  readonly title: string;
  readonly body: string;
}

const NOTIFICATIONS = { ja: jaNotifications, en: enNotifications } as const;
const translators = new Map<Language, Promise<TFunction>>();

function translator(language: Language): Promise<TFunction> {
  let t = translators.get(language);
  if (!t) {
    const instance = i18next.createInstance();
    const options = i18nOptions(language, 'app');
    const resources = {
      ja: { ...options.resources.ja, notifications: NOTIFICATIONS.ja },
      en: { ...options.resources.en, notifications: NOTIFICATIONS.en },
    };
    t = instance
      .init({
        ...options,
        ns: [...options.ns, 'notifications'],
        defaultNS: 'notifications',
        resources,
        interpolation: { escapeValue: false },
      })
      .then(() => instance.t);
    translators.set(language, t);
  }
  return t;
}

const TEXT_KEYS: Readonly<Record<NoticeKind, string>> = {
  renewal: 'renewal',
  'last-day': 'lastDay',
  expired: 'expired',
  renewed: 'renewed',
  'needs-you': 'needsYou',
};

export async function noticeText(notice: Notice, language: Language, timeZone?: string): Promise<NoticeText> {
  const t = await translator(language);
  const date = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(notice.notAfter);
  const owner = notice.loginId === null ? t('owner.thisPc') : t('owner.loginId', { loginId: notice.loginId });
  const key = TEXT_KEYS[notice.kind];
  const body = notice.reason ? `${key}.body.${notice.reason}` : `${key}.body`;
  return { title: t(`${key}.title`), body: t(body, { owner, date, count: notice.daysLeft }) };
}

// ---------------------------------------------------------------------------------------------
// The notifier: what the main process runs at start and every hour; it looks again once a day.

export interface NotifierPorts {
  /** The Settings: the switches and the language of the texts. */
  settings(): Promise<{ readonly notifications: boolean; readonly autoRenew: boolean; readonly language: Language }>;
  /** Renews without the password what is inside its window (auto-renew.ts); rejected → tried at the next tick. */
  renew?(): Promise<AutoRenewReportView>;
  situation(): Promise<Situation>;
  readLast(): Promise<LastNotice | undefined>;
  writeLast(last: LastNotice): Promise<void>;
  /** Shows the OS notification; its click opens the wizard for `notice.open`. */
  show(text: NoticeText, notice: Notice): void;
  now(): Date;
}

export interface Notifier {
  /** Looks at the situation if it has not yet today; shows what is due. Never throws. */
  tick(): Promise<Notice | undefined>;
}

export function createNotifier(ports: NotifierPorts): Notifier {
  let checkedDay: string | undefined;
  let running: Promise<Notice | undefined> | undefined;

  async function check(): Promise<Notice | undefined> {
    const now = ports.now();
    const today = localDay(now);
    if (checkedDay === today) return undefined;
    const settings = await ports.settings();
    // Renewed first, so the notice below is about the certificate the user has now. A renewal
    // that could not be tried to the end (network) is tried again at the next tick.
    const report = settings.autoRenew && ports.renew ? await ports.renew() : undefined;
    const renewal = report ? renewalNotice(report) : undefined;
    if (report && !settings.notifications) checkedDay = today;
    // Switched off: look again at the next tick, so switching it on takes effect the same day.
    if (!settings.notifications) return undefined;
    const last = await ports.readLast();
    const notice = renewal ?? dueNotice({ situation: await ports.situation(), enabled: true, now, last });
    checkedDay = today;
    if (renewal && last?.key === noticeKey(renewal) && last.day === today) return undefined;
    if (!notice) return undefined;
    ports.show(await noticeText(notice, settings.language), notice);
    await ports.writeLast({ key: noticeKey(notice), day: today });
    return notice;
  }

  return {
    tick() {
      // A slow check (the issuer's CRL) is never doubled by the next tick.
      running ??= check()
        .catch(() => undefined)
        .finally(() => (running = undefined));
      return running;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The last notice, beside the other per-user state (not a secret; read leniently).

export function notificationsPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'notifications.json');
}

export async function readLastNotice(env: NodeJS.ProcessEnv): Promise<LastNotice | undefined> {
  const raw = (await readJson(notificationsPath(env))) as { lastNotice?: Record<string, unknown> } | undefined;
  const { key, day } = raw?.lastNotice ?? {};
  return typeof key === 'string' && typeof day === 'string' ? { key, day } : undefined;
}

export async function writeLastNotice(env: NodeJS.ProcessEnv, last: LastNotice): Promise<void> {
  await writeJsonAtomic(notificationsPath(env), { lastNotice: last });
}
