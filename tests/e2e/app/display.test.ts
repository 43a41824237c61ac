// Usable at 200% zoom and in Windows High Contrast (issue 7, item 7), against the real stack: a
// real issuer, user01's certificate in the NSS store of a temporary HOME, the built renderer in
// Chromium and window.api on the real router. Each main screen is judged as a user would:
// nothing scrolls sideways, no text is cut off, what the user came for is reachable and whole on
// screen; in forced colours the controls keep their outlines and the keyboard focus shows.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VIEWPORT } from '../../helpers/app-browser';
import { SCREENSHOTS_DIR, seriousA11yViolations, settled, type A11yViolation, type ShotLanguage } from '../../helpers/app-checks';
import { DEMO_PASSWORD, JOURNEY_TIMEOUT_MS, LANGUAGES, startAppSession, type AppSession } from '../../helpers/app-session';

// A browser, an issuer and RSA keys on a shared 2-core machine: bounded, with room to spare.
vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS, hookTimeout: JOURNEY_TIMEOUT_MS });

/**
 * The app's 1280×800 window at 200% zoom. Chromium's page zoom (Ctrl+ in a browser, Electron's
 * setZoomFactor) lays the page out in window size ÷ zoom CSS pixels and raises devicePixelRatio by
 * the zoom: exactly a 640×400 viewport at device scale 2, which is emulated here because headless
 * Chromium has no zoom control. The same size also stands for a smaller window at a lower zoom.
 */
const ZOOM_200 = { width: VIEWPORT.width / 2, height: VIEWPORT.height / 2, deviceScaleFactor: 2 } as const;

type Mode = 'zoom200' | 'forced-colors' | 'forced-colors-dark';
const MODES: readonly Mode[] = ['zoom200', 'forced-colors', 'forced-colors-dark'];

/**
 * Puts the window in a display mode. The size is a device-metrics override on a DevTools session
 * of the test's own (`metrics`). Playwright's screenshots put back the context's 1280×800, and
 * Chromium ignores an override equal to the session's last one: so it is cleared and set again,
 * before each screen.
 */
async function showIn(page: Page, metrics: CDPSession, mode: Mode | 'normal'): Promise<void> {
  const size = mode === 'zoom200' ? ZOOM_200 : { ...VIEWPORT, deviceScaleFactor: 1 };
  await metrics.send('Emulation.clearDeviceMetricsOverride');
  await metrics.send('Emulation.setDeviceMetricsOverride', { ...size, mobile: false });
  // Windows High Contrast as Chromium implements it (forced colours); "dark" is a black-background theme.
  const forced = mode === 'forced-colors' || mode === 'forced-colors-dark';
  await page.emulateMedia({ forcedColors: forced ? 'active' : 'none', colorScheme: mode === 'forced-colors-dark' ? 'dark' : 'light' });
}

/** docs/screenshots/<name>.<language>.png of the window as emulated now (a Playwright screenshot would undo the zoom). */
async function photograph(metrics: CDPSession, name: string, language: ShotLanguage): Promise<void> {
  const { data } = await metrics.send('Page.captureScreenshot', { format: 'png' });
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await writeFile(join(SCREENSHOTS_DIR, `${name}.${language}.png`), Buffer.from(data, 'base64'));
}

interface Screen {
  readonly screen: 'status' | 'enroll' | 'certificates' | 'diagnosis' | 'help' | 'settings';
  /**
   * Test ids of what the user came to this screen for (`serial`: user01's certificate). The first
   * is a control a keyboard user tabs to.
   */
  readonly keys: (serial: string) => readonly [string, ...string[]];
  /** Waits for the state the screen is judged in. */
  readonly ready: (s: AppSession) => Promise<unknown>;
  /** Screenshots of it, by mode (a modest set: the others are asserted, not photographed). */
  readonly shots: Partial<Record<Mode, string>>;
  /** At 200% the navigation fills the top of the window: the zoomed picture starts at this element. */
  readonly zoomShotAt?: string;
}

