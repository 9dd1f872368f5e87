// Nothing a parent types or an answer contains can run script or add markup.
//  1. 20 attack strings typed as the parent's messages, sent to the real assistant.
//  2. Bot messages full of HTML, rendered by the widget's own renderer (window.SenChat.renderBotMessage).
//  3. The same HTML arriving as a real reply (the webhook answer replaced for one message).
// The demo page's Content-Security-Policy is removed for this test, so an injection that the
// widget let through would really run and set window.__xss: the widget itself must stop it.
// Prints one JSON object for test_widget_xss.py.
import { newContext, newPage, run, safetyProblems, transcript, waitForReplies } from './lib.mjs';

export const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=2"></svg>',
  '<script>window.__xss=3</script>',
  '"><script>window.__xss=4</script>',
  'javascript:window.__xss=5',
  '<a href="javascript:window.__xss=6">click me</a>',
  '<iframe src="javascript:window.__xss=7"></iframe>',
  '<body onload="window.__xss=8">',
  '<details open ontoggle="window.__xss=9"><summary>x</summary></details>',
  '<input autofocus onfocus="window.__xss=10">',
  '<video><source onerror="window.__xss=11"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=12">',
  "';window.__xss=13;//",
  '<object data="javascript:window.__xss=14"></object>',
  '<marquee onstart="window.__xss=15">hi</marquee>',
  'https://example.org/"><img src=x onerror="window.__xss=16">',
  "{{constructor.constructor('window.__xss=17')()}}",
  '<div style="width:expression(window.__xss=18)" onmouseover="window.__xss=18">hover</div>',
  '&lt;img src=x onerror="window.__xss=19"&gt;',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=20>">',
];

const NOT_ALLOWED = 'script, img, svg, iframe, object, embed, video, audio, source, math, style, input:not(#senchat-input), details, marquee, noscript, template, form:not(.senchat-form), body *[onerror], [onload], [onfocus], [onmouseover], [ontoggle], [onstart]';

const HOSTILE_BOT_MESSAGES = [
  {
    text: [
      'Hello <b>bold</b> <img src=x onerror="window.__xss=101">',
      '- <svg onload="window.__xss=102"></svg> a bullet',
      '- <a href="javascript:window.__xss=103">a link</a>',
      'See https://example.org/ok"><img src=x onerror="window.__xss=104"> and javascript:window.__xss=105',
      'data:text/html,<script>window.__xss=106</script> http://plain.example.org/not-a-link',
      '1. <script>window.__xss=107</script>',
      'Source: <iframe src="javascript:window.__xss=108"></iframe> https://www.gov.uk/x)',
    ].join('\n'),
    buttons: [
      { title: '<img src=x onerror="window.__xss=109">', payload: '/help' },
      { title: 'ok', payload: '"><script>window.__xss=110</script>' },
    ],
  },
  {
    custom: {
      type: 'meeting_plan',
      title: '<img src=x onerror="window.__xss=111">Plan',
      sections: [{ heading: '<script>window.__xss=112</script>', questions: ['<svg onload="window.__xss=113">', 42, null] }],
      tips: [{ text: '<b onmouseover="window.__xss=114">tip</b>', source: '<img src=x onerror="window.__xss=115">' }],
      email: { subject: '<script>window.__xss=116</script>', body: 'Dear <img src=x onerror="window.__xss=117">' },
      next_steps: ['javascript:window.__xss=118', 'https://example.org/a<script>window.__xss=119</script>'],
    },
  },
  { text: { toString: 'not text' }, buttons: 'not a list', custom: '<script>window.__xss=120</script>' },
];

async function elementsNotAllowed(page, scope) {
  return page.$$eval(`${scope} :is(${NOT_ALLOWED})`, (nodes) => nodes.map((n) => n.outerHTML.slice(0, 120)));
}

async function linkTargets(page, scope) {
  return page.$$eval(`${scope} a`, (links) => links.map((a) => a.getAttribute('href')));
}

