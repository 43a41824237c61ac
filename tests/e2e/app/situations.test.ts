// The Status card in the situations no wizard run leaves behind by itself, each built for real
// against one issuer and one user profile: a certificate obtained 390 days ago (expired), one
// whose validity starts three days after this PC's clock (not yet valid), one whose private key
// was deleted from the store (damaged: no key), and two users' certificates on one PC (several
// usable). For each, what a clerk checks: the badge, the login ID, the dates, who must act, the
// one next action and the FAQ entries, in Japanese and English, with axe and a screenshot each.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Enrolled } from '../../helpers/est-client';
import { LANGUAGES, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';
import {
  cardDate,
  deleteKeyByHand,
  emptyProfile,
  enrolledThroughApp,
  installInStore,
  masterAddsUser,
  movableClock,
  obtainedAt,
  readStatusCard,
  statusIn,
} from '../../helpers/app-situations';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

const DAY_MS = 86_400_000;
const ja = (language: string) => language === 'ja';

// The issuer starts 390 days ago (its CAs date from then), so the certificate it issues at once
// is one obtained 390 days ago: 366 days of validity, expired 24 days ago. Then its clock runs in
// real time, except for the one request of the not-yet-valid situation.
const clock = movableClock(-390);
let s: AppSession;
let obtainedLongAgo: Enrolled;

beforeAll(async () => {
  s = await startAppSession({ language: 'ja', issuer: { clock } });
  obtainedLongAgo = await obtainedAt(s.issuer, clock, 'user01', -390);
  // user01 and user02 come with the demo contract; the master registers the others.
  for (const loginId of ['user03', 'user04', 'user05']) await masterAddsUser(s.issuer, loginId);
});
afterAll(async () => {
  await s?.stop();
});

describe('Status in the situations a wizard run does not produce', () => {
  it('expired: the date it expired and how long ago, the user obtains a new one (Q9, Q10)', async () => {
    await emptyProfile(s.home);
    await installInStore(s.home, s.issuer, obtainedLongAgo);
    const { notAfter } = obtainedLongAgo.certificate;
    const daysAgo = Math.floor((Date.now() - notAfter.getTime()) / DAY_MS);
    expect(daysAgo).toBe(24);
    for (const language of LANGUAGES) {
      await statusIn(s, language);
      const card = await readStatusCard(s);
      expect(card.situation).toBe('expired');
      expect(card.badge).toMatch(ja(language) ? /有効期限切れ/ : /Expired/);
      expect(card.loginId).toBe('user01');
      expect(card.validTo).toContain(cardDate(notAfter, language));
      // Whole days since it expired: 24 days and a few seconds is "24 days ago".
      expect(card.daysLeft).toBe(ja(language) ? '24 日前に期限切れ' : 'Expired 24 days ago');
      expect(card.actor).toBe(ja(language) ? 'ご本人' : 'You');
      expect(card.primaryAction).toBe(ja(language) ? '電子証明書を取得する' : 'Get a certificate');
      expect(card.faq).toEqual(['Q9', 'Q10']);
      await s.check('status-expired', { language });
    }
    // The one next action opens the wizard on "obtain" for user01: a new certificate, not a renewal.
    await s.byTestId('status-primary-action').click();
    await s.byTestId('enroll-form').waitFor();
    expect(await s.byTestId('enroll-operation-enroll').isChecked()).toBe(true);
    expect(await s.byTestId('enroll-login-id').inputValue()).toBe('user01');
  });

  it('not yet valid: the PC clock is behind the issuer, the valid-from date is named and the user (or IT) sets the clock (Q9, Q21)', async () => {
    await emptyProfile(s.home);
    const early = await obtainedAt(s.issuer, clock, 'user02', 3);
    await installInStore(s.home, s.issuer, early);
    const { notBefore } = early.certificate;
    for (const language of LANGUAGES) {
      await statusIn(s, language);
      const card = await readStatusCard(s);
      expect(card.situation).toBe('not-yet-valid');
      expect(card.badge).toMatch(ja(language) ? /有効期間前/ : /Not yet valid/);
      expect(card.loginId).toBe('user02');
      expect(card.validFrom).toContain(cardDate(notBefore, language));
      expect(card.explanation).toContain(cardDate(notBefore, language));
      // Days "left" counted on a clock known to be wrong, of a certificate that cannot log in yet: none shown.
      expect(card.daysLeft).toBeNull();
      expect(card.actor).toBe(ja(language) ? 'ご本人' : 'You');
      expect(card.primaryAction).toBe(ja(language) ? '自己診断を実行する' : 'Run the self-diagnosis');
      // If the clerk cannot set the clock, the request for IT is ready to copy.
      expect(await s.byTestId('status-contact-text').textContent()).toMatch(ja(language) ? /日付・時刻/ : /date/i);
      expect(card.faq).toEqual(['Q9', 'Q21(1)']);
      await s.check('status-not-yet-valid', { language });
    }
  });

  it('no key: the certificate is damaged, the master user must revoke it (the bank for a master), then it is obtained again (Q21(3), Q22(3), Q13)', async () => {
    await emptyProfile(s.home);
    await enrolledThroughApp(s, 'user03');
    await deleteKeyByHand(s.home, 'user03');
    for (const language of LANGUAGES) {
      await statusIn(s, language);
      const card = await readStatusCard(s);
      expect(card.situation).toBe('no-key');
      expect(card.badge).toMatch(ja(language) ? /破損/ : /Damaged/);
      expect(card.loginId).toBe('user03');
      expect(card.validTo).not.toBeNull();
      // It cannot log in: no "365 days left" to suggest otherwise.
      expect(card.daysLeft).toBeNull();
      expect(card.actor).toMatch(ja(language) ? /^マスターユーザー.*労金/ : /^Master user.*Bank/);
      // The first step is the request to the master user, ready to copy and naming the login ID.
      expect(card.primaryAction).toBe(ja(language) ? '依頼内容をコピー' : 'Copy the request');
      expect(await s.byTestId('status-contact-text').textContent()).toContain('user03');
      expect(card.otherActions).toEqual([ja(language) ? '電子証明書を再取得する' : 'Get the certificate again']);
      expect(card.faq).toEqual(['Q21(3)', 'Q22(3)', 'Q13']);
      await s.check('status-no-key', { language });
    }
  });

  it("several usable: two users' certificates on one PC, the browser may offer the wrong one (Q17, Q6)", async () => {
    await emptyProfile(s.home);
    await enrolledThroughApp(s, 'user04');
    await enrolledThroughApp(s, 'user05');
    for (const language of LANGUAGES) {
      await statusIn(s, language);
      const card = await readStatusCard(s);
      expect(card.situation).toBe('several-usable');
      expect(card.badge).toMatch(ja(language) ? /複数/ : /Several/);
      // Whose situation it is cannot be told from the store: the card names both users, the clerk knows which is theirs.
      expect(card.loginId).toBe(ja(language) ? 'user04、user05' : 'user04 and user05');
      // Q6: one PC, one user's one certificate.
      expect(card.explanation).toMatch(ja(language) ? /1 台の PC で使えるのは、1 ユーザーの 1 枚だけ/ : /one certificate of one user/);
      expect(card.actor).toBe(ja(language) ? 'ご本人' : 'You');
      // The next step is the list, where each certificate says whose it is and can be removed.
      expect(card.primaryAction).toBe(ja(language) ? '証明書一覧で、ご自分の電子証明書を選ぶ' : 'Choose your certificate in the list');
      expect(card.otherActions).toEqual([ja(language) ? 'FAQ Q17 を読む' : 'Read FAQ Q17']);
      expect(card.faq).toEqual(['Q17', 'Q6']);
      await s.check('status-several-usable', { language });
      await s.byTestId('status-primary-action').click();
      const rows = s.page.locator('[data-testid^="certificate-row-"]');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
      expect(await s.page.locator('[data-testid^="certificate-remove-"]').count()).toBe(2);
      expect(await s.page.locator('main').textContent()).toMatch(/user04[\s\S]*user05|user05[\s\S]*user04/);
    }
  });
});
