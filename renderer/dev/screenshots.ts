// Looks at the production build in Chromium over the fake host: every screen and state in
// Japanese and English, at 200% zoom and in forced colours, with axe-core's serious/critical
// findings printed. A developer's check, not a test (the e2e suite drives the real core).
//   npm run build:renderer && npx tsx renderer/dev/screenshots.ts [outDir]
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EVENTS, type EventName } from '../../electron/contract/channels';
import { createFakeApi, type FakeOptions } from './fake-api';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'renderer');
const OUT = process.argv[2] ?? '/tmp/h3-shots';
const ORIGIN = 'https://app.test';
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

interface Shot {
  readonly name: string;
  readonly fake: FakeOptions | 'no-host';
  readonly hash?: string;
  readonly viewport?: { width: number; height: number; zoom?: number };
  readonly forcedColors?: boolean;
  /** Drives the page into the state to photograph. */
  readonly act?: (page: Page, language: 'ja' | 'en') => Promise<void>;
}

async function enroll(page: Page, password: string): Promise<void> {
  await page.getByTestId('enroll-login-id').fill('user01');
  await page.getByTestId('enroll-password').fill(password);
  await page.getByTestId('enroll-submit').click();
}

/** Tabs from the top of the page to the element with this test id; fails if it is not reachable. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate('document.activeElement?.dataset?.testid')) === testId) return;
  }
  throw new Error(`${testId} is not reachable with Tab`);
}

const SHOTS: readonly Shot[] = [
  { name: 'status-valid', fake: { scenario: 'valid' } },
  { name: 'status-renewal', fake: { scenario: 'renewal' } },
  { name: 'status-none', fake: { scenario: 'none' } },
  { name: 'status-expired', fake: { scenario: 'expired' } },
  { name: 'status-lost', fake: { scenario: 'lost' } },
  { name: 'status-revoked', fake: { scenario: 'revoked' } },
  { name: 'status-no-key', fake: { scenario: 'no-key' } },
  { name: 'status-several', fake: { scenario: 'several' } },
  { name: 'status-other-user', fake: { scenario: 'other-user' } },
  { name: 'status-not-yet-valid', fake: { scenario: 'not-yet-valid' } },
  { name: 'status-undetermined', fake: { scenario: 'undetermined' } },
  { name: 'enroll-form', fake: { scenario: 'none' }, hash: '#/enroll' },
  {
    name: 'enroll-running',
    fake: { scenario: 'none', stepMs: 3000 },
    hash: '#/enroll',
    act: async (page) => {
      await enroll(page, 'demo-password');
      await page.getByTestId('enroll-step-key').and(page.locator('[data-status="active"]')).waitFor();
    },
  },
  {
    name: 'enroll-verified',
    fake: { scenario: 'none', stepMs: 20 },
    hash: '#/enroll',
    act: async (page) => {
      await enroll(page, 'demo-password');
      await page.getByTestId('enroll-verified').waitFor();
    },
  },
  {
    name: 'enroll-failed',
    fake: { scenario: 'none', stepMs: 20, enrollError: { code: 'CJS-E-AUTH', actor: 'user', faq: ['Q10'], params: {} } },
    hash: '#/enroll',
    act: async (page) => {
      await enroll(page, 'wrong');
      await page.getByTestId('error-panel').waitFor();
    },
  },
  {
    name: 'enroll-locked',
    fake: { scenario: 'none', stepMs: 20, enrollError: { code: 'CJS-E-LOCKED', actor: 'master', faq: ['Q13'], params: {} } },
    hash: '#/enroll',
    act: async (page) => {
      await enroll(page, 'wrong');
      await page.getByTestId('error-panel').waitFor();
    },
  },
  {
    // The whole enrollment with the keyboard alone: Tab to the fields, type, Enter.
    name: 'enroll-keyboard',
    fake: { scenario: 'none', stepMs: 20 },
    act: async (page) => {
      await tabTo(page, 'nav-enroll');
      await page.keyboard.press('Enter');
      await tabTo(page, 'enroll-login-id');
      await page.keyboard.type('user01');
      await page.keyboard.press('Tab');
      await page.keyboard.type('demo-password');
      await page.keyboard.press('Enter');
      await page.getByTestId('enroll-verified').waitFor();
      if ((await page.evaluate('document.activeElement === document.body')) === true) throw new Error('focus lost after enrollment');
    },
  },
  { name: 'certificates', fake: { scenario: 'several' }, hash: '#/certificates' },
  {
    name: 'certificates-remove',
    fake: { scenario: 'valid' },
    hash: '#/certificates',
    act: async (page) => {
      await page.getByTestId('certificate-remove-5A1F03').click();
      await page.getByTestId('certificate-remove-dialog').waitFor();
    },
  },
  {
    name: 'diagnosis-running',
    fake: { scenario: 'valid', stepMs: 900 },
    hash: '#/diagnosis',
    act: async (page) => {
      await page.getByTestId('diagnosis-run').click();
      await page.getByTestId('diagnosis-live-clock').waitFor();
    },
  },
  {
    name: 'diagnosis-done',
    fake: { scenario: 'valid', stepMs: 30 },
    hash: '#/diagnosis',
    act: async (page) => {
      await page.getByTestId('diagnosis-run').click();
      await page.getByTestId('diagnosis-summary').waitFor();
    },
  },
  { name: 'help', fake: { scenario: 'valid' }, hash: '#/help/Q17' },
  {
    name: 'help-search',
    fake: { scenario: 'valid' },
    hash: '#/help',
    act: async (page, language) => {
      await page.getByTestId('help-search').fill(language === 'ja' ? '有効期限' : 'expiry');
    },
  },
  { name: 'settings', fake: { scenario: 'valid' }, hash: '#/settings' },
  { name: 'error-no-host', fake: 'no-host' },
  { name: 'error-junk', fake: { scenario: 'valid', broken: 'junk' } },
  { name: 'error-reject', fake: { scenario: 'valid', broken: 'reject' } },
  { name: 'zoom200-status', fake: { scenario: 'renewal' }, viewport: { width: 1280, height: 800, zoom: 2 } },
  { name: 'zoom200-enroll', fake: { scenario: 'none' }, hash: '#/enroll', viewport: { width: 1280, height: 800, zoom: 2 } },
  { name: 'forced-colors-status', fake: { scenario: 'lost' }, forcedColors: true },
  {
    name: 'forced-colors-diagnosis',
    fake: { scenario: 'valid', stepMs: 30 },
    hash: '#/diagnosis',
    forcedColors: true,
    act: async (page) => {
      await page.getByTestId('diagnosis-run').click();
      await page.getByTestId('diagnosis-summary').waitFor();
    },
  },
];

async function consoleSignIn(page: Page, loginId = 'master01'): Promise<void> {
  await page.getByTestId('console-login-id').fill(loginId);
  await page.getByTestId('console-password').fill('demo-password');
  await page.getByTestId('console-sign-in-submit').click();
}

const CONSOLE_SHOTS: readonly Shot[] = [
  { name: 'console-sign-in', fake: { scenario: 'valid' }, hash: '#/console' },
  {
    name: 'console-forbidden',
    fake: { scenario: 'valid' },
    hash: '#/console',
    act: async (page) => {
      await consoleSignIn(page, 'user01');
      await page.getByTestId('console-forbidden').waitFor();
    },
  },
  {
    name: 'console-list',
    fake: { scenario: 'valid' },
    hash: '#/console',
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-users').waitFor();
    },
  },
  {
    name: 'console-delete',
    fake: { scenario: 'valid' },
    hash: '#/console',
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-delete-user02').click();
      await page.getByTestId('console-dialog').waitFor();
    },
  },
  {
    name: 'console-reregister-done',
    fake: { scenario: 'valid' },
    hash: '#/console/reregister/user02',
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-new-password').fill('new-initial-pw');
      await page.getByTestId('console-new-password-again').fill('new-initial-pw');
      await page.getByTestId('console-dialog-confirm').click();
      await page.getByTestId('console-hand-over').waitFor();
    },
  },
  {
    name: 'console-add',
    fake: { scenario: 'valid' },
    hash: '#/console',
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-add').click();
      await page.getByTestId('console-new-login-id').fill('x');
      await page.getByTestId('console-new-password').fill('short');
      await page.getByTestId('console-dialog-confirm').click();
    },
  },
  {
    name: 'console-bank-only',
    fake: { scenario: 'valid' },
    hash: '#/console/reset-password/master01',
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-new-password').fill('new-initial-pw');
      await page.getByTestId('console-new-password-again').fill('new-initial-pw');
      await page.getByTestId('console-dialog-confirm').click();
      await page.getByTestId('error-panel').waitFor();
    },
  },
  {
    name: 'zoom200-console',
    fake: { scenario: 'valid' },
    hash: '#/console',
    viewport: { width: 1280, height: 800, zoom: 2 },
    act: async (page) => {
      await consoleSignIn(page);
      await page.getByTestId('console-users').waitFor();
    },
  },
];

async function serveBuild(page: Page): Promise<void> {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    // axe-core from the same origin: the app's CSP allows 'self' scripts only.
    if (path === '/__dev/axe.js') return route.fulfill({ body: await readFile(AXE), contentType: 'text/javascript' });
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({ body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
}

/** window.api over a binding to the fake in this process; events are pushed into the page. */
async function installFake(page: Page, options: FakeOptions): Promise<void> {
  const fake = createFakeApi(options);
  for (const event of Object.keys(EVENTS) as EventName[]) {
    const push = (payload: unknown): void =>
      void page.evaluate(`window.__emit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`).catch(() => undefined);
    fake.on(event, push);
  }
  await page.exposeBinding('__invoke', (_source, channel: string, input: unknown) => fake.invoke(channel, input));
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.addInitScript(`(() => {
    const listeners = new Map();
    window.__emit = (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload));
    window.api = {
      invoke: (channel, input) => window.__invoke(channel, input),
      on: (event, listener) => {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    };
  })();`);
}

