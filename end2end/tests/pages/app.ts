import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { STATE_FILE } from '../../global-setup';
import { expectAccessible } from './axe';

/** The one-time setup link the server printed at start-up. */
export function setupLink(): string {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')).setupLink;
}

/** Where the server under test listens. */
export function serverURL(): string {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')).baseURL;
}

/** Opens a page and waits until the WebAssembly front end has taken over. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

/** Waits until the page is interactive, then checks its accessibility (once per kind of page). */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expectAccessible(page);
}

/** Fails if the page is wider than the screen (sideways scrolling on a phone). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The header every page shares: navigation, language switch, sign-out. */
export class Header {
  readonly languageSwitch: Locator;
  readonly signOut: Locator;
  readonly nav: Locator;

  constructor(private readonly page: Page) {
    this.languageSwitch = page.getByRole('button', { name: /表示言語を英語に切り替える|Switch the language to Japanese/ });
    this.signOut = page.getByRole('button', { name: /サインアウト|Sign out/ });
    this.nav = page.getByRole('navigation', { name: /メインメニュー|Main menu/ });
  }

  async switchLanguage(): Promise<void> {
    await this.languageSwitch.click();
  }

  async signOutAndWait(): Promise<void> {
    await this.signOut.click();
    await this.page.waitForURL('**/login');
    await waitForHydration(this.page);
  }
}

/** Fills the labelled fields of a form, by their visible Japanese labels. */
export async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}
