import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's chromium (`apt-get install chromium`), or CHROMIUM_PATH; test tools' browser downloads do not work here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Every run's screenshots (git-ignored). */
const SCREENSHOTS = path.resolve(__dirname, '..', 'e2e', '__screenshots__');
/** Set SHINSA_README_SCREENSHOTS to refresh the screenshots the README shows. */
const README_SCREENSHOTS = process.env.SHINSA_README_SCREENSHOTS ? path.resolve(__dirname, '..', '..', 'fixtures', 'screenshots') : null;

/** Headless Chromium with a fresh profile, with the flags this closed network needs. */
export async function launchBrowser(profile: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH`);
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
  });
}

/** Saves `name`.png among the run's screenshots, and into the README's when asked to. */
export async function screenshot(page: Page, name: string, options: { fullPage: boolean } = { fullPage: true }): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage });
  if (README_SCREENSHOTS) {
    mkdirSync(README_SCREENSHOTS, { recursive: true });
    copyFileSync(file, path.join(README_SCREENSHOTS, `${name}.png`));
  }
}

/** Opens the review UI in the browser, is sent to its login form, signs in there and waits for the queue. */
export async function signInToReview(context: BrowserContext, baseUrl: string, login: string, password: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${baseUrl}/review`);
  expect(new URL(page.url()).pathname).toBe('/review/login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${baseUrl}/review`), page.click('form.login button[type=submit]')]);
  return page;
}

/** Browsers a test file signs reviewers in with, each on a fresh profile; `close()` ends them all. */
export class ReviewBrowsers {
  private readonly profiles: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly baseUrl: () => string,
    private readonly password: string,
  ) {}

  async signIn(login: string): Promise<Page> {
    const profile = mkdtempSync(path.join(tmpdir(), 'shinsa-chromium-'));
    this.profiles.push(profile);
    const context = await launchBrowser(profile);
    this.contexts.push(context);
    return signInToReview(context, this.baseUrl(), login, this.password);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    for (const profile of this.profiles) rmSync(profile, { recursive: true, force: true });
  }
}
