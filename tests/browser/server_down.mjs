// When the assistant cannot be reached, the parent gets a clear message that still gives a way to
// a person: the SENDIASS contact from data-sendiass, or "your local SENDIASS" without it.
// The demo page is served as usual, with its data-server pointed at a port nobody listens on.
// Usage: node server_down.mjs <closed port>. Prints one JSON object for test_widget_server_down.py.
import { newContext, newPage, run, safetyProblems, transcript, waitForReplies } from './lib.mjs';

const closed = `http://127.0.0.1:${process.argv[2]}`;

async function demoWithDeadServer(browser, { dropSendiass }) {
  const context = await newContext(browser);
  await context.route(`${process.env.WEBAPP_URL}/`, async (route) => {
    const response = await route.fetch();
    let html = await response.text();
    html = html.replaceAll(`data-server="${process.env.RASA_URL}"`, `data-server="${closed}"`);
    if (dropSendiass) html = html.replace(/ data-sendiass="[^"]*"/, '');
    const headers = { ...response.headers() };
    headers['content-security-policy'] = headers['content-security-policy'].replace(process.env.RASA_URL, closed);
    await route.fulfill({ response, body: html, headers });
  });
  const page = await newPage(context);
  await page.goto(`${process.env.WEBAPP_URL}/`);
  const server = await page.evaluate(() => window.SenChat.config.server);
  await page.locator('.senchat-launcher').click();
  await waitForReplies(page, 1);
  const opened = await transcript(page);
  await page.locator('#senchat-input').fill('what is sen support');
  await page.locator('#senchat-input').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.senchat-notice--error').length >= 2);
  const result = {
    server,
    opened,
    afterQuestion: await transcript(page),
    errorInLog: await page.$$eval('.senchat-log .senchat-notice--error', (n) => n.length),
    typingOff: await page.locator('.senchat-typing').evaluate((n) => !n.classList.contains('senchat-typing--on') && !n.textContent),
    focus: await page.evaluate(() => document.activeElement.id),
    problems: await safetyProblems(page),
  };
  await context.close();
  return result;
}

run(async (browser) => ({
  withContact: await demoWithDeadServer(browser, { dropSendiass: false }),
  withoutContact: await demoWithDeadServer(browser, { dropSendiass: true }),
}));
