import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expectAccessible } from './axe';

/** The signing page, `/nda`, as a hire uses it. */
export class NdaPage {
  readonly text: Locator;
  readonly signButton: Locator;

  constructor(private readonly page: Page) {
    this.text = page.getByRole('region', { name: '秘密保持に関する誓約書' });
    this.signButton = page.getByRole('button', { name: '同意して署名する' });
  }

  /** Scrolls the agreement to its end with the mouse wheel, as a reader would. */
  async readToTheEnd(): Promise<void> {
    await expect(this.text).toBeVisible();
    await expectAccessible(this.page, 'agreement');
    await this.text.hover();
    await this.page.mouse.wheel(0, 50_000);
    await expect(this.page.getByText('最後まで読みました。')).toBeVisible();
  }

  async tickEveryConsent(): Promise<void> {
    const boxes = this.page.getByRole('group', { name: '確認事項（すべてにチェックしてください）' }).getByRole('checkbox');
    await expect(boxes.first()).toBeVisible();
    for (const box of await boxes.all()) {
      await box.check();
    }
  }

  async typeName(name: string): Promise<void> {
    await this.page.getByLabel('氏名（フルネーム）').fill(name);
  }

  /** Draws two strokes across the signature box with the mouse. */
  async drawSignature(): Promise<void> {
    const pad = this.page.getByRole('img', { name: '署名欄' });
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the signature box is not on screen');
    for (const row of [0.35, 0.65]) {
      await this.page.mouse.move(box.x + box.width * 0.1, box.y + box.height * row);
      await this.page.mouse.down();
      for (let i = 1; i <= 20; i++) {
        const wave = Math.sin(i / 2) * box.height * 0.15;
        await this.page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * row + wave);
      }
      await this.page.mouse.up();
    }
  }

  /** Signs and returns the verification code shown afterwards. */
  async sign(): Promise<string> {
    await this.signButton.click();
    await expect(this.page.getByRole('heading', { name: '署名が完了しました' })).toBeVisible();
    await expect(this.page.getByRole('heading', { name: '署名が完了しました' })).toBeFocused();
    return (await this.page.locator('strong.code').textContent()) ?? '';
  }
}

/** Clicks a download link and returns the downloaded bytes' path. */
export async function download(page: Page, link: Locator): Promise<string> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(tmpdir(), `mamoru-e2e-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/** A copy of `bytes` with one byte changed in the middle. */
export function alteredCopy(bytes: Buffer): string {
  const copy = Buffer.from(bytes);
  copy[Math.floor(copy.length / 2)] ^= 0x01;
  const path = join(tmpdir(), `mamoru-e2e-altered-${Date.now()}.pdf`);
  writeFileSync(path, copy);
  return path;
}

/** The public verification page, `/verify`: a PDF upload and a code form, each with its answer. */
export class VerifyPage {
  constructor(private readonly page: Page) {}

  private section(heading: string): Locator {
    return this.page.locator('section', { has: this.page.getByRole('heading', { name: heading }) });
  }

  async upload(path: string): Promise<Locator> {
    const section = this.section('PDFファイルで確かめる');
    await section.getByLabel('署名済みPDF').setInputFiles(path);
    await section.getByRole('button', { name: '検証する' }).click();
    return section.locator('[data-verdict]');
  }

  async checkCode(code: string): Promise<Locator> {
    const section = this.section('検証コードで確かめる');
    await section.getByLabel('検証コード（PDFに記載）').fill(code);
    await section.getByRole('button', { name: '検証する' }).click();
    return section.locator('[data-verdict]');
  }
}
