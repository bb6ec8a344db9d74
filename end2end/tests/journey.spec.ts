import { expect, test } from '@playwright/test';
import { expectNoSidewaysScroll, Header, open, setupLink, waitForHydration } from './pages/app';
import { InviteForm, InvitePage, PASSWORD, SetupPage, SignInPage } from './pages/accounts';
import { CoursePage, MODULES, moduleTitle } from './pages/course';

// One story, in order: the first administrator sets Mamoru up, adds HR, HR invites a
// new hire, and the hire arrives at their training home.
test.describe.serial('first run to a hire’s home', () => {
  let hrLink = '';
  let hireLink = '';
  let secondHireLink = '';

  test('the first administrator sets up Mamoru and invites HR', async ({ page }) => {
    await new SetupPage(page).createAdmin(setupLink(), '管理 花子', 'admin@example.jp');
    await expect(page.getByRole('heading', { name: '職員アカウント', level: 1 })).toBeVisible();
    hrLink = await new InviteForm(page, '招待リンクを作成').invite('人事 一郎', 'hr@example.jp');
  });

  test('the setup link works only once', async ({ page }) => {
    await open(page, setupLink());
    await page.getByLabel('氏名', { exact: true }).fill('二人目');
    await page.getByLabel('メールアドレス', { exact: true }).fill('second@example.jp');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
    await page.getByLabel('パスワード（確認）', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '管理者を作成してサインイン' }).click();
    await expect(page.getByRole('alert')).toContainText('このリンクは無効か、期限切れか、使用済みです');
  });

  test('HR accepts the invitation and invites a new hire', async ({ page }) => {
    await new InvitePage(page).accept(hrLink, '/hr');
    await expect(page.getByRole('heading', { name: '新入社員の管理', level: 1 })).toBeVisible();
    hireLink = await new InviteForm(page, '招待リンクを作成').invite('新人 太郎', 'taro@example.jp');
    await expect(page.getByRole('cell', { name: 'taro@example.jp' })).toBeVisible();
    secondHireLink = await new InviteForm(page, '招待リンクを作成').invite('新人 次郎', 'jiro@example.jp');
  });

  test('the hire sets a password and sees their training home', async ({ page }) => {
    await new InvitePage(page).accept(hireLink, '/home');
    await expect(page.getByRole('heading', { name: 'あなたの研修' })).toBeVisible();
    await expect(page.getByText('秘密保持誓約書に署名する')).toBeVisible();
  });

  test('the hire reads the first module, passes its quiz and the next module opens', async ({ page }) => {
    await signInAsTaro(page);
    const firstModule = page.getByRole('listitem').filter({ hasText: moduleTitle(MODULES[0]) }).first();
    await expect(firstModule).toContainText('未着手');
    const course = new CoursePage(page);
    await course.readModule(MODULES[0]);
    await course.passQuiz(MODULES[0]);
    await expect(page.getByRole('heading', { name: '得点: 100 %' })).toBeVisible();
    await expect(page.getByText('合格です。次の単元に進めます。')).toBeVisible();
    await expect(page.getByText('解説:').first()).toBeVisible();
    await page.getByRole('link', { name: '研修の一覧へ戻る' }).last().click();
    await expect(page.getByText('合格した単元: 1 / 8')).toBeVisible();
  });

  test('the course reads in English too', async ({ page }) => {
    await signInAsTaro(page);
    await new Header(page).switchLanguage();
    await expect(page.getByText('Modules passed: 1 / 8')).toBeVisible();
    const course = new CoursePage(page, 'en');
    await course.readModule(MODULES[1]);
    await expect(page.getByRole('button', { name: 'Start the quiz' })).toBeVisible();
    await course.passQuiz(MODULES[1]);
    await expect(page.getByRole('heading', { name: 'Score: 100 %' })).toBeVisible();
    await expect(page.getByText('You passed. The next module is open.')).toBeVisible();
  });

  test('a hire reads every lesson and passes every quiz', async ({ page }) => {
    await signInAsTaro(page);
    const course = new CoursePage(page);
    for (const module of MODULES.slice(2)) {
      await course.readModule(module);
      await course.passQuiz(module);
      await expect(page.getByText('合格です。次の単元に進めます。')).toBeVisible();
      await open(page, '/home');
    }
    await expect(page.getByText('合格した単元: 8 / 8')).toBeVisible();
    await expect(page.locator('li.module[data-state="Passed"]')).toHaveCount(8);
  });

  test('a hire who fails reads the explanations, retries, and is locked after the last attempt', async ({ page }) => {
    // On a phone-sized screen: the lessons, the quiz and its result must fit.
    await page.setViewportSize({ width: 360, height: 740 });
    await new InvitePage(page).accept(secondHireLink, '/home');
    await expectNoSidewaysScroll(page);
    const course = new CoursePage(page);
    await course.readModule(MODULES[0]);
    for (const left of [2, 1, 0]) {
      await course.failQuiz(MODULES[0]);
      await expect(page.getByText('合格点に届きませんでした。解説を読んで、もう一度挑戦してください。')).toBeVisible();
      await expect(page.getByText('解説:').first()).toBeVisible();
      await expect(page.getByText(`残りの受験回数: ${left}`)).toBeVisible();
      await expectNoSidewaysScroll(page);
      if (left > 0) {
        await page.getByRole('link', { name: 'もう一度受ける' }).click();
        await waitForHydration(page);
      } else {
        await expect(page.getByRole('link', { name: 'もう一度受ける' })).toHaveCount(0);
      }
    }
    await open(page, '/home');
    const locked = page.locator('li.module').first();
    await expect(locked).toContainText('不合格（ロック中）');
    await expect(locked).toContainText('人事担当者に再受験の設定を依頼してください');
    await expect(locked.getByRole('link', { name: '確認テストを受ける' })).toHaveCount(0);
  });

  test('a hire cannot open HR or admin pages', async ({ page }) => {
    await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
    await page.waitForURL('**/home');
    for (const path of ['/hr', '/admin']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { name: 'このページを開く権限がありません' })).toBeVisible();
      await expect(page.getByRole('heading', { name: '新入社員を招待' })).toHaveCount(0);
    }
  });

  test('a wrong password is refused with a message', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.signIn('taro@example.jp', 'not the right password');
    await expect(signIn.error()).toHaveText('メールアドレスまたはパスワードが違います。');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the language switch changes the page and is remembered', async ({ page }) => {
    await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
    await page.waitForURL('**/home');
    const header = new Header(page);
    await header.switchLanguage();
    await expect(page.getByRole('heading', { name: 'Your training' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await open(page, '/home');
    await expect(page.getByRole('heading', { name: 'Your training' })).toBeVisible();
    await new Header(page).switchLanguage();
    await expect(page.getByRole('heading', { name: 'あなたの研修' })).toBeVisible();
  });

  test('signing out ends the session', async ({ page }) => {
    await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
    await page.waitForURL('**/home');
    await waitForHydration(page);
    await new Header(page).signOutAndWait();
    await page.goto('/home');
    await expect(page).toHaveURL(/\/login$/);
  });
});

async function signInAsTaro(page: import('@playwright/test').Page): Promise<void> {
  await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
  await page.waitForURL('**/home');
  await waitForHydration(page);
}