const SCREENS: readonly Screen[] = [
  {
    screen: 'status',
    keys: () => ['status-refresh', 'status-days-left'],
    ready: (s) => expect.poll(() => s.byTestId('status-card').getAttribute('data-situation')).toBe('valid'),
    shots: {
      zoom200: 'zoom200-status-valid',
      'forced-colors': 'forced-colors-status-valid',
      'forced-colors-dark': 'forced-colors-dark-status-valid',
    },
  },
  {
    screen: 'enroll',
    keys: () => ['enroll-submit'],
    ready: (s) => s.byTestId('enroll-form').waitFor(),
    shots: { zoom200: 'zoom200-enroll-form' },
    zoomShotAt: 'enroll-steps',
  },
  {
    screen: 'certificates',
    keys: (serial) => [`certificate-remove-${serial}`, `certificate-thumbprint-${serial}`],
    ready: (s) => s.page.locator('[data-testid^="certificate-row-"]').first().waitFor(),
    shots: {},
  },
  {
    screen: 'diagnosis',
    keys: () => ['diagnosis-run', 'diagnosis-summary', 'diagnosis-export-text'],
    ready: (s) => s.byTestId('diagnosis-summary').waitFor(),
    shots: { zoom200: 'zoom200-diagnosis-results', 'forced-colors': 'forced-colors-diagnosis-results' },
    zoomShotAt: 'diagnosis-summary',
  },
  {
    screen: 'help',
    keys: () => ['help-search', 'help-entry-Q25'],
    ready: (s) => s.byTestId('help-entry-Q25').waitFor(),
    shots: {},
  },
  {
    screen: 'settings',
    keys: () => ['settings-notifications', 'settings-issuer-url'],
    ready: (s) => expect.poll(() => s.byTestId('settings-issuer-url').inputValue()).toBe(s.issuer.estUrl),
    shots: { zoom200: 'zoom200-settings' },
    zoomShotAt: 'settings-login-url',
  },
];

/** What the user sees of the layout (measured in the page by MEASURE_LAYOUT). */
interface Layout {
  readonly viewport: { width: number; height: number; pixelRatio: number };
  /** The page itself scrolls sideways. */
  readonly pageScrollsSideways: boolean;
  /** Boxes inside the page that scroll sideways. */
  readonly sidewaysScrollers: string[];
  /** Text partly cut off, by the window's edge or by a box that hides its overflow. */
  readonly clipped: string[];
}

// The page-side probes are plain JavaScript text, as in app-browser.ts: the tests are compiled
// without the DOM's types, and a function's source as the loader compiled it may not run there.

/**
 * Text is measured by its own line boxes (a Range over each text node), not by its element's box,
 * so a long word overflowing a fitting element is caught. Text wholly out of sight on purpose (a
 * skip link parked off-screen, a visually hidden label in a 1-pixel box) is not "cut off"; text
 * partly out of sight is. A read-only field (the system's addresses) must show its whole value.
 */
const MEASURE_LAYOUT = `(() => {
  const describe = (el) => {
    const id = el.getAttribute('data-testid') || el.id;
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  };
  const width = innerWidth, height = innerHeight;
  const hides = (value) => value === 'hidden' || value === 'clip';
  const sidewaysScrollers = [...document.querySelectorAll('body *')]
    .filter((el) => /^(auto|scroll)$/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
    .map(describe);
  const clipped = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue;
    const left = Math.min(...rects.map((r) => r.left)), right = Math.max(...rects.map((r) => r.right));
    const top = Math.min(...rects.map((r) => r.top)), bottom = Math.max(...rects.map((r) => r.bottom));
    const pastEdge = (left < -1 && right > 0) || (left < width && right > width + 1);
    let cutBy = null;
    for (let box = node.parentElement; box && box !== document.body && !cutBy; box = box.parentElement) {
      const style = getComputedStyle(box);
      const hidesX = hides(style.overflowX), hidesY = hides(style.overflowY);
      if (!hidesX && !hidesY) continue;
      const r = box.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) break;
      const out = (hidesX && (left < r.left - 1 || right > r.right + 1)) || (hidesY && (top < r.top - 1 || bottom > r.bottom + 1));
      const seen = right > r.left && left < r.right && bottom > r.top && top < r.bottom;
      if (out && seen) cutBy = box;
    }
    if (pastEdge || cutBy) clipped.push(describe(node.parentElement) + (cutBy ? ' cut by ' + describe(cutBy) : ' past the window edge'));
  }
  for (const input of document.querySelectorAll('input[readonly]')) {
    if (input.scrollWidth > input.clientWidth + 1) clipped.push('input[' + input.getAttribute('data-testid') + '] "' + input.value + '"');
  }
  const page = document.scrollingElement;
  return {
    viewport: { width, height, pixelRatio: devicePixelRatio },
    pageScrollsSideways: page.scrollWidth > page.clientWidth + 1,
    sidewaysScrollers,
    clipped,
  };
})()`;

