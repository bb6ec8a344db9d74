import { expect, test } from '@playwright/test';
import { expectNoSidewaysScroll, open } from './pages/app';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

// These use only the sign-in page, so they do not depend on the journey's accounts.
test.describe('keyboard and small screens', () => {
  test('the sign-in form works with the keyboard alone', async ({ page }) => {
    await open(page, '/login');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: '本文へ移動' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('メールアドレス', { exact: true })).toBeFocused();
    await page.keyboard.type('nobody@example.jp');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('パスワード', { exact: true })).toBeFocused();
    await page.keyboard.type('not a real password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが違います。');
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

    test('the page fits the screen and its targets are large enough to tap', async ({ page }) => {
      await open(page, '/login');
      await expectNoSidewaysScroll(page);
      for (const control of [
        page.getByRole('button', { name: 'サインイン', exact: true }),
        page.getByRole('button', { name: '表示言語を英語に切り替える' }),
        page.getByLabel('メールアドレス', { exact: true }),
      ]) {
        const box = await control.boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
        expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 360).toBe(true);
      }
    });
  });
});

test.describe('on a slow connection', () => {
  // The release build stores a brotli copy of the bundle (`--precompress`); it is sent
  // as stored, with its length, instead of being compressed again for every page load.
  test('the WebAssembly bundle arrives compressed at build time', async ({ request }) => {
    const pkg = resolve(__dirname, '..', '..', 'target', 'site', 'pkg');
    const island = readdirSync(pkg).find((name) => /^split_signing_form.*\.wasm$/.test(name));
    for (const file of ['mamoru.wasm', island]) {
      const response = await request.get(`/pkg/${file}`, { headers: { 'accept-encoding': 'br' } });
      expect(response.status()).toBe(200);
      expect(response.headers()['content-encoding']).toBe('br');
      // Exactly the stored copy, and smaller than the file itself.
      const sent = Number(response.headers()['content-length']);
      expect(sent).toBe(statSync(resolve(pkg, `${file}.br`)).size);
      expect(sent).toBeLessThan((await response.body()).length);
    }
  });
});
