// Runs the end-to-end tests against the running system, after checking what they need:
// a Chromium from the system's packages, and a gateway that answers. Arguments are passed on
// to "playwright test" (for example a file name, or --grep).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.SAGASHOP_CHROMIUM ?? '/usr/bin/chromium';
const webUrl = process.env.SAGASHOP_WEB_URL;
const gatewayUrl = process.env.SAGASHOP_GATEWAY_URL ?? 'http://localhost:8080';

if (!existsSync(chromium)) {
  console.error(`No Chromium at ${chromium}. Run scripts/ensure-chromium.sh (it installs Debian's chromium package).`);
  process.exit(1);
}

// With SAGASHOP_WEB_URL the web front end is already served; otherwise the tests start one
// that forwards /api to the gateway, so the gateway itself must answer.
const probe = webUrl ? `${webUrl.replace(/\/$/, '')}/api/products` : `${gatewayUrl.replace(/\/$/, '')}/api/products`;
try {
  const response = await fetch(probe, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
} catch (error) {
  console.error(`The shop does not answer at ${probe} (${error.cause?.code ?? error.message}).`);
  console.error('Start the system first (./run.sh at the top of the repository), then run the e2e tests again.');
  process.exit(1);
}

const playwright = join(root, 'node_modules', '.bin', 'playwright');
const child = spawn(playwright, ['test', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
