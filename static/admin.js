// tglink admin dashboard: live preview of a broadcast, progress bars that update themselves, and
// confirmations before sending. Loaded as a file (the CSP allows no inline script); the preview is
// built from DOM nodes, never from the admin's text as HTML.
(function () {
  'use strict';

  var MAX_LEN = 4096;
  // Telegram's tags and the element the preview shows for each.
  var TAGS = {
    b: 'strong', strong: 'strong', i: 'em', em: 'em', u: 'u', ins: 'u', s: 's', strike: 's', del: 's',
    span: 'span', 'tg-spoiler': 'span', a: 'a', code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-emoji': 'span'
  };
  var NAMED = { lt: '<', gt: '>', amp: '&', quot: '"' };

  // What the script says comes from the page, in the reader's language
  // (templates/admin/_script_text.html): say('long', {len: 5000, parts: 2}) fills in {len} and {parts}.
  var TEXT = document.getElementById('admin-text');
  function say(name, values) {
    var key = name.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); });
    var text = (TEXT && TEXT.dataset[key]) || name;
    return text.replace(/\{([a-z]+)\}/g, function (all, v) {
      return values && values[v] !== undefined ? String(values[v]) : all;
    });
  }
  // The page's language, for dates and numbers.
  var LANG = document.documentElement.lang || undefined;

  // Decodes the entity at src[i] === '&' like Telegram; null leaves a literal '&'.
  function entity(src, i) {
    var m = /^&(?:#[xX]([0-9a-fA-F]{1,7})|#([0-9]{1,7})|([a-zA-Z]+))(;?)/.exec(src.slice(i, i + 12));
    if (!m) return null;
    var ch;
    if (m[3] !== undefined) {
      ch = NAMED[m[3]];
      if (ch === undefined) return null;
    } else {
      var code = parseInt(m[1] !== undefined ? m[1] : m[2], m[1] !== undefined ? 16 : 10);
      if (!code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
      ch = String.fromCodePoint(code);
    }
    return { ch: ch, len: m[0].length };
  }

  function decodeAll(s) {
    var out = '';
    for (var i = 0; i < s.length;) {
      var e = s[i] === '&' ? entity(s, i) : null;
      if (e) { out += e.ch; i += e.len; } else { out += s[i]; i += 1; }
    }
    return out;
  }

  function fail(message, at) {
    var e = new Error(say('at', { why: message, at: at + 1 }));
    e.tg = true;
    throw e;
  }

  // Reads a start tag's attributes from src at i; returns {attrs, end} with end after '>'.
  function attributes(src, i, name, start) {
    var attrs = {};
    var re = /\s*([A-Za-z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;
    for (;;) {
      var ws = /\s*/y;
      ws.lastIndex = i;
      ws.exec(src);
      i = ws.lastIndex;
      if (i >= src.length) fail(say('not-closed', { tag: name }), start);
      if (src[i] === '>') return { attrs: attrs, end: i + 1 };
      re.lastIndex = i;
      var m = re.exec(src);
      if (!m) fail(say('bad-character', { tag: name }), start);
      var raw = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4];
      attrs[m[1].toLowerCase()] = raw === undefined ? '' : decodeAll(raw);
      i = re.lastIndex;
    }
  }

  function checkTag(name, attrs, start) {
    var allowed = { a: ['href'], span: ['class'], code: ['class'], blockquote: ['expandable'], 'tg-emoji': ['emoji-id'] }[name] || [];
    Object.keys(attrs).forEach(function (a) {
      if (allowed.indexOf(a) < 0) fail(say('bad-attribute', { tag: name, attr: a }), start);
    });
    if (name === 'a' && !/^(https?|tg):\/\/\S+$/i.test((attrs.href || '').trim())) {
      fail(say('bad-href'), start);
    }
    if (name === 'span' && attrs['class'] !== 'tg-spoiler') fail(say('bad-span'), start);
    if (name === 'code' && attrs['class'] !== undefined && attrs['class'].indexOf('language-') !== 0) {
      fail(say('bad-code'), start);
    }
    if (name === 'tg-emoji' && !/^-?[0-9]+$/.test(attrs['emoji-id'] || '')) fail(say('bad-emoji'), start);
  }

  function element(name, attrs) {
    var el = document.createElement(TAGS[name]);
    if (name === 'span' || name === 'tg-spoiler') { el.className = 'tg-spoiler'; el.tabIndex = 0; }
    if (name === 'a') { el.href = attrs.href.trim(); el.rel = 'noopener noreferrer'; el.target = '_blank'; }
    return el;
  }

  // Parses Telegram HTML into a fragment; throws an Error with .tg set when Telegram would refuse it.
  function renderHtml(src) {
    var root = document.createDocumentFragment();
    var stack = [{ name: '', el: root }];
    var text = '';
    var buf = '';
    function flush() {
      if (buf) { stack[stack.length - 1].el.appendChild(document.createTextNode(buf)); text += buf; buf = ''; }
    }
    for (var i = 0; i < src.length;) {
      var c = src[i];
      if (c === '&') {
        var e = entity(src, i);
        if (e) { buf += e.ch; i += e.len; } else { buf += '&'; i += 1; }
        continue;
      }
      if (c !== '<') { buf += c; i += 1; continue; }
      flush();
      var start = i;
      if (src[i + 1] === '/') {
        var close = /^<\/([A-Za-z0-9-]*)\s*>/.exec(src.slice(i));
        if (!close) fail(say('end-not-closed'), start);
        var top = stack.pop();
        var closing = close[1].toLowerCase();
        if (!top || top.name === '') fail(say('never-opened', { tag: closing }), start);
        if (top.name !== closing) fail(say('wrong-close', { tag: closing, expected: top.name }), start);
        i += close[0].length;
        continue;
      }
      var open = /^<([A-Za-z0-9-]+)/.exec(src.slice(i));
      if (!open) fail(say('stray-lt'), start);
      var name = open[1].toLowerCase();
      if (!TAGS[name]) fail(say('unknown-tag', { tag: name }), start);
      var parsed = attributes(src, i + open[0].length, name, start);
      checkTag(name, parsed.attrs, start);
      var el = element(name, parsed.attrs);
      stack[stack.length - 1].el.appendChild(el);
      stack.push({ name: name, el: el, start: start });
      i = parsed.end;
    }
    flush();
    if (stack.length > 1) {
      var last = stack[stack.length - 1];
      fail(say('never-closed', { tag: last.name }), last.start);
    }
    return { node: root, text: text };
  }

  function setupCompose(form) {
    var area = form.querySelector('textarea[name=text]');
    var preview = document.getElementById('preview');
    var problem = document.getElementById('preview-error');
    var count = document.getElementById('text-count');
    if (!area || !preview || !problem || !count) return;
    livePreview(form, area, preview, problem, count);
    // Each translation has its own text area and preview (templates/admin/_variants.html).
    form.querySelectorAll('textarea[data-variant]').forEach(function (v) {
      var tag = v.dataset.variant;
      var p = document.getElementById('preview-' + tag);
      var e = document.getElementById('preview-error-' + tag);
      var c = document.getElementById('count-' + tag);
      if (p && e && c) livePreview(form, v, p, e, c);
    });
    setupTopic(form);
    setupAudience(form);
  }

  // A text area's preview as Telegram shows it, updated as the admin types.
  function livePreview(form, area, preview, problem, count) {

    function show(result) {
      preview.replaceChildren(result.node);
      var len = result.text.trim().length;
      // Longer than one message: it goes out in parts, cut between paragraphs, so there may be
      // more than this lower bound; the Preview button asks the server for the exact count.
      count.textContent = len <= MAX_LEN ? say('characters', { len: len, max: MAX_LEN })
        : say('long', { len: len, parts: Math.ceil(len / MAX_LEN) });
    }
    function render(src, asHtml) {
      try {
        return asHtml ? renderHtml(src) : { node: document.createTextNode(src), text: src };
      } catch (e) {
        if (!e.tg) throw e;
        problem.textContent = say('refused', { why: e.message });
        problem.hidden = false;
        return { node: document.createTextNode(src), text: src };
      }
    }
    // Markdown becomes Telegram HTML on the server (the same code that converts it on Send).
    var waiting = null;
    function markdown(src) {
      window.clearTimeout(waiting);
      waiting = window.setTimeout(function () {
        var body = new URLSearchParams({ text: src, csrf_token: form.querySelector('input[name=csrf_token]').value });
        fetch('/admin/broadcasts/markdown', { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
          .then(function (answer) { show(render(answer.html, true)); })
          .catch(function () { show(render(src, false)); });
      }, 200);
    }
    function update() {
      var format = form.querySelector('input[name=format]:checked');
      var src = area.value.trim();
      problem.hidden = true;
      problem.textContent = '';
      if (format && format.value === 'markdown') { markdown(src); return; }
      show(render(src, format && format.value === 'html'));
    }
    area.addEventListener('input', update);
    form.querySelectorAll('input[name=format]').forEach(function (r) { r.addEventListener('change', update); });
    if (area.value) update();
  }

  // The preview's buttons: the URL buttons typed, then the topic's Mute (critical topics have
  // none).
  function setupTopic(form) {
    var topic = form.querySelector('select[name=topic]');
    var buttons = document.getElementById('preview-buttons');
    if (!buttons) return;
    function button(text) {
      var b = document.createElement('span');
      b.className = 'tg-button';
      b.textContent = text;
      return b;
    }
    function update() {
      var option = topic ? topic.options[topic.selectedIndex] : null;
      var narrowed = topic && topic.value && !option.dataset.critical;
      var shown = [];
      for (var i = 1; i <= 3; i++) {
        var text = form.querySelector('[name=button_text_' + i + ']');
        if (text && text.value.trim()) shown.push(button(text.value.trim() + ' ↗'));
      }
      if (narrowed) shown.push(button(say('mute', { topic: option.dataset.name })));
      buttons.replaceChildren.apply(buttons, shown);
      buttons.hidden = shown.length === 0;
    }
    if (topic) topic.addEventListener('change', update);
    form.querySelectorAll('[name^=button_text_]').forEach(function (i) { i.addEventListener('input', update); });
    update();
  }

  // Who the broadcast reaches, asked of the server as the topic or the groups box change (the
  // same rule the sending uses); the send button says what will happen ("Send to 1,204 users
  // now", "Schedule for Tue 24 Dec, 09:00 Europe/Berlin") and its confirm asks the same. Nobody
  // to send to disables it, with the reason.
  function setupAudience(form) {
    var send = document.getElementById('send-button');
    var count = document.getElementById('audience-count');
    var nobody = document.getElementById('audience-nobody');
    var topic = form.querySelector('select[name=topic]');
    var groups = form.querySelector('input[name=to_groups]');
    var when = form.querySelector('input[name=send_at]');
    var zone = form.querySelector('input[name=time_zone]');
    if (!send || !count || !nobody) return;
    function scheduled() {
      var m = when && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(when.value);
      if (!m) return null;
      // The weekday of that calendar date, wherever the browser is.
      var date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12));
      var day = date.toLocaleDateString(LANG === 'en' ? 'en-GB' : LANG, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
      return day.replace(',', '') + ', ' + m[4] + ':' + m[5] + ' ' + ((zone && zone.value) || 'UTC');
    }
    function label() {
      var at = scheduled();
      var reach = send.dataset.label;
      send.textContent = at ? say('schedule', { at: at }) : say('send-now', { reach: reach });
      send.dataset.confirm = at ? say('schedule-confirm', { at: at, reach: reach })
        : say('send-confirm', { reach: reach });
    }
    function ask() {
      var query = new URLSearchParams();
      if (topic) query.set('topic', topic.value);
      if (groups && groups.checked) query.set('to_groups', 'on');
      fetch('/admin/broadcasts/audience?' + query, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (a) {
          send.dataset.label = a.label;
          send.dataset.count = String(a.count);
          count.textContent = a.label;
          nobody.textContent = a.nobody || '';
          nobody.hidden = !a.nobody;
          send.disabled = !!a.nobody;
          if (a.nobody) send.setAttribute('aria-describedby', 'audience-nobody');
          else send.removeAttribute('aria-describedby');
          label();
        })
        .catch(function () { /* the server checks again on Send */ });
    }
    if (topic) topic.addEventListener('change', ask);
    if (groups) groups.addEventListener('change', ask);
    [when, zone].forEach(function (el) {
      if (el) { el.addEventListener('input', label); el.addEventListener('change', label); }
    });
    form.refreshSend = label;
    label();
  }

  // Forms (or their buttons) with data-confirm ask first, and submit only once.
  function setupConfirm(form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.submitted) { event.preventDefault(); return; }
      if (form.refreshSend) form.refreshSend();
      var asker = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
      if (asker && !window.confirm(asker)) { event.preventDefault(); return; }
      form.dataset.submitted = 'true';
    });
  }

  function duration(secs) {
    if (secs < 60) return say('seconds', { n: secs });
    if (secs < 3600) return say('minutes', { n: Math.round(secs / 60) });
    return say('hours', { n: (secs / 3600).toFixed(1) });
  }

  function setBar(block, percent) {
    var bar = block.querySelector('progress');
    if (!bar) return;
    bar.value = Math.max(0, Math.min(100, percent));
    bar.textContent = bar.value + '%';
  }

  // The outcome bar: sent, blocked, failed, cancelled, then what is left, in thousandths.
  function setSegments(block, p) {
    var total = p.total || 0;
    var x = 0;
    [['seg-sent', p.sent], ['seg-blocked', p.blocked], ['seg-failed', p.failed],
      ['seg-cancelled', p.cancelled], ['seg-pending', p.pending + p.sending]].forEach(function (s) {
      var rect = block.querySelector('[data-seg="' + s[0] + '"]');
      var width = total ? Math.floor(s[1] * 1000 / total) : 0;
      if (rect) { rect.setAttribute('x', x); rect.setAttribute('width', width); }
      x += width;
    });
  }

  function setField(block, name, value) {
    var el = block.querySelector('[data-field="' + name + '"]');
    if (el) el.textContent = value;
  }

  function poll(block) {
    var url = block.dataset.progressUrl;
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (p) {
        setBar(block, p.percent);
        setSegments(block, p);
        if (p.status) setField(block, 'status', p.status);
        setField(block, 'sent', p.sent);
        setField(block, 'open', p.pending + p.sending);
        setField(block, 'blocked', p.blocked);
        setField(block, 'failed', p.failed);
        setField(block, 'cancelled', p.cancelled);
        var rate = document.querySelector('[data-field="rate"]');
        if (rate) rate.textContent = p.rate.toFixed(1);
        var eta = '';
        if (p.paused_until) eta = say('paused', { time: new Date(p.paused_until).toLocaleTimeString(LANG) });
        else if (p.eta_secs !== null && p.eta_secs !== undefined) eta = say('eta', { time: duration(p.eta_secs), rate: p.rate.toFixed(1) });
        setField(block, 'eta', eta);
        block.dataset.state = p.state;
        if (p.state === 'sending') {
          window.setTimeout(function () { poll(block); }, 2000);
        } else if (p.state === 'scheduled') {
          // Waiting for its start time: look now and then.
          window.setTimeout(function () { poll(block); }, 15000);
        } else if (!block.hasAttribute('data-change')) {
          // Nothing left to cancel (an edit's bar ending says nothing about the sending).
          document.querySelectorAll('[data-while-sending]').forEach(function (el) { el.hidden = true; });
        }
      })
      .catch(function () { window.setTimeout(function () { poll(block); }, 10000); });
  }

  // editor.js draws the parts of a long message with the same renderer.
  window.tglinkRenderHtml = renderHtml;

  // A time zone not chosen yet: the browser's own.
  var zone = document.getElementById('time_zone');
  if (zone && zone.dataset.guess === 'true' && window.Intl && zone.list) {
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (var z = 0; z < zone.list.options.length; z++) {
      if (zone.list.options[z].value === mine) { zone.value = mine; break; }
    }
  }

  // A sent broadcast's parts as Telegram shows them (the page holds the source as text).
  document.querySelectorAll('[data-telegram-html]').forEach(function (bubble) {
    try { bubble.replaceChildren(renderHtml(bubble.textContent).node); } catch (e) { if (!e.tg) throw e; }
  });

  document.querySelectorAll('.progress-block').forEach(function (block) {
    if (block.dataset.state === 'sending' || block.dataset.state === 'scheduled') poll(block);
  });
  var compose = document.getElementById('compose');
  if (compose) setupCompose(compose);
  document.querySelectorAll('form').forEach(function (f) {
    if (f.dataset.confirm || f.querySelector('[data-confirm]') || f.id === 'compose') setupConfirm(f);
  });
})();
