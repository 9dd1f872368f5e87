// Preparing for a school meeting through the widget, by buttons only: the plan arrives as
// headings, numbered questions, tips and an email draft, and Copy, Print and Download work.
// Prints one JSON object for test_widget_meeting_plan.py.
import { readFileSync } from 'node:fs';
import {
  ARTIFACTS_DIR, axe, botCount, newContext, newPage, openDemo, run, safetyProblems, transcript, waitForReplies,
} from './lib.mjs';

async function clickReply(page, title) {
  const before = await botCount(page);
  const reply = page.locator('.senchat-reply', { hasText: title }).first();
  const chosen = await reply.textContent();
  await reply.click();
  await waitForReplies(page, before + 1);
  return chosen;
}

run(async (browser) => {
  const result = { answers: [] };
  const context = await newContext(browser, { acceptDownloads: true });
  const origin = process.env.WEBAPP_URL;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await newPage(context);
  await openDemo(page);
  await page.locator('.senchat-launcher').click();
  await waitForReplies(page, 1);

  result.answers.push(await clickReply(page, 'Prepare for a school meeting'));
  // Six questions, each answered with its first button (never "Stop these questions").
  for (let i = 0; i < 6; i += 1) {
    const plan = await page.locator('.senchat-plan').count();
    if (plan) break;
    const first = page.locator('.senchat-reply').filter({ hasNotText: 'Stop these questions' }).first();
    result.answers.push(await clickReply(page, await first.textContent()));
  }
  const plan = page.locator('.senchat-plan').last();
  await plan.waitFor();

  result.plan = await plan.evaluate((article) => ({
    title: article.querySelector('h3').textContent,
    labelledBy: document.getElementById(article.getAttribute('aria-labelledby')).textContent,
    headings: Array.from(article.querySelectorAll('h4')).map((h) => h.textContent),
    lists: Array.from(article.querySelectorAll('ol')).map((ol) => ({
      start: ol.start, items: Array.from(ol.children).map((li) => li.textContent),
    })),
    questions: Array.from(article.querySelectorAll('ol > li')).length,
    tips: Array.from(article.querySelectorAll('h4 + ul')).length,
    emailSubject: article.querySelector('.senchat-email-subject') && article.querySelector('.senchat-email-subject').textContent,
    emailBody: article.querySelector('.senchat-email') && article.querySelector('.senchat-email').textContent,
    buttons: Array.from(article.querySelectorAll('button')).map((b) => ({
      visible: b.firstChild.textContent, name: b.textContent, type: b.type,
    })),
  }));
  // The plain-text copy of the plan that Rasa sends first must not be shown as well.
  result.transcript = await transcript(page);
  result.planTextShownTwice = result.transcript.some((m) => m.who === 'bot' && !m.text.startsWith(result.plan.title)
    && m.text.includes('Email to send before the meeting'));

  result.axe = await axe(page);

  // Download (.txt): a real file, named meeting-questions.txt, holding the whole plan.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    plan.locator('button[data-action="download"]').click(),
  ]);
  result.download = {
    filename: download.suggestedFilename(),
    content: readFileSync(await download.path(), 'utf8'),
  };
  result.expectedText = await page.evaluate(() => {
    const entries = JSON.parse(sessionStorage.getItem('senchat:exampleshire')).entries;
    const last = entries.filter((e) => e.who === 'bot' && e.message.custom).pop();
    return window.SenChat.planToText(last.message.custom);
  });
  result.downloadStatus = await plan.locator('.senchat-plan-status').textContent();

  // Copy: the same text on the clipboard.
  await plan.locator('button[data-action="copy"]').click();
  await plan.locator('.senchat-plan-status', { hasText: 'Copied' }).waitFor();
  result.clipboard = await page.evaluate(() => navigator.clipboard.readText().catch((e) => `unreadable: ${e}`));

  // Print: the browser's print is called with the page in "print only the plan" mode.
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => window.__printed.push({
      printing: document.documentElement.classList.contains('senchat-printing'),
      target: !!document.querySelector('.senchat-plan.senchat-print-target'),
    });
  });
  await plan.locator('button[data-action="print"]').click();
  result.printed = await page.evaluate(() => window.__printed);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => {
    document.documentElement.classList.add('senchat-printing');
    document.querySelector('.senchat-plan').classList.add('senchat-print-target');
  });
  await page.screenshot({ path: `${ARTIFACTS_DIR}/meeting-plan-print.png`, fullPage: true });
  result.printVisibility = await page.evaluate(() => ({
    planVisible: getComputedStyle(document.querySelector('.senchat-plan h3')).visibility,
    pageHidden: getComputedStyle(document.querySelector('main h1')).visibility,
    actionsShown: getComputedStyle(document.querySelector('.senchat-plan-actions')).display,
  }));
  await page.evaluate(() => {
    document.documentElement.classList.remove('senchat-printing');
    document.querySelector('.senchat-plan').classList.remove('senchat-print-target');
  });
  await page.emulateMedia({ media: 'screen' });
  await plan.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS_DIR}/meeting-plan-1280.png` });

  result.problems = await safetyProblems(page);
  await context.close();
  return result;
});
