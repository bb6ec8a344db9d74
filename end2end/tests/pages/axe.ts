import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { appendFileSync } from 'node:fs';

/** JIS X 8341-3:2016 follows WCAG 2.0 AA; the later versions' A and AA rules are checked too. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Each kind of page is scanned once per run, in the first state a test shows it in. */
const scanned = new Set<string>();

/**
 * Fails on any serious or critical accessibility violation on the page as it is now.
 * `state` names a state of the page worth its own scan (an error shown, a kiosk step).
 */
export async function expectAccessible(page: Page, state = ''): Promise<void> {
  const url = new URL(page.url());
  const kind = `${url.host}${pageKind(url.pathname)}#${state}`;
  if (scanned.has(kind)) return;
  scanned.add(kind);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
  if (process.env.AXE_REPORT) {
    appendFileSync(process.env.AXE_REPORT, found.map((f) => `${url.pathname} ${state}: ${f}\n`).join(''));
    return;
  }
  expect(found, `accessibility of ${url.pathname} ${state}`).toEqual([]);
}

/** `/learn/03-entry-control/1` and `/learn/05-least-privilege/0` are one kind of page. */
function pageKind(path: string): string {
  return path
    .replace(/^\/(learn|quiz)\/[^/]+/, '/$1/:module')
    .replace(/\/(invite|setup|reset)\/[^/]+/, '/$1/:token')
    .replace(/\/hr\/hires\/[^/]+/, '/hr/hires/:hire')
    .replace(/\/\d+$/, '/:index');
}
