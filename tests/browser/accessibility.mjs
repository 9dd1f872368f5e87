// Accessibility of the widget on the demo page: axe-core (WCAG 2.2 AA rule set) with the widget
// open and with a conversation in it, at 1280px and 320px; reflow at 320px and at 400% zoom;
// focus outlines; the input's font size; reduced motion; names and roles. Screenshots go to
// test-artifacts/. Prints one JSON object for test_widget_accessibility.py.
import {
  ARTIFACTS_DIR, axe, botCount, newContext, newPage, openDemo, run, safetyProblems, waitForReplies,
} from './lib.mjs';

const QUESTION = 'how often should the school meet with me about the support';

async function ask(page, text) {
  const before = await botCount(page);
  await page.locator('#senchat-input').fill(text);
  await page.locator('#senchat-input').press('Enter');
  await waitForReplies(page, before + 1);
}

/** Reflow facts: any horizontal scrolling, and where the panel sits in the viewport. */
function layout(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('.senchat-panel');
    const rect = panel.getBoundingClientRect();
    const overflowing = Array.from(panel.querySelectorAll('*')).filter((node) => {
      const r = node.getBoundingClientRect();
      return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)
        && !node.closest('.senchat-vh') && !node.classList.contains('senchat-vh');
    }).map((node) => `${node.tagName.toLowerCase()}.${node.className}`);
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      documentScrollWidth: document.documentElement.scrollWidth,
      panel: { left: rect.left, top: rect.top, width: rect.width, height: rect.height },
      panelScrollWidth: panel.scrollWidth,
      panelClientWidth: panel.clientWidth,
      logScrollWidth: document.querySelector('.senchat-log').scrollWidth,
      logClientWidth: document.querySelector('.senchat-log').clientWidth,
      overflowing: overflowing.slice(0, 10),
      ariaModal: panel.getAttribute('aria-modal'),
    };
  });
}

/** The focus indicator of the focused element: outline, white ring, and contrast with its surroundings. */
function focusStyle(page) {
  return page.evaluate(() => {
    const node = document.activeElement;
    const style = getComputedStyle(node);
    const parse = (color) => {
      const m = color.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }) => {
      const f = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const contrast = (x, y) => {
      const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
      return (a + 0.05) / (b + 0.05);
    };
    let behind = node.parentElement;
    let background = null;
    while (behind) {
      const c = parse(getComputedStyle(behind).backgroundColor);
      if (c && c.a > 0.9) { background = c; break; }
      behind = behind.parentElement;
    }
    background = background || { r: 255, g: 255, b: 255 };
    const outline = parse(style.outlineColor);
    const ring = parse((style.boxShadow.match(/rgba?\([^)]+\)/) || [''])[0]);
    return {
      element: `${node.tagName.toLowerCase()}.${node.className}`,
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineContrastWithBackground: outline ? contrast(outline, background) : 0,
      ringContrastWithBackground: ring ? contrast(ring, background) : 0,
      outlineContrastWithRing: outline && ring ? contrast(outline, ring) : 0,
    };
  });
}

