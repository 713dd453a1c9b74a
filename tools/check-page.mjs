// Opens one page in headless Chromium (the system browser; Playwright never downloads one) and prints
// a JSON report on stdout: HTTP status, title, how many elements match a selector, failed requests,
// 4xx/5xx responses, console errors and page errors. Used by the .NET tests (BrowserPageCheck).
//
//   node tools/check-page.mjs --url http://127.0.0.1:8000/docs [--selector .opblock] [--timeout 30000]
//
// Browser: $CHROMIUM_PATH, else /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome.
// Exit codes: 0 = report printed (the caller judges it), 2 = could not run (message on stderr).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    selector: { type: 'string' },
    timeout: { type: 'string', default: '30000' },
  },
});

if (!values.url) {
  console.error('usage: node check-page.mjs --url URL [--selector CSS] [--timeout MS]');
  process.exit(2);
}

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) {
  console.error(`No Chromium found (tried ${candidates.join(', ')}). Install it with: apt-get install -y chromium`);
  process.exit(2);
}

const timeout = Number(values.timeout);
const report = {
  url: values.url,
  browser: executablePath,
  status: null,
  title: null,
  selector: values.selector ?? null,
  selectorCount: null,
  failedRequests: [],
  badResponses: [],
  consoleErrors: [],
  pageErrors: [],
};

let browser;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
  });
} catch (err) {
  console.error(`Could not launch ${executablePath}: ${err.message}`);
  process.exit(2);
}

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('requestfailed', (r) => report.failedRequests.push({ url: r.url(), error: r.failure()?.errorText ?? 'failed' }));
  page.on('response', (r) => {
    if (r.status() >= 400) report.badResponses.push({ url: r.url(), status: r.status() });
  });
  page.on('console', (m) => {
    // The browser's own favicon probe is not the page's request: ignore its 404.
    if (m.type() === 'error' && !/\/favicon\.ico(\?|$)/.test(m.location()?.url ?? '')) {
      report.consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => report.pageErrors.push(String(e?.message ?? e)));

  const response = await page.goto(values.url, { waitUntil: 'networkidle', timeout });
  report.status = response?.status() ?? null;
  if (values.selector) {
    try {
      await page.waitForSelector(values.selector, { timeout });
    } catch {
      // Reported as selectorCount = 0 below.
    }
    report.selectorCount = await page.locator(values.selector).count();
  }
  report.title = await page.title();
} catch (err) {
  report.pageErrors.push(`navigation: ${err.message}`);
} finally {
  await browser.close();
}

process.stdout.write(JSON.stringify(report) + '\n');