/**
 * Visible controls whose edge is lost in forced colours: every side of a button, a badge, a
 * switch or radio needs a border that shows (its own, or one drawn by an ::after overlay, as
 * Fluent's Badge does); a text field needs at least its underline.
 */
const CONTROLS_WITHOUT_OUTLINE = `(() => {
  const sides = ['top', 'right', 'bottom', 'left'];
  const shownSides = (style) => sides.filter((side) => {
    const line = style.getPropertyValue('border-' + side + '-style');
    const colour = style.getPropertyValue('border-' + side + '-color');
    return parseFloat(style.getPropertyValue('border-' + side + '-width')) >= 1 && line !== 'none' && line !== 'hidden' &&
      colour !== 'transparent' && !/^rgba\\(.*,\\s*0\\)$/.test(colour);
  });
  const controls = document.querySelectorAll('.fui-Button, .fui-Badge, .fui-Input, .fui-Switch__indicator, .fui-Radio__indicator');
  return [...controls].flatMap((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden') return [];
    const overlay = getComputedStyle(el, '::after');
    const shown = new Set([...shownSides(style), ...(overlay.content !== 'none' && overlay.display !== 'none' ? shownSides(overlay) : [])]);
    const enough = el.classList.contains('fui-Input') ? shown.has('bottom') : shown.size === 4;
    const name = [...el.classList].find((c) => c.startsWith('fui-')) || el.tagName.toLowerCase();
    return enough ? [] : [name + ' "' + (el.textContent || '').trim().slice(0, 30) + '" (' + ([...shown].join(',') || 'no border') + ')'];
  });
})()`;

const FOCUSED_TEST_ID = `document.activeElement?.getAttribute('data-testid') ?? null`;

/** Presses Tab from the screen's heading until the element has the focus, as a keyboard user does. */
async function tabTo(page: Page, testId: string, maxPresses = 40): Promise<void> {
  await page.evaluate(`document.querySelector('main h1').focus({ preventScroll: true })`);
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate<string | null>(FOCUSED_TEST_ID)) === testId) return;
  }
  throw new Error(`${testId} not reached with ${maxPresses} presses of Tab`);
}

/**
 * Whether the keyboard focus can be seen on the control: the control and the few pixels around
 * it (where a focus ring is drawn) look different tabbed to than with the focus taken away. In
 * forced colours a ring drawn as a box-shadow disappears, an outline or border stays.
 */
async function focusShows(page: Page, testId: string): Promise<boolean> {
  await tabTo(page, testId);
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) return false;
  const margin = 8;
  const clip = {
    x: Math.max(0, box.x - margin),
    y: Math.max(0, box.y - margin),
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
  const look = () => page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  const focused = await look();
  await page.evaluate('document.activeElement.blur()');
  const unfocused = await look();
  return !focused.equals(unfocused);
}

/**
 * axe's serious and critical findings. In forced colours the text and background colours are the
 * user's theme's, and Chromium still reports the author's -webkit-text-fill-color (e.g. #242424
 * while white is painted on black), which axe takes as the text colour: its contrast figures then
 * describe colours that are not on the screen, so colour contrast is judged in normal colours
 * (every other journey) and by the pictures here.
 */
async function a11yViolations(page: Page, mode: Mode): Promise<A11yViolation[]> {
  const found = await seriousA11yViolations(page);
  return mode === 'zoom200' ? found : found.filter((v) => v.id !== 'color-contrast');
}