async function axeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ url: `${ORIGIN}/__dev/axe.js` });
  // Tabster's focus sentinels (data-tabster-dummy) are focusable and aria-hidden on purpose: a
  // known false positive of aria-hidden-focus (microsoft/tabster#288), excluded as Accessibility Insights does.
  const violations = await page.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(
    "axe.run({ exclude: [['[data-tabster-dummy]']] }).then((r) => r.violations)",
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function take(browser: Browser, shot: Shot, language: 'ja' | 'en'): Promise<void> {
  const zoom = shot.viewport?.zoom ?? 1;
  const size = shot.viewport ?? { width: 1280, height: 860 };
  // 200% zoom: the same window, half the CSS pixels, twice the device pixels.
  const context = await browser.newContext({
    viewport: { width: Math.round(size.width / zoom), height: Math.round(size.height / zoom) },
    deviceScaleFactor: zoom,
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
    forcedColors: shot.forcedColors ? 'active' : 'none',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`  page error in ${shot.name}: ${error.message}`));
  await serveBuild(page);
  if (shot.fake !== 'no-host') await installFake(page, { ...shot.fake, language });
  await page.goto(`${ORIGIN}/${shot.hash ?? '#/status'}`);
  await page.locator('h1').first().waitFor();
  await page.waitForTimeout(400);
  await shot.act?.(page, language);
  await page.waitForTimeout(300);
  const file = join(OUT, `${shot.name}.${language}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const findings = await axeFindings(page);
  console.log(`${file}${findings.length ? `\n  axe: ${findings.join('\n  axe: ')}` : ''}`);
  await context.close();
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const only = process.env.SHOTS?.split(',');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    for (const shot of [...SHOTS, ...CONSOLE_SHOTS].filter((s) => !only || only.includes(s.name))) {
      for (const language of ['ja', 'en'] as const) await take(browser, shot, language);
    }
  } finally {
    await browser.close();
  }
}

await main();
