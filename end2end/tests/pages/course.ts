import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitForHydration } from './app';
import { expectAccessible } from './axe';

type Lang = 'ja' | 'en';

function courseFile(name: string): string {
  return resolve(__dirname, '..', '..', '..', 'server', 'core', 'course', 'modules', name);
}

/** Every module slug, in course order. */
export const MODULES = [
  '01-personal-information', '02-confidentiality', '03-entry-control', '04-screens-and-sound',
  '05-least-privilege', '06-leaving-the-desk', '07-devices-and-media', '08-network',
];

/** A module's title, from the first line of its lesson file. */
export function moduleTitle(module: string, lang: Lang = 'ja'): string {
  return readFileSync(courseFile(`${module}.${lang}.md`), 'utf8').split('\n')[0].replace(/^# /, '').trim();
}

/** A question from the course files, as the test needs it: text and right options. */
type KeyedQuestion = { text: string; correct: string[] };

/**
 * The answer key of a module, read from the repository's course files (the browser
 * never receives it). Handles the plain `key = "value"` TOML our content uses.
 */
export function answerKey(module: string, lang: Lang = 'ja'): KeyedQuestion[] {
  const file = courseFile(`${module}.quiz.${lang}.toml`);
  const value = (block: string) => JSON.parse(block.match(/^text = (".*")$/m)![1]) as string;
  return readFileSync(file, 'utf8')
    .split('[[questions]]')
    .slice(1)
    .map((block) => {
      const [head, ...options] = block.split('[[questions.options]]');
      return {
        text: value(head),
        correct: options.filter((o) => /^correct = true$/m.test(o)).map(value),
      };
    });
}

export const LABELS = {
  ja: { study: '学習する', next: '読みました。次へ進む', toQuiz: '読みました。確認テストへ', start: '確認テストを始める', submit: '回答を提出する' },
  en: { study: 'Study', next: 'I have read this. Next', toQuiz: 'I have read this. To the quiz', start: 'Start the quiz', submit: 'Submit answers' },
};

export class CoursePage {
  constructor(private readonly page: Page, private readonly lang: Lang = 'ja') {}

  /** Opens a module from the hire's home and reads every lesson to the end. */
  async readModule(module: string): Promise<void> {
    const labels = LABELS[this.lang];
    const title = moduleTitle(module, this.lang);
    await this.page.getByRole('link', { name: `${labels.study}: ${title}` }).click();
    for (;;) {
      await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
      const toQuiz = this.page.getByRole('button', { name: labels.toQuiz });
      const next = this.page.getByRole('button', { name: labels.next });
      // Wait for the lesson's one action before deciding which it is.
      await expect(toQuiz.or(next)).toBeVisible();
      await this.expectPicturesShown();
      await expectAccessible(this.page, 'lesson');
      if (await toQuiz.isVisible()) {
        await toQuiz.click();
        await this.page.waitForURL('**/quiz/**');
        await waitForHydration(this.page);
        return;
      }
      const heading = await this.page.getByRole('heading', { level: 1 }).textContent();
      await next.click();
      await expect(this.page.getByRole('heading', { level: 1 })).not.toHaveText(heading ?? '');
    }
  }

  /** Fails unless every picture of the lesson has loaded, has alternative text and has its
   * space reserved (width and height), so the text does not jump when it arrives. */
  async expectPicturesShown(): Promise<void> {
    for (const picture of await this.page.locator('.lesson-body img').all()) {
      await picture.scrollIntoViewIfNeeded();
      await expect(picture).toHaveAttribute('alt', /\S/);
      await expect(picture).toHaveAttribute('width', /^\d+$/);
      await expect(picture).toHaveAttribute('height', /^\d+$/);
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    }
  }

  /** Starts the quiz and answers every served question from the answer key. */
  async passQuiz(module: string): Promise<void> {
    await this.answerQuiz(module, (question, keyed) => keyed.correct.map((text) => question.getByLabel(text, { exact: true })));
  }

  /** Starts the quiz and answers every question wrongly (a wrong option, or none). */
  async failQuiz(module: string): Promise<void> {
    // Single-choice: one wrong option. Multiple-choice: nothing chosen, which is wrong too.
    await this.answerQuiz(module, (question, keyed) => [
      question
        .locator('label.option:has(input[type="radio"])')
        .filter({ hasNotText: new RegExp(keyed.correct.map(escape).join('|')) })
        .first(),
    ]);
  }

  private async answerQuiz(module: string, choose: (question: Locator, keyed: KeyedQuestion) => Locator[]): Promise<void> {
    const labels = LABELS[this.lang];
    const key = answerKey(module, this.lang);
    await this.page.getByRole('button', { name: labels.start }).click();
    const questions = this.page.getByRole('group');
    await expect(questions.first()).toBeVisible();
    await expectAccessible(this.page, 'questions');
    for (const question of await questions.all()) {
      const legend = (await question.locator('legend').textContent()) ?? '';
      const keyed = key.find((q) => legend.includes(q.text));
      expect(keyed, `question "${legend}" is in the bank`).toBeDefined();
      for (const option of choose(question, keyed!)) {
        if (await option.count()) await option.check();
      }
    }
    await this.page.getByRole('button', { name: labels.submit }).click();
    // The form posts and the attempt's page loads again, now with the result (or the error).
    await expect(this.page.locator('.quiz-result, [role="alert"]').first()).toBeVisible();
    await expectAccessible(this.page, 'result');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
