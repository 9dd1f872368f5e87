// Shared helpers for the browser scripts: launch Debian's Chromium through playwright-core, open
// the demo page, find the widget's parts, and print one JSON result line for pytest to read.
//
// Environment (set by tests/browser/conftest.py):
//   WEBAPP_URL      the web app serving the demo page and the widget (http://127.0.0.1:<port>)
//   RASA_URL        the real Rasa server the demo page's widget talks to
//   RASA_CORS_SHIM  "1" when that Rasa server sends no CORS headers (the test session starts
//                   it without --cors; scripts/run.sh passes --cors): the browser's requests to
//                   it are then passed through unchanged by Playwright, which adds only the
//                   Access-Control-Allow-Origin header the real deployment's --cors would add.
//   ARTIFACTS_DIR   where screenshots go (test-artifacts/)
//   CHROMIUM        the browser binary (default /usr/bin/chromium)
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const WEBAPP_URL = process.env.WEBAPP_URL;
export const RASA_URL = process.env.RASA_URL;
export const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR || 'test-artifacts';
const CORS_SHIM = process.env.RASA_CORS_SHIM === '1';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A browser context (one "tab profile") that reaches the real Rasa server like a deployed page. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(30000);
  if (CORS_SHIM) {
    const origin = new URL(WEBAPP_URL).origin;
    await context.route((url) => url.href.startsWith(`${RASA_URL}/`), async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'access-control-allow-origin': origin, vary: 'Origin' },
      });
    });
  }
  return context;
}

/**
 * A page that records everything that must never happen: uncaught errors, console errors,
 * Content-Security-Policy violations (the demo page forbids inline script, so any injected
 * markup that tried to run would show up here), and `window.__xss` being set.
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/.test(message.text())) {
      page.problems.push(`console: ${message.text()}`);
    }
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample || ''}`);
    });
  });
  return page;
}

export async function openDemo(page, query = '') {
  await page.goto(`${WEBAPP_URL}/${query}`);
  await page.locator('.senchat-launcher').waitFor({ state: 'visible' });
}

/** Everything the widget shows in its transcript, message by message. */
export async function transcript(page) {
  return page.$$eval('.senchat-log .senchat-msg', (nodes) => nodes.map((node) => ({
    who: node.classList.contains('senchat-msg--user') ? 'user'
      : node.classList.contains('senchat-msg--bot') ? 'bot' : 'notice',
    said: node.querySelector('.senchat-vh') ? node.querySelector('.senchat-vh').textContent : '',
    text: node.querySelector('.senchat-bubble').textContent,
  })));
}

/** Wait until the assistant has answered everything sent so far (typing indicator gone). */
export async function waitForReplies(page, atLeastBotMessages = 1) {
  await page.waitForFunction((count) => {
    const typing = document.querySelector('.senchat-typing');
    const bots = document.querySelectorAll('.senchat-log .senchat-msg--bot, .senchat-log .senchat-notice--error');
    return typing && !typing.classList.contains('senchat-typing--on') && bots.length >= count;
  }, atLeastBotMessages, { timeout: 60000 });
}

export async function botCount(page) {
  return page.locator('.senchat-log .senchat-msg--bot').count();
}

/** Describe the focused element in words a test can compare: "input", "Send", "reply:...". */
export async function focused(page) {
  return page.evaluate(() => {
    const node = document.activeElement;
    if (!node || node === document.body) return 'body';
    if (node.id === 'senchat-input') return 'input';
    if (node.classList.contains('senchat-launcher')) return 'launcher';
    if (node.classList.contains('senchat-reply')) return `reply:${node.textContent}`;
    if (node.classList.contains('senchat-feedback-yes')) return 'feedback:Yes';
    if (node.classList.contains('senchat-feedback-no')) return 'feedback:No';
    if (node.classList.contains('senchat-log')) return 'log';
    return `${node.tagName.toLowerCase()}:${node.textContent.trim()}`;
  });
}

export async function sessionState(page) {
  return page.evaluate(() => {
    const keys = Object.keys(sessionStorage);
    return {
      keys,
      localStorageKeys: Object.keys(localStorage),
      state: keys.filter((k) => k.startsWith('senchat:')).map((k) => JSON.parse(sessionStorage.getItem(k)))[0] || null,
    };
  });
}

export async function safetyProblems(page) {
  const inPage = await page.evaluate(() => ({
    xss: typeof window.__xss === 'undefined' ? null : String(window.__xss),
    csp: window.__cspViolations || [],
  }));
  const problems = [...page.problems, ...inPage.csp.map((v) => `CSP violation: ${v}`)];
  if (inPage.xss !== null) problems.push(`window.__xss was set to ${inPage.xss}`);
  return problems;
}

export function axeSource() {
  return readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
}

/** Run axe-core with the WCAG 2.2 AA rule set; return its violations in short form. */
export async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) is untouched.
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    await page.evaluate(`${axeSource()}\n;undefined`);
  }
  const result = await page.evaluate(async () => {
    const out = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return out.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return result;
}

/** Print the JSON result pytest reads (the last line of stdout), and exit. */
export function finish(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Run `main`; on any failure print what went wrong as JSON and exit 1. */
export async function run(main) {
  let browser;
  try {
    browser = await launch();
    const result = await main(browser);
    await browser.close();
    finish(result);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error && error.stack ? error.stack : error) })}\n`);
    if (browser) await browser.close().catch(() => {});
    process.exit(1);
  }
}
