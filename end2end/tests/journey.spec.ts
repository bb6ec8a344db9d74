import { expect, test } from '@playwright/test';
import { expectNoSidewaysScroll, fill, Header, open, serverURL, setupLink, waitForHydration } from './pages/app';
import { InviteForm, InvitePage, issueResetLink, PASSWORD, ResetPage, SetupPage, SignInPage, totp } from './pages/accounts';
import { CoursePage, MODULES, moduleTitle } from './pages/course';
import { alteredCopy, download, NdaPage, VerifyPage } from './pages/nda';
import { KioskProcess, KioskScreen } from './pages/kiosk';
import { readFileSync } from 'node:fs';
import { verifyBundle } from './pages/hr';
import { expectAccessible } from './pages/axe';

// One story, in order: the first administrator sets Mamoru up, adds HR, HR invites a
// new hire, and the hire arrives at their training home.
test.describe.serial('first run to a hire’s home', () => {
  let hrLink = '';
  let hireLink = '';
  let secondHireLink = '';
  let kiosk: KioskProcess;

  test.afterAll(async () => {
    await kiosk?.stop();
  });

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
    const form = new InviteForm(page, '招待リンクを作成');
    hireLink = await form.invite('新人 太郎', 'taro@example.jp', TARO);
    await expect(taroRow(page)).toContainText('招待中');
    secondHireLink = await form.invite('新人 次郎', 'jiro@example.jp', {
      kana: 'しんじん じろう',
      employeeNumber: 'E-0002',
      site: '札幌',
      startDate: '2026-12-01',
    });
    await expect(page.locator('tr[data-employee]')).toHaveCount(2);
    // The list's search folds kana: hiragana finds the katakana reading.
    await page.getByLabel('検索（氏名・フリガナ・メール・社員番号）').fill('たろう');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.locator('tr[data-employee]')).toHaveCount(1);
    await expect(taroRow(page)).toContainText('シンジン タロウ');
  });

  test('HR imports hires from a CSV file: a bad row stops the import until it is fixed', async ({ page }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    const heading = '氏名,フリガナ,メールアドレス,社員番号,勤務地,入社日\n';
    const good = '山田 一郎,やまだ いちろう,ichiro@example.jp,E-0101,札幌,2026-12-01\n';
    const upload = async (rows: string) => {
      await page.getByLabel('CSVファイル').setInputFiles({
        name: 'hires.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(heading + good + rows),
      });
      await page.getByRole('button', { name: '確認して取り込む' }).click();
    };
    await upload('鈴木 花子,Suzuki,hanako@example.jp,E-0102,札幌,2026-12-01\n');
    const report = page.locator('.import-report');
    await expect(report).toContainText('何も取り込んでいません');
    await expect(report.locator('tr[data-row="3"]')).toContainText('フリガナはカタカナ');
    await expect(page.locator('tr[data-employee="E-0101"]')).toHaveCount(0);

    await upload('鈴木 花子,スズキ ハナコ,hanako@example.jp,E-0102,札幌,2026-12-01\n');
    await expect(page.getByText('2 名を招待しました。')).toBeVisible();
    await expect(page.locator('tr[data-imported]')).toHaveCount(2);
    await expect(page.locator('tr[data-employee="E-0102"]')).toContainText('招待中');
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

  // One test per module: each stays a few seconds long however slow the machine is.
  for (const [index, module] of MODULES.entries()) {
    if (index < 2) continue;
    test(`the hire reads module ${index + 1} and passes its quiz`, async ({ page }) => {
      await signInAsTaro(page);
      await expect(page.getByText(`合格した単元: ${index} / 8`)).toBeVisible();
      const course = new CoursePage(page);
      await course.readModule(module);
      await course.passQuiz(module);
      await expect(page.getByText('合格です。次の単元に進めます。')).toBeVisible();
    });
  }

  test('every module passed shows on the hire’s home', async ({ page }) => {
    await signInAsTaro(page);
    await expect(page.getByText('合格した単元: 8 / 8')).toBeVisible();
    await expect(page.locator('li.module[data-state="Passed"]')).toHaveCount(8);
  });

  test('the hire reads the agreement, draws a signature, signs and downloads the PDF, which verifies', async ({ page }) => {
    await signInAsTaro(page);
    const step = page.locator('.nda-step');
    await expect(step).toContainText('未署名');
    await step.getByRole('link', { name: '誓約書を読んで署名する' }).click();
    const nda = new NdaPage(page);
    // Arrived by the link from home: everything else is done, yet
    // the gate waits until the text has been scrolled to its end.
    await nda.tickEveryConsent();
    await nda.typeName('新人 次郎');
    await expect(page.getByText('まだ最後まで読んでいません。')).toBeVisible();
    await expect(nda.signButton).toBeDisabled();
    await nda.readToTheEnd();
    await nda.drawSignature();
    await expect(nda.signButton).toBeEnabled();
    await nda.signButton.click();
    await expect(page.getByRole('alert')).toContainText('入力した氏名が登録されている氏名と一致しません');
    await nda.typeName('新人太郎');
    const code = await nda.sign();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const pdf = await download(page, page.getByRole('link', { name: '署名済みPDFをダウンロード' }));
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    await open(page, '/verify');
    const verify = new VerifyPage(page);
    const genuine = await verify.upload(pdf);
    await expect(genuine).toHaveAttribute('data-verdict', 'genuine');
    await expect(genuine).toContainText('本物です。改ざんされていません。');
    await expect(genuine).toContainText('新* 太*');
    const altered = await verify.upload(alteredCopy(bytes));
    await expect(altered).toHaveAttribute('data-verdict', 'altered');
    await expect(altered).toContainText('改ざんされています。');

    const byCode = await verify.checkCode(code.toLowerCase());
    await expect(byCode).toHaveAttribute('data-verdict', 'genuine');
    await open(page, '/home');
    await expect(page.locator('.nda-step')).toContainText('署名済み');
    await expect(page.locator('.nda-step')).toContainText(code);
    await expect(page.locator('[data-certification="valid"]')).toContainText('研修と誓約書はすべて完了しています。有効期限:');
  });

  test('HR opens a hire’s record, sees the course passed, and downloads the signed agreement', async ({ page }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    await openRecord(page, TARO.employeeNumber);
    await expect(page.getByRole('heading', { name: /新人 太郎/, level: 1 })).toBeVisible();
    await expect(page.locator('.module-history')).toHaveCount(MODULES.length);
    await expect(page.locator('.module-history').first()).toContainText('100% 合格');
    await expect(page.locator('[data-certified-until]')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await expect(page.locator('tr[data-action="hire.viewed"]').first()).toContainText('人事 一郎');
    const pdf = await download(page, page.getByRole('link', { name: '署名済みPDF v1' }));
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('HR downloads the hire’s evidence bundle, and it verifies offline', async ({ page, request }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    await openRecord(page, TARO.employeeNumber);
    const bundle = await download(page, page.getByRole('link', { name: '証跡パッケージ（ZIP）をダウンロード' }));
    const keys = await (await request.get('/.well-known/mamoru-keys.json')).json();
    const report = verifyBundle(bundle, keys.keys[0].public_key);
    expect(report).toContain('GENUINE');
    expect(report).toMatch(/agreements\/nda-v1-[A-Z0-9-]+\.pdf/);
    expect(report).toContain('quiz-attempts.json');
  });

  test('HR exports the list as CSV and looks up sign-ins in the audit log', async ({ page }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    const funnel = page.getByRole('list', { name: '完了までの進み具合' });
    await expect(funnel).toBeVisible();
    await expect(funnel.locator('.funnel-stage-0')).toHaveAttribute('data-count', '4');
    await expect(funnel.locator('.funnel-stage-2')).toHaveAttribute('data-count', '1');
    // Four hires fit on one page: neither paging button leads anywhere.
    const pager = page.getByRole('navigation', { name: 'ページ' });
    await expect(pager).toHaveText(/^\s*前のページ\s*ページ 1 \/ 1\s*次のページ\s*$/);
    await expect(pager.getByRole('button', { name: '次のページ' })).toBeDisabled();
    await expect(pager.getByRole('button', { name: '前のページ' })).toBeDisabled();
    const csv = readFileSync(await download(page, page.getByRole('link', { name: 'この一覧をCSVで書き出す' }))).toString('utf8');
    expect(csv).toContain('E-0001');
    expect(csv).toContain('新人 太郎');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査ログ' }).click();
    await expect(page.getByRole('heading', { name: '監査ログ', level: 1 })).toBeVisible();
    await waitForHydration(page);
    await page.getByLabel('種類').selectOption({ label: 'サインイン' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.locator('tr[data-action]:not([data-action^="auth."])')).toHaveCount(0);
    await expect(page.locator('tr[data-action="auth.signed_in"]').first()).toContainText('人事 一郎');
  });

  test('the staff pages fit a phone screen, tables scrolling inside their cards', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInAs(page, 'admin@example.jp', '**/admin');
    await expectNoSidewaysScroll(page);
    for (const path of ['/audit', '/hr']) {
      await open(page, path);
      await expectNoSidewaysScroll(page);
    }
    await openRecord(page, TARO.employeeNumber);
    await expectNoSidewaysScroll(page);
  });

  test('an admin enrolls the lobby kiosk', async ({ page }) => {
    await signInAs(page, 'admin@example.jp', '**/admin');
    await page.getByRole('button', { name: '登録コードを発行' }).click();
    const code = await page.getByRole('textbox', { name: '登録コード（この画面でのみ表示）' }).inputValue();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // A FeliCa card, as most Japanese staff cards are: its ID (IDm) is 8 bytes.
    kiosk = await KioskProcess.enrollAndServe(serverURL(), code, '1F ロビー', FELICA_IDM);
    await page.reload();
    await expect(page.locator('li[data-kiosk="1F ロビー"]')).toContainText('有効');
  });

  test('the hire takes a pickup code and a PIN to the kiosk, which issues the card; HR sees it', async ({ page, browser }) => {
    await signInAsTaro(page);
    const step = page.locator('.card-step');
    await expect(step).toContainText('受け取り待ち');
    await expect(step.locator('.qr svg')).toBeVisible();
    const { code, pin } = await showPickup(page);

    const lobby = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    const screen = new KioskScreen(lobby, kiosk.url);
    await screen.start();
    await expect(screen.main).toContainText('ステップ 1 / 4');
    await screen.expectWithinReach(lobby.getByRole('button', { name: '次へ' }));
    await screen.enterCode(code.toLowerCase());
    await expect(screen.main).toHaveAttribute('data-step', 'pin');
    await expect(screen.main).toContainText('新人 太郎 さん');
    // Left alone, the page warns 20 s before its reset; one touch keeps the person's step.
    // Until then the alert is out of the accessibility tree, so a screen reader announces
    // it when it enters (not at page load).
    const warning = lobby.getByRole('alert').filter({ hasText: 'まもなく最初の画面に戻ります' });
    await screen.idleFor(39);
    await expect(warning).toHaveCount(0);
    await screen.idleFor(45);
    await expect(warning).toBeVisible();
    await expectAccessible(lobby, 'idle warning');
    await warning.getByRole('button', { name: '続ける' }).click();
    await expect(screen.main).toHaveAttribute('data-step', 'pin');
    await expect(warning).toBeHidden();
    // At the limit the name leaves the screen, and the next person starts afresh.
    await screen.idleFor(61);
    await expect(screen.main).toBeHidden();
    await expectAccessible(lobby, 'idle cover');
    await lobby.getByRole('button', { name: 'はじめる' }).click();
    await expect(screen.main).toHaveAttribute('data-step', 'start');
    await screen.enterCode(code);
    await expect(screen.main).toContainText('新人 太郎 さん');
    await screen.enterPin(pin);
    await expect(screen.main).toHaveAttribute('data-step', 'card');
    await screen.expectWithinReach(lobby.getByRole('button', { name: '読み取る' }));
    await screen.readCard();
    await expect(lobby.getByRole('heading', { name: 'カードを発行しました' })).toBeVisible();
    await expectAccessible(lobby, 'done');
    await expect(screen.main).not.toContainText('新人 太郎');
    await lobby.getByRole('button', { name: '最初の画面に戻る' }).click();
    await expect(screen.main).toHaveAttribute('data-step', 'start');
    await lobby.close();

    await open(page, '/home');
    await expect(page.locator('.card-step')).toContainText('カード発行済み');
    const hr = await (await browser.newContext()).newPage();
    await signInAs(hr, 'hr@example.jp', '**/hr');
    const row = taroRow(hr);
    await expect(row.locator('[data-card-status="Issued"]')).toHaveText('カード発行済み');
    await open(hr, '/audit');
    await expect(hr.locator('tr[data-action="card.issued"]').first()).toContainText(FELICA_IDM);
  });

  test('a manager of 本社 approves the hire’s USB exception; the permit verifies, the door system sees it and reports an entry HR sees', async ({ page, browser, request }) => {
    // The admin invites a manager (責任者), who signs up, and gives them the site.
    await signInAs(page, 'admin@example.jp', '**/admin');
    await page.getByLabel('権限').selectOption('manager');
    const managerLink = await new InviteForm(page, '招待リンクを作成').invite('責任者 三郎', 'manager@example.jp');
    const manager = await (await browser.newContext()).newPage();
    await new InvitePage(manager).accept(managerLink, '/manager');
    await expect(manager.locator('main')).toContainText('担当拠点がありません');
    await page.reload();
    await waitForHydration(page);
    await page.getByLabel('追加する拠点').fill('本社');
    await page.getByRole('button', { name: '拠点を追加' }).click();
    await expect(page.getByRole('list', { name: '担当拠点' })).toContainText('本社');
    const tokens = page.getByRole('region', { name: '入退室・座席システム用トークン' });
    await tokens.getByLabel('システム名').fill('本社 入退室');
    await tokens.getByLabel('見られる拠点（任意）').fill('本社');
    await page.getByRole('button', { name: 'トークンを作成' }).click();
    const doorToken = await page.getByRole('textbox', { name: 'トークン（この画面でのみ表示）' }).inputValue();
    // The door system also takes webhooks: a receiver on loopback that waits for the approval.
    const hooks = await webhookReceiver();
    const webhooks = page.getByRole('region', { name: 'Webhook（入退室・座席システムへの通知）' });
    await webhooks.getByLabel('システム名').fill('本社 入退室（通知）');
    await webhooks.getByLabel('送信先URL').fill(hooks.url);
    await page.getByRole('button', { name: '送信先を追加' }).click();
    const hookSecret = await page.getByRole('textbox', { name: '署名用シークレット（この画面でのみ表示）' }).inputValue();
    expect(hookSecret).toMatch(/^mamoru_whsec_/);

    // The hire asks.
    await signInAsTaro(page);
    await page.getByRole('link', { name: '持込許可' }).click();
    await page.waitForURL('**/exceptions');
    await waitForHydration(page);
    await page.getByLabel('種類').selectOption('usb_storage');
    await page.getByLabel('製造番号・IMEI・管理番号').fill('USB-0042');
    await page.getByLabel('理由', { exact: true }).fill('研修資料を受け取るため');
    await expect(page.getByLabel('拠点（オペレータールーム）')).toHaveValue('本社');
    await page.getByLabel('開始日').fill(japanDay(0));
    await page.getByLabel('終了日（この日を含む）').fill(japanDay(2));
    await page.getByRole('button', { name: '申請する' }).click();
    await expect(page.getByRole('status')).toContainText('申請しました');
    const mine = page.locator('tr[data-exception="USB-0042"]');
    await expect(mine).toContainText('承認待ち');

    // The manager approves it.
    await manager.reload();
    await waitForHydration(manager);
    const pending = manager.locator('tr[data-exception="USB-0042"]');
    await expect(pending).toContainText('新人 太郎');
    await pending.getByRole('button', { name: '承認する' }).click();
    await expect(manager.getByRole('region', { name: '有効な持込許可' }).locator('tr[data-exception="USB-0042"]')).toContainText('許可中');
    await expect(manager.getByRole('region', { name: '拠点の人員と研修の有効期限' })).toContainText(TARO.employeeNumber);

    // The hire downloads the permit; its code verifies as a permit in force.
    await page.reload();
    await expect(mine).toContainText('許可中');
    const code = (await mine.locator('code').textContent()) ?? '';
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const permit = await download(page, mine.getByRole('link', { name: '許可証（PDF）' }));
    expect(readFileSync(permit).subarray(0, 5).toString()).toBe('%PDF-');
    await open(page, '/verify');
    const verdict = await new VerifyPage(page).checkCode(code);
    await expect(verdict).toHaveAttribute('data-verdict', 'permit');
    await expect(verdict).toContainText('許可中');
    await expect(verdict).toContainText('USB-0042');

    // The webhook arrives, signed with the secret shown once.
    const approved = await hooks.next((body) => body.change === 'exception_approved');
    expect(approved.body.exception.identifier).toBe('USB-0042');
    expect(approved.signatureHolds(hookSecret)).toBe(true);
    hooks.close();

    // The door system of 本社 lists the exception with the card.
    const cards = await request.get(`${serverURL()}/api/door/v1/cards`, { headers: { Authorization: `Bearer ${doorToken}` } });
    expect(cards.status()).toBe(200);
    const list = await cards.json();
    const card = list.cards.find((c: { uid: string }) => c.uid === FELICA_IDM);
    expect(card.exceptions[0].identifier).toBe('USB-0042');
    await manager.context().close();

    // The door reports the hire's entry; HR sees it on the record.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const events = await request.post(`${serverURL()}/api/door/v1/events`, {
      headers: { Authorization: `Bearer ${doorToken}` },
      data: { events: [{ id: 'gate-3F-1', kind: 'entry', card_uid: FELICA_IDM, point: '3F オペレータールーム', at }] },
    });
    expect(await events.json()).toEqual({ recorded: 1, duplicates: 0 });
    await signInAs(page, 'hr@example.jp', '**/hr');
    await openRecord(page, TARO.employeeNumber);
    const door = page.getByRole('region', { name: '入退室・座席の記録（最新100件）' });
    await expect(door.locator('tr[data-door-event="entry"]')).toContainText('3F オペレータールーム');
    await expect(page.getByRole('region', { name: '機器・媒体の持込許可' })).toContainText('許可中');
  });

  test('HR marks the card lost, a new pickup appears, and five wrong PINs lock it until HR re-issues', async ({ page, browser }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    await openRecord(page, TARO.employeeNumber);
    await page.getByRole('button', { name: '紛失' }).click();
    await expect(page.locator('[data-card-status="Waiting"]')).toBeVisible();
    await expect(page.locator('tr[data-action="card.lost"]')).toContainText('カードを紛失として失効');

    const taro = await (await browser.newContext()).newPage();
    await signInAsTaro(taro);
    const { code, pin } = await showPickup(taro);
    const wrongPin = pin === '000000' ? '111111' : '000000';
    const lobby = await (await browser.newContext()).newPage();
    const screen = new KioskScreen(lobby, kiosk.url);
    await screen.start();
    await screen.enterCode(code);
    for (const left of [4, 3, 2, 1]) {
      await screen.enterPin(wrongPin);
      await expect(lobby.getByRole('alert')).toContainText(`あと${left}回まちがえるとロックされます`);
    }
    await screen.enterPin(wrongPin);
    await expect(screen.main).toHaveAttribute('data-step', 'error');
    await expect(lobby.getByRole('alert')).toContainText('このコードはロックされました');
    await expectAccessible(lobby, 'error');
    await lobby.close();

    await open(taro, '/home');
    await expect(taro.locator('.card-step')).toContainText('ロック中');
    await page.reload();
    await waitForHydration(page);
    await page.getByRole('button', { name: '再発行' }).click();
    await expect(page.locator('[data-card-status="Waiting"]')).toBeVisible();
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

  test('HR allows the locked hire a retake from their record', async ({ page }) => {
    await signInAs(page, 'hr@example.jp', '**/hr');
    await expect(page.locator('tr[data-employee="E-0002"]')).toContainText('小テストロック');
    await openRecord(page, 'E-0002');
    const module = page.locator('.module-history').first();
    await expect(module).toContainText('不合格（ロック中）');
    await module.getByRole('button', { name: '再受験を許可' }).click();
    await expect(module.getByRole('button', { name: '再受験を許可' })).toHaveCount(0);
    await expect(module.locator('li.voided')).toHaveCount(3);
    await expect(page.locator('tr[data-action="quiz.reset"]')).toContainText('人事 一郎');
  });

  test('a keyboard-only hire signs with the typed name alone', async ({ page }) => {
    await new SignInPage(page).signIn('jiro@example.jp', PASSWORD);
    await page.waitForURL('**/home');
    await open(page, '/nda');
    const nda = new NdaPage(page);
    await nda.text.focus();
    await page.keyboard.press('End');
    await expect(page.getByText('最後まで読みました。')).toBeVisible();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.type('新人 次郎');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: '入力した氏名で署名する（キーボードだけで操作する方）' })).toBeChecked();
    await expect(page.getByRole('img', { name: '署名欄' })).toHaveCount(0);
    await page.keyboard.press('Tab');
    await expect(nda.signButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: '署名が完了しました' })).toBeVisible();
  });

  test('a hire cannot open HR or admin pages', async ({ page }) => {
    await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
    await page.waitForURL('**/home');
    for (const path of ['/hr', '/admin', '/audit', '/hr/hires/anyone']) {
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
    // Back on the sign-in page, the error named in its address (never the password).
    await expect(page).toHaveURL(/\/login\?__path=[^&]+&__err=[^&]+$/);
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

  test('the manager changes their password from the menu and signs in with the new one', async ({ page, browser }) => {
    const elsewhere = await (await browser.newContext()).newPage();
    await signInAs(elsewhere, 'manager@example.jp', '**/manager');
    await signInAs(page, 'manager@example.jp', '**/manager');
    await new Header(page).nav.getByRole('link', { name: 'アカウント' }).click();
    await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible();
    await expectAccessible(page, 'account');
    await fill(page, { 現在のパスワード: 'not the password', 新しいパスワード: NEW_PASSWORD, 'パスワード（確認）': NEW_PASSWORD });
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await expect(page.getByRole('alert')).toContainText('現在のパスワードが違います');
    await fill(page, { 現在のパスワード: PASSWORD, 新しいパスワード: NEW_PASSWORD, 'パスワード（確認）': NEW_PASSWORD });
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await expect(page.getByRole('status')).toContainText('パスワードを変更しました');
    // The other browser was signed out; this one goes on.
    await elsewhere.goto('/manager');
    await expect(elsewhere).toHaveURL(/\/login$/);
    await elsewhere.close();
    await new Header(page).signOutAndWait();
    await new SignInPage(page).signIn('manager@example.jp', NEW_PASSWORD);
    await page.waitForURL('**/manager');
  });

  test('an HR member signs in through the center’s identity provider, and their account is made from its groups', async ({ page }) => {
    await open(page, '/login');
    await expectAccessible(page, 'sso');
    await page.getByRole('button', { name: 'テストIdP でサインイン' }).click();
    // The provider's own (development) pages: any password, then consent.
    await page.locator('input[name="login"]').fill('hr-sso');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/hr');
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: '新入社員の管理', level: 1 })).toBeVisible();
    await expect(new Header(page).nav).toBeVisible();
  });

  test('the manager turns on an authenticator app and then signs in with its codes or a recovery code', async ({ page }) => {
    await new SignInPage(page).signIn('manager@example.jp', NEW_PASSWORD);
    await page.waitForURL('**/manager');
    await new Header(page).nav.getByRole('link', { name: 'アカウント' }).click();
    const section = page.locator('section').filter({ has: page.getByRole('heading', { name: '二段階認証' }) });
    await expect(section).toContainText('設定されていません');
    await section.getByRole('link', { name: '認証アプリを設定する' }).click();
    await page.waitForURL('**/account/authenticator');
    await waitForHydration(page);
    await expect(page.getByRole('img', { name: '認証アプリで読み取るQRコード' })).toBeVisible();
    await expectAccessible(page, 'enrol');
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    // From the account page the password is asked again: an open session is not enough.
    await page.getByLabel('現在のパスワード').fill(NEW_PASSWORD);
    await page.getByLabel('アプリに表示された6桁のコード').fill(totp(secret, 10));
    await page.getByRole('button', { name: '確認して設定する' }).click();
    await expect(page.getByRole('alert')).toContainText('コードが違うか');
    await page.getByLabel('アプリに表示された6桁のコード').fill(totp(secret));
    await page.getByRole('button', { name: '確認して設定する' }).click();
    await expect(page.getByRole('heading', { name: '回復コード', level: 1 })).toBeFocused();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await expect(codes).toHaveCount(10);
    const recovery = (await codes.first().textContent()) ?? '';
    await page.getByRole('link', { name: '続ける' }).click();
    await expect(section).toContainText('認証アプリで設定済みです。残りの回復コード: 10');

    // The next sign-in asks for a code: the app's next one (the one just used works no more).
    await new Header(page).signOutAndWait();
    await new SignInPage(page).signIn('manager@example.jp', NEW_PASSWORD);
    await page.waitForURL('**/login/code');
    await expect(page.getByRole('heading', { name: '確認コード', level: 1 })).toBeVisible();
    await expectAccessible(page, 'code');
    await page.getByLabel('コード', { exact: true }).fill(totp(secret, 1));
    await page.getByRole('button', { name: '確認してサインイン' }).click();
    await page.waitForURL('**/manager');
    // Without the phone: a recovery code, once.
    await new Header(page).signOutAndWait();
    await new SignInPage(page).signIn('manager@example.jp', NEW_PASSWORD);
    await page.waitForURL('**/login/code');
    await page.getByLabel('コード', { exact: true }).fill(recovery);
    await page.getByRole('button', { name: '確認してサインイン' }).click();
    await page.waitForURL('**/manager');
  });

  test('HR gives a hire who forgot their password a reset link; the hire sets a new one and sees where they are signed in', async ({ page, browser }) => {
    const forgotten = await (await browser.newContext()).newPage();
    await signInAs(forgotten, 'jiro@example.jp', '**/home');
    await signInAs(page, 'hr@example.jp', '**/hr');
    await openRecord(page, 'E-0002');
    const link = await issueResetLink(page.locator('section').filter({ has: page.getByRole('heading', { name: '基本情報' }) }));

    const hire = await (await browser.newContext()).newPage();
    await new ResetPage(hire).setPassword(link, NEW_PASSWORD, '/home');
    await expect(hire.getByRole('heading', { name: 'あなたの研修' })).toBeVisible();
    // Every earlier session of the hire ended.
    await forgotten.goto('/home');
    await expect(forgotten).toHaveURL(/\/login$/);
    await new SignInPage(forgotten).signIn('jiro@example.jp', NEW_PASSWORD);
    await forgotten.waitForURL('**/home');
    await forgotten.close();

    // The account page lists both sessions; the hire signs the other one out.
    await new Header(hire).nav.getByRole('link', { name: 'アカウント' }).click();
    const sessions = hire.locator('section').filter({ has: hire.getByRole('heading', { name: 'サインイン中の端末' }) });
    await expect(sessions.locator('tbody tr')).toHaveCount(2);
    await expect(sessions.locator('tr[data-current]')).toContainText('この端末');
    await expectAccessible(hire, 'sessions');
    await sessions.getByRole('button', { name: /^サインアウトさせる/ }).click();
    await expect(hire.getByRole('status')).toContainText('選んだサインインを終了しました');
    await expect(sessions.locator('tbody tr')).toHaveCount(1);
    await hire.close();
  });
});

