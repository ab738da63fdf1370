import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { Platform, type Service } from '../../../test/support/platform.ts';
import { type StorefrontServer, startStorefrontServer } from '../../server/static-server.ts';

const DIST = new URL('../../dist/', import.meta.url).pathname;
/** Beside the e2e platform's ports (14000–14014 by default), away from `pnpm start`'s 3000. */
const STOREFRONT_PORT = Number(process.env.FCFS_E2E_PORT_BASE ?? 14_000) + 80;
/** Debian's Chromium (`apt-get install -y chromium`): the tests never download a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface StorefrontPlatform {
  platform: Platform;
  storefront: StorefrontServer;
  browser: Browser;
  /** A fresh browser profile (its own memory, so its own session) on the storefront. */
  newPage: () => Promise<{ context: BrowserContext; page: Page }>;
  close: () => Promise<void>;
}

/**
 * The real platform (the processes `pnpm start` runs), the storefront's production build served the way
 * `pnpm start` serves it, and headless Chromium. The gateway allows the storefront's origin only.
 */
export async function startStorefrontPlatform(
  overrides: Partial<Record<Service, Record<string, string>>> = {},
): Promise<StorefrontPlatform> {
  if (!existsSync(`${DIST}index.html`))
    throw new Error('no storefront build: run `bash scripts/run.sh pnpm --filter @fcfs/storefront build`');
  const origin = `http://127.0.0.1:${STOREFRONT_PORT}`;
  const platform = await Platform.start({
    ...overrides,
    gateway: { CORS_ORIGINS: origin, ...overrides.gateway },
  });
  let storefront: StorefrontServer | undefined;
  try {
    storefront = await startStorefrontServer({
      distDir: DIST,
      graphqlUrl: platform.gatewayUrl,
      port: STOREFRONT_PORT,
      host: '127.0.0.1',
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const opened = storefront;
    return {
      platform,
      storefront: opened,
      browser,
      newPage: async () => {
        const context = await browser.newContext({
          baseURL: origin,
          timezoneId: 'UTC',
          viewport: { width: 1100, height: 760 },
        });
        return { context, page: await context.newPage() };
      },
      close: async () => {
        await browser.close();
        await opened.close();
        await platform.close();
      },
    };
  } catch (error) {
    await storefront?.close();
    await platform.close();
    throw error;
  }
}

/** Logs in through the login page, with the keyboard only. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel('Email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByText('Signed in as').waitFor();
}

/** A shelf card's live stock figure, or null when the card shows none (sold out, ended). */
export async function stockOnShelf(page: Page, productId: string): Promise<number | null> {
  const text = await page
    .locator(`.stock[data-product-id="${productId}"] .stock-count`)
    .textContent({ timeout: 100 })
    .catch(() => null);
  return text === null ? null : Number(text);
}

/** Set once; still there later only if the page never reloaded in between. */
export const markDocument = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
  });
export const isSameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
