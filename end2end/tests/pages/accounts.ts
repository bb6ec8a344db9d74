import { expect, type Locator, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { fill, open, waitForHydration } from './app';
import { expectAccessible } from './axe';

export const PASSWORD = 'correct horse battery staple';

export class SetupPage {
  constructor(private readonly page: Page) {}

  async createAdmin(link: string, name: string, email: string): Promise<void> {
    await open(this.page, link);
    await expect(this.page.getByRole('heading', { name: '最初の管理者を作成' })).toBeVisible();
    await fill(this.page, { '氏名': name, 'メールアドレス': email, '新しいパスワード': PASSWORD, 'パスワード（確認）': PASSWORD });
    await this.page.getByRole('button', { name: '管理者を作成してサインイン' }).click();
    await this.page.waitForURL('**/admin');
    await waitForHydration(this.page);
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await open(this.page, '/login');
    await fill(this.page, { 'メールアドレス': email, 'パスワード': password });
    await this.page.getByRole('button', { name: 'サインイン', exact: true }).click();
  }

  error() {
    return this.page.getByRole('alert');
  }
}

export class InvitePage {
  constructor(private readonly page: Page) {}

  /** Accepts an invitation with a chosen password and waits for the start page. */
  async accept(link: string, landing: string): Promise<void> {
    await open(this.page, link);
    await expect(this.page.getByRole('heading', { name: 'Mamoru へようこそ' })).toBeVisible();
    await fill(this.page, { '新しいパスワード': PASSWORD, 'パスワード（確認）': PASSWORD });
    await this.page.getByRole('button', { name: 'パスワードを設定して始める' }).click();
    await this.page.waitForURL(`**${landing}`);
    await waitForHydration(this.page);
  }
}

/** A password-reset link, as the person who forgot their password opens it. */
export class ResetPage {
  constructor(private readonly page: Page) {}

  /** Sets `password` from `link` and waits for the start page. */
  async setPassword(link: string, password: string, landing: string): Promise<void> {
    await open(this.page, link);
    await expect(this.page.getByRole('heading', { name: 'パスワードの再設定', level: 1 })).toBeVisible();
    await expectAccessible(this.page);
    await fill(this.page, { '新しいパスワード': password, 'パスワード（確認）': password });
    await this.page.getByRole('button', { name: 'パスワードを設定してサインイン' }).click();
    await this.page.waitForURL(`**${landing}`);
    await waitForHydration(this.page);
  }
}

/** Issues a reset link from a hire's record or the staff list; answers the link shown. */
export async function issueResetLink(scope: Locator): Promise<string> {
  await scope.getByRole('button', { name: 'パスワード再設定リンクを発行' }).click();
  const link = scope.getByRole('status').getByRole('textbox', { name: 'パスワード再設定リンクを作成しました' });
  await expect(link).toHaveValue(/\/reset\//);
  return link.inputValue();
}

/** What HR records about a hire besides name and email. */
export interface HireDetails {
  kana: string;
  employeeNumber: string;
  site: string;
  startDate: string;
}

/** The admin's staff page and HR's hires page share the invitation form. */
export class InviteForm {
  constructor(private readonly page: Page, private readonly submitLabel: string) {}

  async invite(name: string, email: string, hire?: HireDetails): Promise<string> {
    await fill(this.page, { '氏名': name, 'メールアドレス': email });
    if (hire) {
      await fill(this.page, { 'フリガナ': hire.kana, '社員番号': hire.employeeNumber, '勤務地': hire.site, '入社日': hire.startDate });
    }
    await this.page.getByRole('button', { name: this.submitLabel }).click();
    const link = this.page.getByRole('status').getByRole('textbox');
    await expect(link).toHaveValue(/\/invite\//);
    // The form empties for the next person.
    await expect(this.page.getByLabel('氏名', { exact: true })).toHaveValue('');
    return link.inputValue();
  }
}

/** The code an authenticator app shows for the base32 `secret` (RFC 6238: HMAC-SHA1, 30 s
 * steps, six digits), `stepsAhead` steps from now. */
export function totp(secret: string, stepsAhead = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/\s/g, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepsAhead));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
