// Two promises to every user: the whole enrollment works with the keyboard alone (Tab, typing,
// Enter; no mouse), and the language can be switched in Settings, for every screen at once and
// for the next start too.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, startAppSession, type AppSession, JOURNEY_TIMEOUT_MS } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Presses Tab until the element with this test id has the focus (a user tabbing through the window). */
async function tabTo(page: Page, testId: string, maxPresses = 40): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement?.getAttribute('data-testid') ?? null,
    );
    if (focused === testId) return;
  }
  throw new Error(`${testId} not reached with ${maxPresses} presses of Tab`);
}

describe('the whole enrollment with the keyboard alone', () => {
  let s: AppSession;
  beforeAll(async () => {
    s = await startAppSession({ language: 'ja' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('Tab to the primary action, Enter, type the login ID, Tab, the password, Enter: verified, and the result has the focus', async () => {
    await s.go('status');
    await expect.poll(() => s.byTestId('status-card').getAttribute('data-situation')).toBe('no-certificate');
    await tabTo(s.page, 'status-primary-action');
    await s.page.keyboard.press('Enter');
    await s.byTestId('enroll-form').waitFor();

    await tabTo(s.page, 'enroll-login-id');
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type('user01');
    await tabTo(s.page, 'enroll-password', 3);
    await s.page.keyboard.type(DEMO_PASSWORD);
    await s.page.keyboard.press('Enter');

    await s.byTestId('enroll-verified').waitFor({ timeout: 30_000 });
    const focusInsideOutcome = await s.page.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { activeElement: { contains(n: unknown): boolean } | null; querySelector(s: string): unknown };
        }
      ).document;
      const verified = doc.querySelector('[data-testid="enroll-verified"]');
      return doc.activeElement?.contains(verified) ?? false;
    });
    expect(focusInsideOutcome, 'the outcome takes the focus, so a screen reader announces it').toBe(true);
  });
});

describe('the language switch', () => {
  let s: AppSession;
  beforeAll(async () => {
    // Nothing chosen yet: the app starts in Japanese by itself.
    s = await startAppSession({ language: 'ja', presetLanguage: false });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('Japanese by default; English in Settings changes every screen and stays after a restart', async () => {
    await s.go('status');
    await s.byTestId('status-card').waitFor();
    expect(await s.page.getAttribute('html', 'lang')).toBe('ja');
    expect(await s.byTestId('nav-status').textContent()).toMatch(JAPANESE);

    await s.go('settings');
    await s.byTestId('settings-language-en').click();
    await expect.poll(() => s.page.getAttribute('html', 'lang')).toBe('en');
    expect(await s.byTestId('nav-status').textContent()).not.toMatch(JAPANESE);

    await s.go('status');
    await s.byTestId('status-card').waitFor();
    expect(await s.byTestId('status-headline').textContent()).not.toMatch(JAPANESE);

    await s.page.reload();
    await s.byTestId('status-card').waitFor();
    // English from the first paint (its texts are loaded apart): no Japanese card while they arrive.
    expect(await s.byTestId('status-headline').textContent()).not.toMatch(JAPANESE);
    await expect.poll(() => s.page.getAttribute('html', 'lang')).toBe('en');

    await s.go('settings');
    await s.byTestId('settings-language-ja').click();
    await expect.poll(() => s.page.getAttribute('html', 'lang')).toBe('ja');
    expect(await s.byTestId('nav-settings').textContent()).toMatch(JAPANESE);
  });
});
