import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitForHydration } from './app';

/** A question from the course files, as the test needs it: text and right options. */
type KeyedQuestion = { text: string; correct: string[] };

/**
 * The answer key of a module, read from the repository's course files (the browser
 * never receives it). Handles the plain `key = "value"` TOML our content uses.
 */
export function answerKey(module: string): KeyedQuestion[] {
  const file = resolve(__dirname, '..', '..', '..', 'app', 'course', 'modules', `${module}.quiz.ja.toml`);
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

export class CoursePage {
  constructor(private readonly page: Page) {}

  /** Opens a module from the hire's home and reads every lesson to the end. */
  async readModule(title: string): Promise<void> {
    await this.page.getByRole('link', { name: new RegExp(`学習する: ${title}`) }).click();
    for (;;) {
      await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
      const toQuiz = this.page.getByRole('button', { name: '読みました。確認テストへ' });
      if (await toQuiz.isVisible()) {
        await toQuiz.click();
        await this.page.waitForURL('**/quiz/**');
        await waitForHydration(this.page);
        return;
      }
      const heading = await this.page.getByRole('heading', { level: 1 }).textContent();
      await this.page.getByRole('button', { name: '読みました。次へ進む' }).click();
      await expect(this.page.getByRole('heading', { level: 1 })).not.toHaveText(heading ?? '');
    }
  }

  /** Starts the quiz and answers every served question from the answer key. */
  async passQuiz(module: string): Promise<void> {
    const key = answerKey(module);
    await this.page.getByRole('button', { name: '確認テストを始める' }).click();
    const questions = this.page.getByRole('group');
    await expect(questions.first()).toBeVisible();
    for (const question of await questions.all()) {
      const legend = (await question.locator('legend').textContent()) ?? '';
      const keyed = key.find((q) => legend.includes(q.text));
      expect(keyed, `question "${legend}" is in the bank`).toBeDefined();
      for (const right of keyed!.correct) {
        await question.getByLabel(right, { exact: true }).check();
      }
    }
    await this.page.getByRole('button', { name: '回答を提出する' }).click();
  }
}
