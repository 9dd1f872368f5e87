// A parent's conversation through the widget on the demo page, with the keyboard only: open the
// launcher, ask a question, read the answer, give feedback, pick a quick reply; then reload the
// tab, start again, and delete a conversation. Prints one JSON object for test_widget_conversation.py.
import {
  botCount, focused, newContext, newPage, openDemo, run, safetyProblems, sessionState, transcript,
  waitForReplies,
} from './lib.mjs';

const QUESTION = 'what is sen support';

async function tabUntil(page, wanted, limit = 40) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (wanted(now)) return seen;
  }
  throw new Error(`focus never reached the element; went through ${seen.join(' | ')}`);
}

run(async (browser) => {
  const result = {};
  const context = await newContext(browser);
  const page = await newPage(context);
  await openDemo(page);

  // The launcher: reached with Tab, named as a chat, opens with Enter, focus goes to the input.
  await tabUntil(page, (f) => f === 'launcher');
  result.launcherName = await page.locator('.senchat-launcher').evaluate((b) => b.textContent);
  result.launcherRole = await page.locator('.senchat-launcher').evaluate((b) => b.tagName);
  await page.keyboard.press('Enter');
  result.focusAfterOpen = await focused(page);
  result.expandedAfterOpen = await page.locator('.senchat-launcher').getAttribute('aria-expanded');
  await waitForReplies(page, 1);
  result.greeting = await transcript(page);

  // Tab order: input -> Send -> quick replies -> controls.
  const order = [await focused(page)];
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
  }
  result.tabOrder = order;

  // Escape closes and gives focus back to the launcher; Enter opens again at the input.
  await page.keyboard.press('Escape');
  result.focusAfterEscape = await focused(page);
  result.panelHiddenAfterEscape = await page.locator('.senchat-panel').isHidden();
  await page.keyboard.press('Enter');
  result.focusAfterReopen = await focused(page);

  // Ask a question by typing; watch the typing indicator while waiting.
  await page.evaluate(() => {
    window.__typingSeen = [];
    const status = document.querySelector('.senchat-typing');
    new MutationObserver(() => window.__typingSeen.push(status.textContent))
      .observe(status, { childList: true, subtree: true, characterData: true });
  });
  const before = await botCount(page);
  await page.keyboard.type(QUESTION);
  await page.keyboard.press('Enter');
  await waitForReplies(page, before + 1);
  result.typingAnnouncements = await page.evaluate(() => window.__typingSeen.filter((t) => t));
  result.afterQuestion = await transcript(page);
  result.focusAfterSend = await focused(page);
  result.sourceNotes = await page.locator('.senchat-log .senchat-source').allTextContents();
  result.logAttributes = await page.locator('.senchat-log').evaluate((log) => ({
    role: log.getAttribute('role'), live: log.getAttribute('aria-live'),
  }));
  result.answerLinks = await page.$$eval('.senchat-log a', (links) => links.map((a) => ({
    href: a.getAttribute('href'), target: a.target, rel: a.rel, text: a.textContent,
  })));

  // Feedback with the keyboard: Tab on to "Yes", press Space.
  result.feedbackGroup = await page.locator('.senchat-feedback').evaluate((g) => ({
    role: g.getAttribute('role'),
    label: document.getElementById(g.getAttribute('aria-labelledby')).textContent,
    hidden: g.hidden,
  }));
  await tabUntil(page, (f) => f === 'feedback:Yes', 20);
  await page.keyboard.press('Space');
  await page.locator('.senchat-feedback-status', { hasText: 'Thank you' }).waitFor();
  result.feedbackStatus = await page.locator('.senchat-feedback-status').textContent();
  result.feedbackPressed = {
    yes: await page.locator('.senchat-feedback-yes').getAttribute('aria-pressed'),
    no: await page.locator('.senchat-feedback-no').getAttribute('aria-pressed'),
  };
  result.feedbackSender = await page.evaluate(() => window.SenChat.conversationId());
  result.feedbackAnswerIndex = (await sessionState(page)).state.actions.answerIndex;

  // A quick reply with the keyboard: Shift+Tab back from "Yes" to the last suggestion, Enter.
  await page.keyboard.press('Shift+Tab');
  const replyFocus = await focused(page);
  result.quickReplyChosen = replyFocus.replace(/^reply:/, '');
  const beforeReply = await botCount(page);
  await page.keyboard.press('Enter');
  result.focusAfterQuickReply = await focused(page);
  await waitForReplies(page, beforeReply + 1);
  result.afterQuickReply = await transcript(page);

  // Reload in the same tab: the same conversation, the panel still open.
  const beforeReload = await sessionState(page);
  await page.reload();
  await page.locator('.senchat-launcher').waitFor({ state: 'visible' });
  result.afterReload = {
    transcript: await transcript(page),
    panelVisible: await page.locator('.senchat-panel').isVisible(),
    sameSender: (await page.evaluate(() => window.SenChat.conversationId())) === beforeReload.state.sender,
  };
  result.beforeReloadCount = (await transcript(page)).length;
  result.storage = await sessionState(page);

  // Start again: a new conversation id, the old messages gone from the page and the storage.
  const oldSender = result.storage.state.sender;
  await page.locator('.senchat-restart').click();
  await waitForReplies(page, 1);
  const restarted = await sessionState(page);
  result.startAgain = {
    oldSender,
    newSender: restarted.state.sender,
    transcript: await transcript(page),
    storedEntries: restarted.state.entries.length,
    storageMentionsOld: JSON.stringify(restarted).includes(QUESTION),
    focus: await focused(page),
  };

  // Delete: ask something, then delete; the web app erases it in Rasa, the page forgets it.
  const beforeDelete = await botCount(page);
  await page.locator('#senchat-input').fill('how often should the school meet me');
  await page.keyboard.press('Enter');
  await waitForReplies(page, beforeDelete + 1);
  const deletedSender = await page.evaluate(() => window.SenChat.conversationId());
  const [deleteResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/conversations/') && r.request().method() === 'DELETE'),
    page.locator('.senchat-delete').click(),
  ]);
  await page.locator('.senchat-notice', { hasText: 'has been deleted' }).waitFor();
  const afterDelete = await sessionState(page);
  result.deleted = {
    sender: deletedSender,
    status: deleteResponse.status(),
    newSender: afterDelete.state.sender,
    transcript: await transcript(page),
    storageMentionsOld: JSON.stringify(afterDelete).includes('how often should the school meet me'),
    localStorageKeys: afterDelete.localStorageKeys,
  };

  result.problems = await safetyProblems(page);

  // Quick exit: leaves for a neutral page at once, without a history entry, and clears the storage.
  await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title>' }));
  const historyBefore = await page.evaluate(() => history.length);
  await page.locator('.senchat-quick-exit').click();
  await page.waitForURL('https://www.bbc.co.uk/weather');
  result.quickExit = {
    url: page.url(),
    historyBefore,
    historyAfter: await page.evaluate(() => history.length),
  };
  await page.goto(`${process.env.WEBAPP_URL}/`);
  result.quickExit.storageAfter = await sessionState(page);
  await context.close();
  return result;
});