run(async (browser) => {
  const result = {};

  // --- Desktop, 1280px -----------------------------------------------------------------
  const desktop = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const page = await newPage(desktop);
  await openDemo(page);
  result.axeClosed = await axe(page);
  result.launcherByRole = await page.getByRole('button', { name: /chat/i }).count();
  result.launcherFocus = [];
  await page.locator('.senchat-launcher').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  result.launcherFocus.push(await focusStyle(page));
  await page.keyboard.press('Enter');
  await waitForReplies(page, 1);
  result.dialog = await page.evaluate(() => {
    const panel = document.querySelector('.senchat-panel');
    const heading = document.getElementById(panel.getAttribute('aria-labelledby'));
    const input = document.getElementById('senchat-input');
    const label = document.querySelector('label[for="senchat-input"]');
    const log = document.querySelector('.senchat-log');
    return {
      role: panel.getAttribute('role'),
      headingTag: heading && heading.tagName,
      headingText: heading && heading.textContent,
      labelText: label && label.textContent,
      labelVisible: !!label && label.getBoundingClientRect().height > 0 && getComputedStyle(label).visibility === 'visible',
      inputFontSize: parseFloat(getComputedStyle(input).fontSize),
      inputDescribedBy: document.getElementById(input.getAttribute('aria-describedby')).textContent,
      logRole: log.getAttribute('role'),
      logLive: log.getAttribute('aria-live'),
      saidLabels: Array.from(document.querySelectorAll('.senchat-msg > .senchat-vh')).map((n) => n.textContent),
      privacyLink: document.querySelector('.senchat-privacy') && document.querySelector('.senchat-privacy').href,
      quickExit: document.querySelector('.senchat-quick-exit').getAttribute('href'),
    };
  });
  result.axeOpen = await axe(page);

  // Focus indicators inside the panel: the input, Send, a quick reply, the header's Close.
  result.panelFocus = [await focusStyle(page)];
  await page.keyboard.press('Tab');
  result.panelFocus.push(await focusStyle(page));
  await page.keyboard.press('Tab');
  result.panelFocus.push(await focusStyle(page));
  await page.locator('.senchat-close').focus();
  result.panelFocus.push(await focusStyle(page));
  await page.locator('#senchat-input').focus();

  await ask(page, QUESTION);
  await page.locator('.senchat-feedback-no').focus();
  await page.keyboard.press('Enter');
  await page.locator('.senchat-feedback-status', { hasText: /Thank you|Sorry/ }).waitFor();
  await page.keyboard.press('Shift+Tab');
  result.panelFocus.push(await focusStyle(page));
  result.axeConversation = await axe(page);
  await page.screenshot({ path: `${ARTIFACTS_DIR}/widget-1280.png` });
  result.desktopLayout = await layout(page);
  result.problems = await safetyProblems(page);
  await desktop.close();

  // --- A phone, 320px wide ---------------------------------------------------------------
  const phone = await newContext(browser, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const small = await newPage(phone);
  await openDemo(small);
  result.phoneClosedScrollWidth = await small.evaluate(() => document.documentElement.scrollWidth);
  await small.locator('.senchat-launcher').click();
  await waitForReplies(small, 1);
  await ask(small, QUESTION);
  result.phoneLayout = await layout(small);
  result.axePhone = await axe(small);
  await small.screenshot({ path: `${ARTIFACTS_DIR}/widget-320.png` });
  // Full screen, so Tab stays inside the panel: from the last control it wraps to the first.
  await small.locator('.senchat-delete').focus();
  await small.keyboard.press('Tab');
  result.phoneFocusWrapsTo = await small.evaluate(() => document.activeElement.className);
  result.problems.push(...await safetyProblems(small));
  await phone.close();

  // --- 400% zoom of a 1280x800 window: 320x200 CSS pixels ---------------------------------
  const zoomed = await newContext(browser, { viewport: { width: 320, height: 200 } });
  const zoom = await newPage(zoomed);
  await openDemo(zoom);
  await zoom.locator('.senchat-launcher').click();
  await waitForReplies(zoom, 1);
  await ask(zoom, QUESTION);
  result.zoomLayout = await layout(zoom);
  result.zoomPanelScrolls = await zoom.evaluate(() => {
    const panel = document.querySelector('.senchat-panel');
    return getComputedStyle(panel).overflowY;
  });
  result.zoomAnswerVisible = await zoom.evaluate(() => {
    const answers = document.querySelectorAll('.senchat-msg--bot');
    const r = answers[answers.length - 1].getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  await zoom.evaluate(() => document.activeElement.blur());
  await zoom.locator('#senchat-input').focus();
  result.zoomInputVisible = await zoom.evaluate(() => {
    const r = document.getElementById('senchat-input').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, width: r.width, viewportHeight: window.innerHeight };
  });
  await zoom.screenshot({ path: `${ARTIFACTS_DIR}/widget-400-percent-zoom.png` });
  result.problems.push(...await safetyProblems(zoom));
  await zoomed.close();

  // --- Reduced motion: the typing dots stand still ---------------------------------------
  result.motion = {};
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const context = await newContext(browser, { reducedMotion });
    const motion = await newPage(context);
    await openDemo(motion);
    result.motion[reducedMotion] = await motion.evaluate(() => {
      const dot = document.querySelector('.senchat-dots span');
      return getComputedStyle(dot).animationName;
    });
    await context.close();
  }
  return result;
});
