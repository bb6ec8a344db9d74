import { defineConfig } from '@playwright/test';

// The server is started by global-setup.ts (it needs the one-time setup link the server
// prints). Browsers come from Debian's `chromium` package: Playwright's own download
// cannot reach its host from a locked-down network.
export const PORT = Number(process.env.MAMORU_E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // A bound for a hung test, not a pace: CI shares two cores and runs up to 3× slower.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'ja-JP',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'desktop', testIgnore: /no-script\.spec\.ts/, use: { viewport: { width: 1280, height: 800 } } },
    // The hire's journey on a phone that runs no script. It needs the HR account the
    // desktop journey creates, so it runs after it.
    {
      name: 'no-script',
      testMatch: /no-script\.spec\.ts/,
      dependencies: ['desktop'],
      use: { javaScriptEnabled: false, viewport: { width: 390, height: 844 } },
    },
    // A benchmark, on demand (`make phone-speed`), never part of `make test`.
    ...(process.env.MAMORU_PHONE_SPEED
      ? [{ name: 'phone-speed', testDir: './benches', testMatch: /\.bench\.ts$/, dependencies: ['desktop'] }]
      : []),
  ],
});
