// Debian's Chromium driven by playwright-core, with its own HOME (so its own NSS store,
// ~/.pki/nssdb) and a profile that auto-selects the client certificate for the login URL:
// headless, an unanswered certificate picker would wait forever.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Headless Chromium on this closed network: no sandbox as root, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserOptions {
  /** The HOME whose ~/.pki/nssdb holds the client certificate and the trusted TLS root. */
  readonly home: string;
  /** The origin whose certificate request is answered automatically, e.g. https://127.0.0.1:8444 */
  readonly loginOrigin: string;
  /** Only a certificate whose subject CN is this is picked. */
  readonly subjectCommonName: string;
}

export async function launchBrowser(options: BrowserOptions): Promise<BrowserContext> {
  const profile = join(options.home, 'chromium-profile');
  await mkdir(join(profile, 'Default'), { recursive: true });
  const preferences = {
    profile: {
      content_settings: {
        exceptions: {
          auto_select_certificate: {
            [`${options.loginOrigin},*`]: { setting: { filters: [{ SUBJECT: { CN: options.subjectCommonName } }] } },
          },
        },
      },
    },
  };
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    env: { ...process.env, HOME: options.home },
    args: [...CHROMIUM_ARGS],
    timeout: 30_000,
  });
}

/** Opens the login page and returns what it shows: the login ID, or the error code. */
export async function visitLogin(
  context: BrowserContext,
  url: string,
): Promise<{ status: number | undefined; loginId?: string | undefined; errorCode?: string | undefined; serial?: string | undefined }> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { timeout: 15_000, waitUntil: 'domcontentloaded' });
    const text = async (selector: string) =>
      (await page.locator(selector).count()) > 0 ? (await page.locator(selector).textContent())?.trim() : undefined;
    return {
      status: response?.status(),
      loginId: await text('#login-id'),
      errorCode: await text('#error-code'),
      serial: await text('#serial'),
    };
  } finally {
    await page.close();
  }
}