run(async (browser) => {
  const result = {};
  const context = await newContext(browser);
  // The real demo page, minus its Content-Security-Policy header.
  await context.route(`${process.env.WEBAPP_URL}/`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['content-security-policy'];
    await route.fulfill({ response, headers });
  });
  const page = await newPage(context);
  await page.goto(`${process.env.WEBAPP_URL}/`);
  result.cspRemoved = await page.evaluate(async () => {
    const response = await fetch('/');
    return !response.headers.get('content-security-policy');
  });
  await page.locator('.senchat-launcher').click();
  await waitForReplies(page, 1);

  // 1. Typed by the parent.
  for (const payload of PAYLOADS) {
    await page.locator('#senchat-input').fill(payload);
    await page.locator('#senchat-input').press('Enter');
  }
  await waitForReplies(page, 1 + PAYLOADS.length);
  const said = (await transcript(page)).filter((m) => m.who === 'user').map((m) => m.text);
  result.typed = {
    count: PAYLOADS.length,
    shownAsText: PAYLOADS.map((p) => said.includes(p)),
    elements: await elementsNotAllowed(page, '.senchat-log'),
    links: await linkTargets(page, '.senchat-log .senchat-msg--user'),
  };
  // After a reload the restored transcript is rendered again: still only text.
  await page.reload();
  await page.locator('.senchat-launcher').waitFor({ state: 'visible' });
  const restored = (await transcript(page)).filter((m) => m.who === 'user').map((m) => m.text);
  result.restored = {
    shownAsText: PAYLOADS.map((p) => restored.includes(p)),
    elements: await elementsNotAllowed(page, '.senchat-log'),
  };

  // 2. The renderer, called directly on hostile bot messages.
  result.rendered = await page.evaluate((messages) => {
    const box = document.createElement('div');
    box.id = 'render-test';
    document.body.appendChild(box);
    return messages.map((message) => {
      const node = window.SenChat.renderBotMessage(message);
      box.appendChild(node);
      return { text: node.textContent, html: node.innerHTML.length };
    });
  }, HOSTILE_BOT_MESSAGES);
  result.renderedElements = await elementsNotAllowed(page, '#render-test');
  result.renderedLinks = await linkTargets(page, '#render-test');
  result.renderedLinkDetails = await page.$$eval('#render-test a', (links) => links.map((a) => ({
    target: a.target, rel: a.rel, text: a.textContent, hidden: a.querySelector('.senchat-vh') && a.querySelector('.senchat-vh').textContent,
  })));
  result.renderedListItems = await page.$$eval('#render-test li', (items) => items.map((li) => li.textContent));
  result.renderedSource = await page.$$eval('#render-test .senchat-source', (items) => items.map((p) => p.textContent));

  // 3. The same messages as the assistant's reply to one message, through the real widget.
  await page.route(`${process.env.RASA_URL}/webhooks/rest/webhook`, async (route) => {
    const body = JSON.parse(route.request().postData());
    if (body.message !== 'show me something hostile') return route.fallback();
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': new URL(process.env.WEBAPP_URL).origin },
      body: JSON.stringify(HOSTILE_BOT_MESSAGES),
    });
  });
  const before = await page.locator('.senchat-log .senchat-msg--bot').count();
  await page.locator('#senchat-input').fill('show me something hostile');
  await page.locator('#senchat-input').press('Enter');
  await waitForReplies(page, before + 1);
  result.reply = {
    elements: await elementsNotAllowed(page, '.senchat'),
    links: await linkTargets(page, '.senchat-log'),
    quickReplies: await page.locator('.senchat-reply').allTextContents(),
    botText: (await transcript(page)).filter((m) => m.who === 'bot').slice(-2).map((m) => m.text),
  };
  // Clicking the hostile quick reply sends its payload as text and shows its title as text.
  await page.route(`${process.env.RASA_URL}/webhooks/rest/webhook`, (route) => route.fallback());
  await page.locator('.senchat-reply').first().click();
  await waitForReplies(page, before + 2);
  result.afterClick = {
    lastUser: (await transcript(page)).filter((m) => m.who === 'user').pop().text,
    elements: await elementsNotAllowed(page, '.senchat'),
  };

  await page.waitForTimeout(300); // give any handler that slipped through the time to run
  result.problems = await safetyProblems(page);
  await context.close();
  return result;
});