async function judgeScreen(
  s: AppSession,
  metrics: CDPSession,
  serial: string,
  screen: Screen,
  mode: Mode,
  language: ShotLanguage,
): Promise<void> {
  const where = `${screen.screen} (${mode}, ${language})`;
  await showIn(s.page, metrics, mode);
  await s.go(screen.screen);
  await screen.ready(s);
  await s.page.evaluate('document.fonts.ready.then(() => undefined)');
  await settled(s.page);

  const layout = await s.page.evaluate<Layout>(MEASURE_LAYOUT);
  const emulated = mode === 'zoom200' ? { width: 640, height: 400, pixelRatio: 2 } : { ...VIEWPORT, pixelRatio: 1 };
  expect(layout.viewport, 'the window as emulated').toEqual(emulated);
  expect.soft(layout.pageScrollsSideways, `${where}: the page scrolls sideways`).toBe(false);
  expect.soft(layout.sidewaysScrollers, `${where}: boxes that scroll sideways`).toEqual([]);
  expect.soft(layout.clipped, `${where}: text cut off`).toEqual([]);

  const keys = screen.keys(serial);
  for (const testId of keys) {
    const key = s.byTestId(testId);
    await key.scrollIntoViewIfNeeded();
    const box = await key.boundingBox();
    expect.soft(box, `${where}: ${testId} is shown`).not.toBeNull();
    if (!box) continue;
    const { width, height } = layout.viewport;
    const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
    expect.soft(inside, `${where}: ${testId} whole inside the window once scrolled to (${JSON.stringify(box)})`).toBe(true);
  }

  if (mode !== 'zoom200') {
    expect.soft(await s.page.evaluate<string[]>(CONTROLS_WITHOUT_OUTLINE), `${where}: controls without an outline`).toEqual([]);
    expect.soft(await focusShows(s.page, keys[0]), `${where}: the keyboard focus on ${keys[0]} is shown`).toBe(true);
  }

  expect.soft(await a11yViolations(s.page, mode), `axe on ${where}`).toEqual([]);
  const shot = screen.shots[mode];
  if (shot) {
    // In forced colours with the focus ring on the main control, seen from the top of the screen.
    if (mode !== 'zoom200') await tabTo(s.page, keys[0]);
    const at = mode === 'zoom200' ? screen.zoomShotAt : undefined;
    await s.page.evaluate(
      at ? `document.querySelector('[data-testid="${at}"]').scrollIntoView({ block: 'start' }); scrollBy(0, -16)` : 'scrollTo(0, 0)',
    );
    await photograph(metrics, shot, language);
  }
}

describe('200% zoom and Windows High Contrast on every main screen', () => {
  let s: AppSession;
  let serial: string;
  let metrics: CDPSession;
  beforeAll(async () => {
    s = await startAppSession({ language: 'ja' });
    const res = await s.host.router.invoke('enrollment.start', { operation: 'enroll', loginId: 'user01', password: DEMO_PASSWORD });
    if (!res.ok) throw new Error(`enrollment failed: ${JSON.stringify(res.error)}`);
    serial = (res.value as { certificate: { serialNumber: string } }).certificate.serialNumber;
    // The DevTools session is opened on the app's page: one opened before the first navigation
    // to it would lose its emulation when Chromium moves the page to the app's own process.
    await s.win.open();
    metrics = await s.page.context().newCDPSession(s.page);
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe.each(LANGUAGES)('%s', (language) => {
    beforeAll(async () => {
      const set = await s.host.router.invoke('settings.set', { language });
      if (!set.ok) throw new Error(`settings.set failed: ${JSON.stringify(set.error)}`);
      await showIn(s.page, metrics, 'normal');
      await s.win.open();
      // The results screen needs a run: once per language, at normal size.
      await s.go('diagnosis');
      await s.byTestId('diagnosis-run').click();
      await s.byTestId('diagnosis-summary').waitFor({ timeout: 60_000 });
    });

    it.each(MODES)(
      '%s: no sideways scrolling, nothing cut off, the main action reachable and whole; in forced colours outlines and focus shown',
      async (mode) => {
        try {
          for (const screen of SCREENS) await judgeScreen(s, metrics, serial, screen, mode, language);
        } finally {
          await showIn(s.page, metrics, 'normal');
        }
      },
    );
  });

  it('the page logged no error and the router refused nothing', () => {
    expect(s.win.pageErrors).toEqual([]);
    expect(s.host.problems).toEqual([]);
  });
});
