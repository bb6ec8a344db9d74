import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD } from './pages/accounts';
import { answerKey, LABELS, MODULES, moduleTitle } from './pages/course';

// The hire's whole journey with JavaScript switched off (this project's browser runs no
// script, so no WebAssembly either): every step is a plain HTML form that posts to the
// server and a page the server renders. HR's invitation is made through the same server
// function the HR page posts to.
const labels = LABELS.ja;

async function invite(api: APIRequestContext, name: string, email: string): Promise<string> {
  const signedIn = await api.post('/api/auth/sign_in', { form: { email: 'hr@example.jp', password: PASSWORD } });
  expect(signedIn.status()).toBe(200);
  const invited = await api.post('/api/hires/invite', {
    form: { name, kana: 'シンジン サブロウ', email, employee_number: 'E-0300', site: '本社', start_date: '2026-12-01' },
  });
  expect(invited.status()).toBe(200);
  return (await invited.json()).link;
}

async function readModule(page: Page, module: string): Promise<void> {
  const title = moduleTitle(module).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('link', { name: new RegExp(`: ${title}$`) }).click();
  for (;;) {
    const toQuiz = page.getByRole('button', { name: labels.toQuiz });
    const next = page.getByRole('button', { name: labels.next });
    await expect(toQuiz.or(next)).toBeVisible();
    if (await toQuiz.isVisible()) {
      await toQuiz.click();
      await page.waitForURL(`**/quiz/${module}`);
      return;
    }
    const url = page.url();
    await next.click();
    await page.waitForURL((now) => now.href !== url);
  }
}

async function passQuiz(page: Page, module: string): Promise<void> {
  await page.getByRole('button', { name: labels.start }).click();
  await page.waitForURL(new RegExp(`/quiz/${module}/[^/]+$`));
  const key = answerKey(module);
  const questions = page.getByRole('group');
  await expect(questions.first()).toBeVisible();
  for (const question of await questions.all()) {
    const legend = (await question.locator('legend').textContent()) ?? '';
    const keyed = key.find((q) => legend.includes(q.text));
    expect(keyed, `question "${legend}" is in the bank`).toBeDefined();
    for (const text of keyed!.correct) await question.getByLabel(text, { exact: true }).check();
  }
  await page.getByRole('button', { name: labels.submit }).click();
  // Back on the attempt's own page, which now shows its result.
  await expect(page.locator('.quiz-result')).toContainText('合格');
  await page.getByRole('link', { name: '研修の一覧へ戻る' }).first().click();
  await page.waitForURL('**/home');
}

test('a hire signs up, studies, passes every quiz and signs the agreement without script', async ({ page, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const link = await invite(api, '新人 三郎', 'saburo@example.jp');
  await api.dispose();

  await page.goto(link);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
  await page.getByLabel('パスワード（確認）', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'パスワードを設定して始める' }).click();
  await page.waitForURL('**/home');

  for (const module of MODULES) {
    await readModule(page, module);
    await passQuiz(page, module);
  }

  await page.getByRole('link', { name: '誓約書を読んで署名する' }).click();
  await page.waitForURL('**/nda');
  const consents = page.getByRole('group', { name: '確認事項（すべてにチェックしてください）' }).getByRole('checkbox');
  for (const box of await consents.all()) await box.check();
  await page.getByLabel('入力した氏名で署名').check();
  // A wrong name comes back as an error on the page itself, and nothing is signed.
  await page.getByLabel('氏名（フルネーム）').fill('新人 四郎');
  await page.getByRole('button', { name: '同意して署名する' }).click();
  await expect(page.getByRole('alert')).toContainText('登録されている氏名と一致しません');
  for (const box of await consents.all()) await box.check();
  await page.getByLabel('入力した氏名で署名').check();
  await page.getByLabel('氏名（フルネーム）').fill('新人 三郎');
  await page.getByRole('button', { name: '同意して署名する' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'この版には署名済みです。' })).toBeVisible();

  await page.goto('/home');
  await expect(page.getByTestId('pickup-code')).toHaveText(/\S{4,}/);
  // The PIN comes once, in the answer to the home page's own form, focused to be read out.
  await page.getByRole('button', { name: 'PINを表示' }).click();
  await expect(page.getByTestId('pin')).toHaveText(/^\d{6}$/);
  await expect(page.locator('.pin-box')).toBeFocused();
  // Nothing here ran script: no page was ever taken over by the WebAssembly.
  await expect(page.locator('body[data-hydrated]')).toHaveCount(0);
});
