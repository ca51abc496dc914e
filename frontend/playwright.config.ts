import { defineConfig } from '@playwright/test';

const webUrl = process.env.SAGASHOP_WEB_URL ?? 'http://localhost:5173';

export default defineConfig({
  testDir: 'e2e',
  // One order runs through stock and payment with deadlines of 30 s each: leave room for that.
  timeout: 150_000,
  expect: { timeout: 15_000 },
  // Two cores are shared with the whole system: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: webUrl,
    browserName: 'chromium',
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium (scripts/ensure-chromium.sh installs it); Playwright never downloads one.
      executablePath: process.env.SAGASHOP_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // Without SAGASHOP_WEB_URL the tests serve the production build themselves, with /api forwarded
  // to the gateway (SAGASHOP_GATEWAY_URL, default http://localhost:8080).
  webServer: process.env.SAGASHOP_WEB_URL
    ? undefined
    : {
        command: 'npm run build && npx vite preview --port 5173 --strictPort',
        url: 'http://localhost:5173',
        reuseExistingServer: true,
        timeout: 180_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
