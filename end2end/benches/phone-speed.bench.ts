import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { PASSWORD } from '../tests/pages/accounts';
import { MODULES } from '../tests/pages/course';

// A benchmark, not a test: how fast a hire's pages are on a throttled phone (Chromium's
// DevTools protocol: 4× CPU slowdown and Lighthouse's "slow 4G", 150 ms round trips and
// 1.6 Mbit/s down as DevTools applies them), each page loaded with an empty cache.
// Run on demand: `make phone-speed` (it needs the desktop journey's HR account, so the
// desktop project runs first). It prints the numbers the README keeps; it asserts only
// that each page loaded and hydrated.
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
const RUNS = Number(process.env.MAMORU_PHONE_SPEED_RUNS ?? 5);
const MODULE = MODULES[0];

/** A hire invited by HR and signed up, with the first module's lessons read. */
async function hireAtTheQuiz(api: APIRequestContext): Promise<{ attempt: string }> {
  expect((await api.post('/api/auth/sign_in', { form: { email: 'hr@example.jp', password: PASSWORD } })).status()).toBe(200);
  const email = `phone-${Date.now()}@example.jp`;
  const invited = await api.post('/api/hires/invite', {
    form: { name: '速度 計測', kana: 'ソクド ケイソク', email, employee_number: `P-${Date.now()}`, site: '本社', start_date: '2026-12-01' },
  });
  expect(invited.status()).toBe(200);
  const token = new URL((await invited.json()).link).pathname.split('/').pop()!;
  const accepted = await api.post('/api/auth/accept_invite', { form: { token, password: PASSWORD, password_again: PASSWORD } });
  expect(accepted.status()).toBe(200);
  for (let index = 0; ; index++) {
    const read = await api.post('/api/course/read', { form: { module: MODULE, index: String(index) } });
    expect(read.status()).toBe(200);
    if ((await read.json()).startsWith('/quiz/')) break;
  }
  const started = await api.post('/api/quiz/start', { form: { module: MODULE, lang: 'ja' } });
  expect(started.status()).toBe(200);
  return { attempt: (await started.json()).attempt_id };
}

/** Loads `path` on a fresh throttled phone and answers its largest contentful paint and
 * when the WebAssembly had taken over, in ms from navigation start. */
async function measure(context: BrowserContext, path: string): Promise<{ lcp: number; hydrated: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    const w = window as unknown as { lcp: number; hydrated: number };
    w.lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === 'true') {
        w.hydrated = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(path);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 60_000 });
  const numbers = await page.evaluate(() => {
    const w = window as unknown as { lcp: number; hydrated: number };
    return { lcp: w.lcp, hydrated: w.hydrated };
  });
  await page.close();
  expect(numbers.lcp, `${path}: a largest contentful paint`).toBeGreaterThan(0);
  expect(numbers.hydrated, `${path}: hydrated`).toBeGreaterThan(0);
  return numbers;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('a hire’s home, a lesson and a quiz on a throttled phone', async ({ browser, playwright, baseURL }) => {
  test.setTimeout(10 * 60_000);
  const api = await playwright.request.newContext({ baseURL });
  const { attempt } = await hireAtTheQuiz(api);
  const cookies = (await api.storageState()).cookies;
  await api.dispose();
  const pages = { home: '/home', lesson: `/learn/${MODULE}/0`, quiz: `/quiz/${MODULE}/${attempt}` };
  const rows: string[] = [];
  for (const [name, path] of Object.entries(pages)) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await context.addCookies(cookies);
      runs.push(await measure(context, path));
      await context.close();
    }
    const lcp = median(runs.map((r) => r.lcp));
    const hydrated = median(runs.map((r) => r.hydrated));
    rows.push(`| ${name} | ${Math.round(lcp)} ms | ${Math.round(hydrated)} ms |`);
  }
  console.log(['', `phone (4× CPU, slow 4G, empty cache), median of ${RUNS}:`, '| page | largest contentful paint | WebAssembly took over |', '|---|---|---|', ...rows].join('\n'));
});
