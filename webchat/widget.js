/*!
 * SEN support assistant: the webchat widget a council embeds with one tag.
 *
 *   <script src="https://host/webchat/widget.js" data-server="https://rasa-host"
 *           data-council="exampleshire" data-title="Ask about SEN support"
 *           data-sendiass="Exampleshire SENDIASS: 01632 960101"
 *           data-privacy-url="https://www.example.org/exampleshire/privacy" defer></script>
 *
 * Plain JavaScript and CSS (widget.css, loaded from this file's folder): no framework, no build.
 * It talks to Rasa's REST webhook only ({data-server}/webhooks/rest/webhook), and to the web app
 * it was loaded from (data-webapp, by default the folder above this file) for feedback on an
 * answer and for deleting a conversation.
 *
 * Safety: nothing a parent types or an answer contains is ever parsed as HTML. Every node is
 * built with createElement and textContent; only bare https:// addresses become links.
 * Privacy: the conversation id and transcript live in sessionStorage (this tab only), never in
 * localStorage or cookies; "Start again", "Delete this conversation" and "Quick exit" clear them.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (window.SenChat && window.SenChat.loaded) {
    return; // the tag was pasted twice: one widget is enough
  }

  var DEFAULT_TITLE = 'Ask about SEN support';
  var QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather';
  var STORAGE_PREFIX = 'senchat:';
  var REQUEST_TIMEOUT_MS = 60000;
  var MAX_ENTRIES = 300;
  var MAX_INPUT = 2000;
  var NARROW = '(max-width: 40em), (max-height: 30em)';
  var DOWNLOAD_NAME = 'meeting-questions.txt';
  var SOURCE_LINE = /^\s*Source:/;
  var BULLET_LINE = /^\s*[-\u2022]\s+(.*)$/;
  var NUMBER_LINE = /^\s*(\d{1,3})[.)]\s+(.*)$/;
  var URL_IN_TEXT = /https:\/\/[^\s<>"'`]+/g;

  // ---------------------------------------------------------------------------------------
  // Configuration from the script tag
  // ---------------------------------------------------------------------------------------

  function attribute(name) {
    var value = script ? script.getAttribute(name) : null;
    return value ? value.trim() : '';
  }

  function httpUrl(value) {
    try {
      var url = new URL(value, document.baseURI);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
    } catch (error) {
      return '';
    }
  }

  var scriptUrl = script && script.src ? new URL(script.src, document.baseURI) : new URL(document.baseURI);
  var config = {
    server: (httpUrl(attribute('data-server')) || scriptUrl.origin).replace(/\/+$/, ''),
    council: attribute('data-council').toLowerCase(),
    title: attribute('data-title') || DEFAULT_TITLE,
    sendiass: attribute('data-sendiass') || 'your local SENDIASS',
    privacyUrl: httpUrl(attribute('data-privacy-url')),
    webapp: (httpUrl(attribute('data-webapp')) || new URL('../', scriptUrl).href).replace(/\/+$/, '')
  };
  var storageKey = STORAGE_PREFIX + (config.council || 'default');

  // ---------------------------------------------------------------------------------------
  // Small DOM helpers: every piece of text goes in through textContent
  // ---------------------------------------------------------------------------------------

  var idCounter = 0;
  function nextId(name) {
    idCounter += 1;
    return 'senchat-' + name + '-' + idCounter;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function visuallyHidden(text) {
    return el('span', 'senchat-vh', text);
  }

  function button(text, className, hiddenSuffix) {
    var node = el('button', className, text);
    node.type = 'button';
    if (hiddenSuffix) {
      node.appendChild(visuallyHidden(hiddenSuffix));
    }
    return node;
  }

  function str(value) {
    return typeof value === 'string' ? value : '';
  }

  // ---------------------------------------------------------------------------------------
  // Rendering text: paragraphs, "- " lists, numbered lists, https links, the source note
  // ---------------------------------------------------------------------------------------

  /** Trim punctuation that ends a sentence rather than the address, keeping balanced brackets. */
  function trimUrl(url) {
    var trimmed = url;
    for (;;) {
      var last = trimmed.charAt(trimmed.length - 1);
      if ('.,;:!?\'"\u00bb'.indexOf(last) >= 0) {
        trimmed = trimmed.slice(0, -1);
      } else if (last === ')' && trimmed.split('(').length <= trimmed.split(')').length - 1) {
        trimmed = trimmed.slice(0, -1);
      } else if (last === ']' && trimmed.split('[').length <= trimmed.split(']').length - 1) {
        trimmed = trimmed.slice(0, -1);
      } else {
        return trimmed;
      }
    }
  }

  function safeLink(url) {
    try {
      var parsed = new URL(url);
      if (parsed.protocol !== 'https:') {
        return null;
      }
    } catch (error) {
      return null;
    }
    var link = el('a', 'senchat-link', url);
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.appendChild(visuallyHidden(' (opens in new tab)'));
    return link;
  }

  /** Append `text` to `parent` as text nodes, with bare https:// addresses as links. */
  function appendLinkified(parent, text) {
    var rest = String(text);
    var position = 0;
    URL_IN_TEXT.lastIndex = 0;
    var match;
    while ((match = URL_IN_TEXT.exec(rest)) !== null) {
      var url = trimUrl(match[0]);
      var link = url.length > 'https://'.length ? safeLink(url) : null;
      if (!link) {
        continue;
      }
      if (match.index > position) {
        parent.appendChild(document.createTextNode(rest.slice(position, match.index)));
      }
      parent.appendChild(link);
      position = match.index + url.length;
      URL_IN_TEXT.lastIndex = position;
    }
    if (position < rest.length) {
      parent.appendChild(document.createTextNode(rest.slice(position)));
    }
    return parent;
  }

  /** Like appendLinkified, with each line break in `text` kept as a <br>. */
  function appendLines(parent, text) {
    String(text).replace(/\r\n?/g, '\n').split('\n').forEach(function (line, i) {
      if (i > 0) {
        parent.appendChild(el('br'));
      }
      appendLinkified(parent, line);
    });
    return parent;
  }

  /** Plain bot text (lines, "- " bullets, "1. " steps, "Source: ..." lines) as DOM nodes. */
  function renderText(text) {
    var container = el('div', 'senchat-text');
    var lines = String(text).replace(/\r\n?/g, '\n').split('\n');
    var paragraph = null;
    var list = null;
    var listKind = '';

    function closeBlocks() {
      paragraph = null;
      list = null;
      listKind = '';
    }

    for (var i = 0; i < lines.length; i += 1) {
      var line = lines[i];
      if (SOURCE_LINE.test(line)) {
        closeBlocks();
        container.appendChild(appendLinkified(el('p', 'senchat-source'), line.trim()));
        continue;
      }
      if (!line.trim()) {
        closeBlocks();
        continue;
      }
      var bullet = BULLET_LINE.exec(line);
      var numbered = bullet ? null : NUMBER_LINE.exec(line);
      if (bullet || numbered) {
        var kind = bullet ? 'ul' : 'ol';
        if (!list || listKind !== kind) {
          paragraph = null;
          list = el(kind, 'senchat-list');
          listKind = kind;
          if (numbered && numbered[1] !== '1') {
            list.start = parseInt(numbered[1], 10);
          }
          container.appendChild(list);
        }
        list.appendChild(appendLinkified(el('li'), bullet ? bullet[1] : numbered[2]));
        continue;
      }
      list = null;
      listKind = '';
      if (paragraph) {
        paragraph.appendChild(el('br'));
      } else {
        paragraph = el('p');
        container.appendChild(paragraph);
      }
      appendLinkified(paragraph, line);
    }
    return container;
  }

  function hasSource(text) {
    return str(text).split('\n').some(function (line) { return SOURCE_LINE.test(line); });
  }

  // ---------------------------------------------------------------------------------------
  // The meeting plan payload: headings, numbered questions, tips, email, next steps
  // ---------------------------------------------------------------------------------------

  function isMeetingPlan(custom) {
    return !!custom && typeof custom === 'object' && custom.type === 'meeting_plan';
  }

  /** Keep only the fields of a plan we know, as strings and lists of strings. */
  function cleanPlan(custom) {
    var sections = Array.isArray(custom.sections) ? custom.sections : [];
    var tips = Array.isArray(custom.tips) ? custom.tips : [];
    var email = custom.email && typeof custom.email === 'object' ? custom.email : {};
    return {
      type: 'meeting_plan',
      title: str(custom.title) || 'Questions for your meeting',
      sections: sections.filter(function (s) { return s && typeof s === 'object'; }).map(function (s) {
        return {
          heading: str(s.heading),
          questions: (Array.isArray(s.questions) ? s.questions : []).filter(function (q) {
            return typeof q === 'string';
          })
        };
      }),
      tips: tips.filter(function (t) { return t && typeof t === 'object'; }).map(function (t) {
        return { text: str(t.text), source: typeof t.source === 'string' ? t.source : null };
      }),
      email: { subject: str(email.subject), body: str(email.body) },
      next_steps: (Array.isArray(custom.next_steps) ? custom.next_steps : []).filter(function (s) {
        return typeof s === 'string';
      })
    };
  }

  /** The plan as plain text, laid out as the assistant's own text version (actions/meeting_prep/plan.py). */
  function planToText(plan) {
    var lines = [plan.title];
    var number = 1;
    plan.sections.forEach(function (section) {
      lines.push('', section.heading);
      section.questions.forEach(function (question) {
        lines.push(number + '. ' + question);
        number += 1;
      });
    });
    lines.push('', 'Tips for the meeting');
    plan.tips.forEach(function (tip) {
      lines.push('- ' + tip.text + (tip.source ? ' (Source: ' + tip.source + ')' : ''));
    });
    lines.push('', 'Email to send before the meeting', 'Subject: ' + plan.email.subject, '', plan.email.body);
    lines.push('', 'Next steps');
    plan.next_steps.forEach(function (step) { lines.push('- ' + step); });
    return lines.join('\n') + '\n';
  }

  function renderPlan(custom) {
    var plan = cleanPlan(custom);
    var titleId = nextId('plan');
    var article = el('article', 'senchat-plan');
    article.setAttribute('aria-labelledby', titleId);
    var title = el('h3', 'senchat-plan-title', plan.title);
    title.id = titleId;
    article.appendChild(title);

    var number = 1;
    plan.sections.forEach(function (section) {
      if (section.heading) {
        article.appendChild(el('h4', null, section.heading));
      }
      var list = el('ol', 'senchat-list');
      if (number !== 1) {
        list.start = number;
      }
      section.questions.forEach(function (question) {
        list.appendChild(appendLines(el('li'), question));
        number += 1;
      });
      article.appendChild(list);
    });

    if (plan.tips.length) {
      article.appendChild(el('h4', null, 'Tips for the meeting'));
      var tips = el('ul', 'senchat-list');
      plan.tips.forEach(function (tip) {
        var item = appendLines(el('li'), tip.text);
        if (tip.source) {
          item.appendChild(document.createTextNode(' '));
          item.appendChild(el('span', 'senchat-tip-source', '(Source: ' + tip.source + ')'));
        }
        tips.appendChild(item);
      });
      article.appendChild(tips);
    }

    if (plan.email.subject || plan.email.body) {
      article.appendChild(el('h4', null, 'Email to send before the meeting'));
      var subject = el('p', 'senchat-email-subject');
      subject.appendChild(el('strong', null, 'Subject: '));
      subject.appendChild(document.createTextNode(plan.email.subject));
      article.appendChild(subject);
      article.appendChild(el('div', 'senchat-email', plan.email.body));
    }

    if (plan.next_steps.length) {
      article.appendChild(el('h4', null, 'Next steps'));
      var steps = el('ul', 'senchat-list');
      plan.next_steps.forEach(function (step) { steps.appendChild(appendLines(el('li'), step)); });
      article.appendChild(steps);
    }

    var actions = el('div', 'senchat-plan-actions');
    var copy = button('Copy', 'senchat-button senchat-secondary', ' the meeting questions');
    var print = button('Print', 'senchat-button senchat-secondary', ' the meeting questions');
    var download = button('Download (.txt)', 'senchat-button senchat-secondary', ' the meeting questions');
    copy.setAttribute('data-action', 'copy');
    print.setAttribute('data-action', 'print');
    download.setAttribute('data-action', 'download');
    actions.appendChild(copy);
    actions.appendChild(print);
    actions.appendChild(download);
    article.appendChild(actions);
    var done = el('p', 'senchat-plan-status');
    done.setAttribute('aria-hidden', 'true'); // the same words are announced by the status region
    article.appendChild(done);

    var text = planToText(plan);
    copy.addEventListener('click', function () {
      copyText(text).then(function (ok) {
        tell(done, ok ? 'Copied. You can paste the questions into a note or an email.'
          : 'Sorry, copying did not work here. Please use Download instead.');
      });
    });
    print.addEventListener('click', function () { printPlan(article); });
    download.addEventListener('click', function () {
      downloadText(text, DOWNLOAD_NAME);
      tell(done, 'Downloaded as ' + DOWNLOAD_NAME + '.');
    });
    return article;
  }

  function copyText(text) {
    function fallback() {
      var area = el('textarea', 'senchat-offscreen');
      area.value = text;
      area.setAttribute('readonly', '');
      area.setAttribute('aria-hidden', 'true');
      area.tabIndex = -1;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (error) {
        ok = false;
      }
      area.remove();
      return ok;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, fallback);
    }
    return Promise.resolve(fallback());
  }

  function printPlan(article) {
    var root = document.documentElement;
    root.classList.add('senchat-printing');
    article.classList.add('senchat-print-target');
    var cleaned = false;
    function cleanUp() {
      if (!cleaned) {
        cleaned = true;
        root.classList.remove('senchat-printing');
        article.classList.remove('senchat-print-target');
      }
    }
    window.addEventListener('afterprint', cleanUp, { once: true });
    try {
      window.print();
    } finally {
      setTimeout(cleanUp, 1000);
    }
  }

  function downloadText(text, filename) {
    var blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var link = el('a', 'senchat-offscreen');
    link.href = url;
    link.download = filename;
    link.tabIndex = -1;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }

  // ---------------------------------------------------------------------------------------
  // Messages: one bubble each, marked with who said it
  // ---------------------------------------------------------------------------------------

  /** A bot message from Rasa, reduced to the fields we show, all of the right type. */
  function cleanBotMessage(message) {
    var clean = {};
    if (!message || typeof message !== 'object') {
      return clean;
    }
    if (typeof message.text === 'string') {
      clean.text = message.text;
    }
    if (Array.isArray(message.buttons)) {
      clean.buttons = message.buttons.filter(function (b) {
        return b && typeof b === 'object' && typeof b.title === 'string' && typeof b.payload === 'string';
      }).map(function (b) { return { title: b.title, payload: b.payload }; });
    }
    if (isMeetingPlan(message.custom)) {
      clean.custom = cleanPlan(message.custom);
    }
    return clean;
  }

  /**
   * Render one bot message ({text, buttons, custom}) as a detached element. Exported for
   * tests: whatever the message holds, the result contains only text, lists and https links.
   */
  function renderBotMessage(message) {
    var clean = cleanBotMessage(message);
    var wrapper = el('div', 'senchat-msg senchat-msg--bot');
    wrapper.appendChild(visuallyHidden('Assistant said: '));
    var bubble = el('div', 'senchat-bubble');
    if (clean.custom) {
      bubble.appendChild(renderPlan(clean.custom));
    } else if (clean.text !== undefined) {
      bubble.appendChild(renderText(clean.text));
    }
    wrapper.appendChild(bubble);
    return wrapper;
  }

  function renderUserMessage(text) {
    var wrapper = el('div', 'senchat-msg senchat-msg--user');
    wrapper.appendChild(visuallyHidden('You said: '));
    wrapper.appendChild(el('div', 'senchat-bubble', text));
    return wrapper;
  }

  function renderNotice(text, kind) {
    var wrapper = el('div', 'senchat-msg senchat-notice' + (kind === 'error' ? ' senchat-notice--error' : ''));
    wrapper.appendChild(visuallyHidden(kind === 'error' ? 'Problem: ' : 'Note: '));
    var bubble = el('div', 'senchat-bubble');
    bubble.appendChild(renderText(text));
    wrapper.appendChild(bubble);
    return wrapper;
  }

  function unreachableText() {
    return "Sorry, the assistant can't be reached at the moment. Please try again in a few minutes.\n" +
      'If you need help now, contact ' + config.sendiass + '.';
  }

  // ---------------------------------------------------------------------------------------
  // Conversation state, kept in sessionStorage for this tab only
  // ---------------------------------------------------------------------------------------

  function newConversationId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function freshState() {
    return { version: 1, sender: newConversationId(), open: false, entries: [], actions: null, feedback: {} };
  }

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      if (saved && saved.version === 1 && typeof saved.sender === 'string' && Array.isArray(saved.entries)) {
        saved.feedback = saved.feedback && typeof saved.feedback === 'object' ? saved.feedback : {};
        return saved;
      }
    } catch (error) {
      // unreadable or blocked storage: start afresh
    }
    return null;
  }

  function saveState() {
    if (state.entries.length > MAX_ENTRIES) {
      state.entries = state.entries.slice(-MAX_ENTRIES);
    }
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (error) {
      // storage full or blocked: the conversation still works, it just won't survive a reload
    }
  }

  function clearStorage() {
    try {
      var keys = [];
      for (var i = 0; i < window.sessionStorage.length; i += 1) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(STORAGE_PREFIX) === 0) {
          keys.push(key);
        }
      }
      keys.forEach(function (key) { window.sessionStorage.removeItem(key); });
    } catch (error) {
      // nothing stored
    }
  }

  var state = loadState() || freshState();

  // ---------------------------------------------------------------------------------------
  // The widget's DOM
  // ---------------------------------------------------------------------------------------

  var ui = {};

  function build() {
    var root = el('div', 'senchat');
    root.lang = 'en-GB';
    root.hidden = true; // shown once its stylesheet has loaded, so it never flashes unstyled

    var launcher = button(null, 'senchat-launcher');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'senchat-panel');
    launcher.appendChild(el('span', 'senchat-launcher-icon')).setAttribute('aria-hidden', 'true');
    launcher.appendChild(visuallyHidden('Open chat: '));
    launcher.appendChild(el('span', 'senchat-launcher-text', config.title));

    var panel = el('section', 'senchat-panel');
    panel.id = 'senchat-panel';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'false');
    panel.setAttribute('aria-labelledby', 'senchat-title');

    var header = el('div', 'senchat-header');
    var heading = el('h2', 'senchat-title', config.title);
    heading.id = 'senchat-title';
    var headerControls = el('div', 'senchat-header-controls');
    var quickExit = el('a', 'senchat-quick-exit', 'Quick exit');
    quickExit.href = QUICK_EXIT_URL;
    quickExit.appendChild(visuallyHidden(': leave this page now'));
    var close = button('Close', 'senchat-close', ' chat');
    headerControls.appendChild(quickExit);
    headerControls.appendChild(close);
    header.appendChild(heading);
    header.appendChild(headerControls);
    panel.appendChild(header);

    var log = el('div', 'senchat-log');
    log.setAttribute('role', 'log');
    log.setAttribute('aria-live', 'polite');
    log.setAttribute('aria-relevant', 'additions');
    log.setAttribute('aria-label', 'Conversation');
    log.tabIndex = 0;
    // Part of the transcript's scrolling area, so on a small screen it scrolls away.
    log.appendChild(el('p', 'senchat-intro',
      'An automated assistant. It gives general information about SEN support, not advice about your child.'));
    panel.appendChild(log);

    var bottom = el('div', 'senchat-bottom');
    var typing = el('div', 'senchat-typing');
    typing.setAttribute('role', 'status');
    var typingDots = el('span', 'senchat-dots');
    typingDots.setAttribute('aria-hidden', 'true');
    typingDots.appendChild(el('span'));
    typingDots.appendChild(el('span'));
    typingDots.appendChild(el('span'));
    var typingText = el('span', 'senchat-typing-text');
    typing.appendChild(typingDots);
    typing.appendChild(typingText);
    bottom.appendChild(typing);

    var form = el('form', 'senchat-form');
    form.noValidate = true;
    var label = el('label', 'senchat-label', 'Type your question');
    label.htmlFor = 'senchat-input';
    var row = el('div', 'senchat-row');
    var input = el('input', 'senchat-input');
    input.id = 'senchat-input';
    input.type = 'text';
    input.autocomplete = 'off';
    input.maxLength = MAX_INPUT;
    input.setAttribute('enterkeyhint', 'send');
    input.setAttribute('aria-describedby', 'senchat-hint');
    var send = el('button', 'senchat-button senchat-primary senchat-send', 'Send');
    send.type = 'submit';
    row.appendChild(input);
    row.appendChild(send);
    var hint = el('p', 'senchat-hint', "Please don't type names or personal details.");
    hint.id = 'senchat-hint';
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(hint);
    bottom.appendChild(form);

    var actionsArea = el('div', 'senchat-actions');
    var replies = el('div', 'senchat-replies');
    replies.hidden = true;
    replies.setAttribute('role', 'group');
    replies.setAttribute('aria-labelledby', 'senchat-replies-label');
    var repliesLabel = el('p', 'senchat-replies-label', 'Choose a reply, or type your own:');
    repliesLabel.id = 'senchat-replies-label';
    var repliesList = el('div', 'senchat-replies-list');
    replies.appendChild(repliesLabel);
    replies.appendChild(repliesList);
    actionsArea.appendChild(replies);

    var feedback = el('div', 'senchat-feedback');
    feedback.hidden = true;
    feedback.setAttribute('role', 'group');
    feedback.setAttribute('aria-labelledby', 'senchat-feedback-label');
    var feedbackLabel = el('span', 'senchat-feedback-label', 'Was this helpful?');
    feedbackLabel.id = 'senchat-feedback-label';
    var yes = button('Yes', 'senchat-button senchat-secondary senchat-feedback-yes');
    var no = button('No', 'senchat-button senchat-secondary senchat-feedback-no');
    yes.setAttribute('aria-pressed', 'false');
    no.setAttribute('aria-pressed', 'false');
    var feedbackStatus = el('p', 'senchat-feedback-status');
    feedbackStatus.setAttribute('role', 'status');
    feedback.appendChild(feedbackLabel);
    feedback.appendChild(yes);
    feedback.appendChild(no);
    actionsArea.appendChild(feedback);
    actionsArea.appendChild(feedbackStatus);
    bottom.appendChild(actionsArea);

    var footer = el('div', 'senchat-footer');
    if (config.privacyUrl) {
      var privacy = el('a', 'senchat-privacy', 'Privacy notice');
      privacy.href = config.privacyUrl;
      privacy.target = '_blank';
      privacy.rel = 'noopener noreferrer';
      privacy.appendChild(visuallyHidden(' (opens in new tab)'));
      footer.appendChild(privacy);
    }
    var restart = button('Start again', 'senchat-button senchat-secondary senchat-restart');
    var erase = button('Delete this conversation', 'senchat-button senchat-secondary senchat-delete');
    footer.appendChild(restart);
    footer.appendChild(erase);
    bottom.appendChild(footer);

    var announcer = el('p', 'senchat-vh senchat-announcer');
    announcer.setAttribute('role', 'status');
    bottom.appendChild(announcer);
    panel.appendChild(bottom);

    root.appendChild(launcher);
    root.appendChild(panel);

    ui = {
      root: root, launcher: launcher, panel: panel, log: log, typing: typing, typingText: typingText,
      form: form, input: input, send: send, actionsArea: actionsArea, replies: replies, repliesList: repliesList,
      feedback: feedback, yes: yes, no: no, feedbackStatus: feedbackStatus, announcer: announcer,
      quickExit: quickExit, close: close, restart: restart, erase: erase
    };

    launcher.addEventListener('click', function () {
      if (panel.hidden) {
        openPanel(true);
      } else {
        closePanel();
      }
    });
    close.addEventListener('click', closePanel);
    root.addEventListener('keydown', onPanelKeydown);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      input.value = '';
      say(text, text);
    });
    yes.addEventListener('click', function () { giveFeedback(true); });
    no.addEventListener('click', function () { giveFeedback(false); });
    restart.addEventListener('click', startAgain);
    erase.addEventListener('click', deleteConversation);
    quickExit.addEventListener('click', function (event) {
      event.preventDefault();
      quickExitNow();
    });
    return root;
  }

  function loadStylesheet(root) {
    var href = new URL('widget.css', scriptUrl).href;
    var show = function () { root.hidden = false; };
    var existing = document.querySelector('link[data-senchat]');
    if (existing) {
      show();
      return;
    }
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.setAttribute('data-senchat', '');
    link.addEventListener('load', show);
    link.addEventListener('error', show); // unstyled is better than missing
    setTimeout(show, 4000);
    document.head.appendChild(link);
  }

  // ---------------------------------------------------------------------------------------
  // Showing entries
  // ---------------------------------------------------------------------------------------

  function botIndexOf(entryIndex) {
    var count = -1;
    for (var i = 0; i <= entryIndex; i += 1) {
      if (state.entries[i].who === 'bot') {
        count += 1;
      }
    }
    return count;
  }

  function renderEntry(entry) {
    if (entry.who === 'user') {
      return renderUserMessage(entry.text);
    }
    if (entry.who === 'bot') {
      return renderBotMessage(entry.message);
    }
    return renderNotice(entry.text, entry.kind);
  }

  function addEntry(entry, persist) {
    if (persist !== false) {
      state.entries.push(entry);
      saveState();
    }
    var node = renderEntry(entry);
    ui.log.appendChild(node);
    return node;
  }

  function scrollToShow(node) {
    if (!node) {
      return;
    }
    // The transcript scrolls by itself, except on very short screens, where the whole panel does.
    var scroller = ui.log.scrollHeight > ui.log.clientHeight + 1 ? ui.log : ui.panel;
    var box = scroller.getBoundingClientRect();
    var top = node.getBoundingClientRect().top - box.top + scroller.scrollTop - 8;
    // Show the start of a new answer rather than its end, so a long answer reads from the top.
    var fits = node.offsetHeight <= scroller.clientHeight - 16;
    scroller.scrollTop = fits && scroller === ui.log ? scroller.scrollHeight : top;
  }

  function showActions() {
    var actions = state.actions;
    ui.repliesList.textContent = '';
    var buttons = actions && Array.isArray(actions.buttons) ? actions.buttons : [];
    buttons.forEach(function (choice) {
      var node = button(choice.title, 'senchat-button senchat-secondary senchat-reply');
      node.addEventListener('click', function () {
        ui.input.focus();
        say(choice.payload, choice.title);
      });
      ui.repliesList.appendChild(node);
    });
    ui.replies.hidden = buttons.length === 0;

    var answerIndex = actions && typeof actions.answerIndex === 'number' ? actions.answerIndex : null;
    ui.feedback.hidden = answerIndex === null;
    ui.feedbackStatus.textContent = '';
    var given = answerIndex === null ? undefined : state.feedback[String(answerIndex)];
    ui.yes.setAttribute('aria-pressed', given === true ? 'true' : 'false');
    ui.no.setAttribute('aria-pressed', given === false ? 'true' : 'false');
    ui.actionsArea.classList.toggle('senchat-actions--none', ui.replies.hidden && ui.feedback.hidden);
  }

  function clearActions() {
    state.actions = null;
    showActions();
  }

  function showTyping(on) {
    if (on) {
      if (!ui.typing.classList.contains('senchat-typing--on')) {
        ui.typing.classList.add('senchat-typing--on');
        ui.typingText.textContent = 'The assistant is typing…';
      }
    } else {
      ui.typing.classList.remove('senchat-typing--on');
      ui.typingText.textContent = '';
    }
  }

  function announce(text) {
    ui.announcer.textContent = '';
    setTimeout(function () { ui.announcer.textContent = text; }, 50);
  }

  function tell(visibleNode, text) {
    visibleNode.textContent = text;
    announce(text);
  }

  // ---------------------------------------------------------------------------------------
  // Talking to the assistant
  // ---------------------------------------------------------------------------------------

  var queue = Promise.resolve();
  var pending = 0;

  function postJson(url, body, method) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return fetch(url, {
      method: method || 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      signal: controller ? controller.signal : undefined
    }).finally(function () {
      if (timer) {
        clearTimeout(timer);
      }
    });
  }

  /** Send `text` to the assistant; show `shown` as the parent's message (nothing if null). */
  function say(text, shown) {
    clearActions();
    if (shown !== null && shown !== undefined) {
      scrollToShow(addEntry({ who: 'user', text: shown }));
    }
    var sender = state.sender;
    pending += 1;
    showTyping(true);
    queue = queue.then(function () {
      return exchange(sender, text);
    }).catch(function (error) {
      if (window.console) {
        window.console.error('SEN chat widget:', error);
      }
    }).then(function () {
      pending = Math.max(0, pending - 1);
      if (pending === 0) {
        showTyping(false);
      }
    });
    return queue;
  }

  function exchange(sender, text) {
    var body = { sender: sender, message: text, metadata: { council: config.council || null } };
    return postJson(config.server + '/webhooks/rest/webhook', body).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (messages) {
      return Array.isArray(messages) ? messages : [];
    }, function () {
      return null; // unreachable, refused, timed out or not JSON
    }).then(function (messages) {
      if (sender !== state.sender) {
        return; // the conversation was restarted or deleted while waiting
      }
      if (messages === null) {
        scrollToShow(addEntry({ who: 'notice', kind: 'error', text: unreachableText() }, false));
      } else {
        showReplies(messages);
      }
    });
  }

  function normalise(text) {
    return String(text).replace(/\s+/g, ' ').trim();
  }

  /**
   * Rasa sends a meeting plan twice: as plain text for any channel (which its REST channel
   * splits into one message per paragraph) and then as the structured payload. Mark the text
   * messages just before the payload that are paragraphs of that plan, so only the payload shows.
   */
  function markPlanText(messages) {
    messages.forEach(function (message, i) {
      if (!message.custom) {
        return;
      }
      var planText = normalise(planToText(message.custom));
      var title = normalise(message.custom.title);
      for (var j = i - 1; j >= 0; j -= 1) {
        var before = messages[j];
        if (before.custom || before.text === undefined || !planText.includes(normalise(before.text))) {
          return;
        }
        before.planCopy = true;
        if (normalise(before.text).indexOf(title) === 0) {
          return;
        }
      }
    });
  }

  /**
   * One bubble per answer: Rasa's REST channel splits a text at each blank line, so paragraphs
   * are joined again up to the message that carries the answer's buttons.
   */
  function groupReplies(messages) {
    var groups = [];
    var texts = [];
    var buttons = [];
    function flush() {
      if (texts.length) {
        groups.push({ text: texts.join('\n\n') });
        texts = [];
      }
    }
    markPlanText(messages);
    messages.forEach(function (message) {
      if (message.custom) {
        flush();
        groups.push({ custom: message.custom });
      } else if (message.text !== undefined && !message.planCopy) {
        texts.push(message.text);
      }
      if (message.buttons && message.buttons.length) {
        buttons = buttons.concat(message.buttons);
        flush();
      }
    });
    flush();
    return { groups: groups, buttons: buttons };
  }

  function showReplies(messages) {
    var grouped = groupReplies(messages.map(cleanBotMessage));
    var answerIndex = null;
    var first = null;
    grouped.groups.forEach(function (message) {
      var node = addEntry({ who: 'bot', message: message });
      first = first || node;
      if (message.text !== undefined && hasSource(message.text)) {
        answerIndex = botIndexOf(state.entries.length - 1);
      }
    });
    state.actions = { buttons: grouped.buttons, answerIndex: answerIndex };
    saveState();
    showActions();
    scrollToShow(first);
  }

  /**
   * "Was this helpful?" goes to the web app, never through the assistant's language model. The
   * answer is identified by `answer_index`: its position among the assistant's messages shown in
   * this conversation, counting from 0 (the greeting is 0).
   */
  function giveFeedback(helpful) {
    var actions = state.actions;
    if (!actions || typeof actions.answerIndex !== 'number') {
      return;
    }
    var index = actions.answerIndex;
    state.feedback[String(index)] = helpful;
    saveState();
    ui.yes.setAttribute('aria-pressed', helpful ? 'true' : 'false');
    ui.no.setAttribute('aria-pressed', helpful ? 'false' : 'true');
    var body = { sender: state.sender, council: config.council || null, helpful: helpful, answer_index: index };
    postJson(config.webapp + '/feedback', body).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      ui.feedbackStatus.textContent = 'Thank you for your feedback.';
    }).catch(function () {
      ui.feedbackStatus.textContent = 'Sorry, your feedback could not be sent. Please try again later.';
    });
  }

  // ---------------------------------------------------------------------------------------
  // Opening, closing, starting again, deleting, leaving
  // ---------------------------------------------------------------------------------------

  var narrow = window.matchMedia ? window.matchMedia(NARROW) : { matches: false };

  function updateModality() {
    var full = !ui.panel.hidden && narrow.matches;
    ui.panel.setAttribute('aria-modal', full ? 'true' : 'false');
    document.documentElement.classList.toggle('senchat-locked', full);
  }

  function openPanel(moveFocus) {
    ui.panel.hidden = false;
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.root.classList.add('senchat--open');
    state.open = true;
    saveState();
    updateModality();
    if (moveFocus) {
      ui.input.focus();
    }
    if (state.entries.length === 0 && pending === 0) {
      say('/greet', null);
    }
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    ui.root.classList.remove('senchat--open');
    state.open = false;
    saveState();
    updateModality();
    ui.launcher.focus();
  }

  function focusableIn(container) {
    var selector = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';
    return Array.prototype.filter.call(container.querySelectorAll(selector), function (node) {
      return node.getClientRects().length > 0;
    });
  }

  function onPanelKeydown(event) {
    if (event.key === 'Escape' || event.key === 'Esc') {
      if (!ui.panel.hidden) {
        event.preventDefault();
        closePanel();
      }
      return;
    }
    // Full-screen on a narrow or zoomed screen, the page behind is covered: keep Tab inside.
    if (event.key === 'Tab' && narrow.matches && !ui.panel.hidden) {
      var items = focusableIn(ui.panel);
      if (!items.length) {
        return;
      }
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function resetConversation() {
    clearStorage();
    var wasOpen = state.open;
    state = freshState();
    state.open = wasOpen;
    Array.prototype.slice.call(ui.log.querySelectorAll('.senchat-msg')).forEach(function (node) { node.remove(); });
    clearActions();
    saveState();
  }

  function startAgain() {
    resetConversation();
    ui.input.value = '';
    ui.input.focus();
    addEntry({ who: 'notice', kind: 'info', text: 'You have started a new conversation.' }, false);
    say('/greet', null);
  }

  function deleteConversation() {
    var sender = state.sender;
    ui.erase.setAttribute('aria-disabled', 'true');
    return postJson(config.webapp + '/conversations/' + encodeURIComponent(sender), undefined, 'DELETE')
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        resetConversation();
        ui.input.value = '';
        ui.input.focus();
        addEntry({
          who: 'notice',
          kind: 'info',
          text: 'Your conversation has been deleted, from this device and from the assistant. ' +
            'You can start a new one by typing a question.'
        }, false);
      })
      .catch(function () {
        if (sender === state.sender) {
          scrollToShow(addEntry({
            who: 'notice',
            kind: 'error',
            text: 'Sorry, the conversation could not be deleted just now. Please try again in a few minutes.'
          }, false));
        }
      })
      .finally(function () {
        ui.erase.removeAttribute('aria-disabled');
      });
  }

  function quickExitNow() {
    clearStorage();
    try {
      ui.log.textContent = '';
    } finally {
      window.location.replace(QUICK_EXIT_URL);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------

  function start() {
    var root = build();
    document.body.appendChild(root);
    loadStylesheet(root);
    // Restore this tab's conversation while the panel is hidden, so nothing is re-announced.
    state.entries.forEach(function (entry) { ui.log.appendChild(renderEntry(entry)); });
    showActions();
    if (narrow.addEventListener) {
      narrow.addEventListener('change', updateModality);
    }
    if (state.open) {
      openPanel(false);
    }
    saveState();
  }

  window.SenChat = {
    loaded: true,
    config: config,
    renderBotMessage: renderBotMessage,
    renderText: renderText,
    planToText: function (custom) { return planToText(cleanPlan(custom)); },
    conversationId: function () { return state.sender; },
    open: function () { openPanel(true); },
    close: closePanel
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