const NEW_PASSWORD = 'a much longer pass phrase';

const TARO = { kana: 'シンジン タロウ', employeeNumber: 'E-0001', site: '本社', startDate: '2026-12-01' };
/** An HTTP server on loopback that collects webhook deliveries. */
async function webhookReceiver() {
  const http = await import('node:http');
  const crypto = await import('node:crypto');
  type Delivery = { body: any; raw: string; signature: string; signatureHolds: (secret: string) => boolean };
  const seen: Delivery[] = [];
  const waiting: Array<{ want: (body: any) => boolean; resolve: (d: Delivery) => void }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const signature = String(req.headers['x-mamoru-signature'] ?? '');
      const signatureHolds = (secret: string) => {
        const fields = Object.fromEntries(signature.split(',').map((p) => p.split('=', 2)));
        const expected = crypto.createHmac('sha256', secret).update(`${fields.t}.${raw}`).digest('hex');
        return expected === fields.v1;
      };
      const delivery = { body: JSON.parse(raw), raw, signature, signatureHolds };
      seen.push(delivery);
      for (const w of waiting.filter((w) => w.want(delivery.body))) w.resolve(delivery);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/mamoru`,
    next: (want: (body: any) => boolean) =>
      new Promise<Delivery>((resolve) => {
        const found = seen.find((d) => want(d.body));
        if (found) resolve(found);
        else waiting.push({ want, resolve });
      }),
    close: () => server.close(),
  };
}

/** The day `days` from today in Japan, as `<input type=date>` takes it. */
function japanDay(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The card the lobby kiosk's simulated reader finds: a FeliCa IDm. */
const FELICA_IDM = '012E4CD1A0B3C5D7';

/** Taro's row in HR's list. */
function taroRow(page: import('@playwright/test').Page) {
  return page.locator(`tr[data-employee="${TARO.employeeNumber}"]`);
}

/** Opens a hire's record from HR's list (signed in as HR, on the list). */
async function openRecord(page: import('@playwright/test').Page, employeeNumber: string): Promise<void> {
  await page.locator(`tr[data-employee="${employeeNumber}"]`).getByRole('link').click();
  await page.waitForURL('**/hr/hires/*');
  await waitForHydration(page);
}

async function signInAs(page: import('@playwright/test').Page, email: string, landing: string): Promise<void> {
  await new SignInPage(page).signIn(email, PASSWORD);
  await page.waitForURL(landing);
  await waitForHydration(page);
}

/** Asks for a PIN on the hire's home and reads the pickup code and the PIN shown once. */
async function showPickup(page: import('@playwright/test').Page): Promise<{ code: string; pin: string }> {
  const step = page.locator('.card-step');
  const code = (await step.getByTestId('pickup-code').textContent()) ?? '';
  await step.getByRole('button', { name: /PINを表示|新しいPINを表示/ }).click();
  await expect(step.getByTestId('pin')).toHaveText(/^\d{6}$/);
  const pin = (await step.getByTestId('pin').textContent()) ?? '';
  return { code, pin };
}

async function signInAsTaro(page: import('@playwright/test').Page): Promise<void> {
  await new SignInPage(page).signIn('taro@example.jp', PASSWORD);
  await page.waitForURL('**/home');
  await waitForHydration(page);
}
