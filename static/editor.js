// tglink compose editor: the formatting toolbar over a message (bold, italic, underline,
// strikethrough, spoiler, code, code block, link, quote) that wraps the selection in the syntax of
// the chosen format, its shortcuts (Ctrl/Cmd+B, I, U, K), and the preview of a long message in the
// parts the delivery will send (asked of the server, which cuts it with the worker's own code).
// Loaded as a file after admin.js (the CSP allows no inline script).
(function () {
  'use strict';

  // What each button writes around the selection, by format. `block`: on lines of its own;
  // `lines`: a prefix on every selected line.
  var MARKS = {
    markdown: {
      bold: ['**', '**'], italic: ['_', '_'], underline: ['__', '__'], strike: ['~~', '~~'],
      spoiler: ['||', '||'], code: ['`', '`'], pre: ['```\n', '\n```', 'block'],
      link: ['[', '](https://)', 'link'], quote: ['> ', '', 'lines']
    },
    html: {
      bold: ['<b>', '</b>'], italic: ['<i>', '</i>'], underline: ['<u>', '</u>'], strike: ['<s>', '</s>'],
      spoiler: ['<tg-spoiler>', '</tg-spoiler>'], code: ['<code>', '</code>'], pre: ['<pre>', '</pre>', 'block'],
      link: ['<a href="https://">', '</a>', 'link'], quote: ['<blockquote>', '</blockquote>', 'block']
    }
  };
  var KEYS = { b: 'bold', i: 'italic', u: 'underline', k: 'link' };

  function radios(form) {
    return form ? Array.prototype.slice.call(form.querySelectorAll('input[name=format]')) : [];
  }

  // The format being written; plain text has no syntax, so formatting switches it to Markdown
  // (or, where the form has no Markdown, to Telegram HTML) and says so.
  function mode(area, status) {
    var all = radios(area.form);
    var checked = all.filter(function (r) { return r.checked; })[0];
    if (checked && (checked.value === 'markdown' || checked.value === 'html')) return checked.value;
    var to = all.filter(function (r) { return r.value === 'markdown'; })[0] ||
      all.filter(function (r) { return r.value === 'html'; })[0];
    if (!to) return 'markdown';
    to.checked = true;
    to.dispatchEvent(new Event('change', { bubbles: true }));
    if (status) status.textContent = status.dataset[to.value] || '';
    return to.value;
  }

  // Replaces the area's text between start and end, keeping the browser's undo history where it
  // can, then selects [selStart, selEnd).
  function replace(area, start, end, text, selStart, selEnd) {
    area.focus();
    area.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand('insertText', false, text); } catch (e) { done = false; }
    if (!done || area.value.slice(start, start + text.length) !== text) {
      area.setRangeText(text, start, end, 'end');
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }
    area.setSelectionRange(selStart, selEnd);
  }

  function apply(area, name, status, linkText) {
    var m = MARKS[mode(area, status)][name];
    var open = m[0], close = m[1], kind = m[2];
    var v = area.value, s = area.selectionStart, e = area.selectionEnd;
    var before = v.slice(0, s), selected = v.slice(s, e), after = v.slice(e);

    if (kind === 'lines') {
      // Every selected line quoted (the whole line the cursor is on when nothing is selected).
      var from = before.lastIndexOf('\n') + 1;
      var nl = after.indexOf('\n');
      var to = nl < 0 ? v.length : e + nl;
      var lines = v.slice(from, to).split('\n');
      var quoted = lines.every(function (l) { return l.indexOf(open) === 0; });
      var out = lines.map(function (l) { return quoted ? l.slice(open.length) : open + l; }).join('\n');
      replace(area, from, to, out, from, from + out.length);
      return;
    }
    if (kind === 'block') {
      // On lines of their own: a code block or an HTML quote around whole lines.
      var lead = before && !/\n$/.test(before) ? '\n' : '';
      var tail = after && !/^\n/.test(after) ? '\n' : '';
      var text = lead + open + selected + close + tail;
      var inner = s + lead.length + open.length;
      replace(area, s, e, text, inner, inner + selected.length);
      return;
    }
    // Inline: already wrapped exactly so → unwrap (the button toggles), whether the marks are
    // selected too or just around the selection.
    if (kind !== 'link' && selected.length > open.length + close.length &&
        selected.indexOf(open) === 0 && selected.slice(-close.length) === close) {
      var bare = selected.slice(open.length, selected.length - close.length);
      replace(area, s, e, bare, s, s + bare.length);
      return;
    }
    var single = open.length === 1;
    if (kind !== 'link' && before.slice(-open.length) === open && after.slice(0, close.length) === close &&
        !(single && (before.slice(-2, -1) === open || after.charAt(1) === close))) {
      replace(area, s - open.length, e + close.length, selected, s - open.length, e - open.length);
      return;
    }
    // Spaces at the ends of the selection stay outside the marks (`**word **` is not bold).
    var lead2 = /^\s*/.exec(selected)[0];
    var trail = /\s*$/.exec(selected.slice(lead2.length))[0];
    var core = selected.slice(lead2.length, selected.length - trail.length);
    if (kind === 'link') {
      var isUrl = /^(https?|tg):\/\/\S+$/i.test(core);
      var label = core || linkText || 'link';
      var target = isUrl ? core : 'https://';
      var md = open === '[';
      var written = md ? '[' + label + '](' + target + ')' : '<a href="' + target + '">' + label + '</a>';
      var at = s + lead2.length;
      var labelAt = at + (md ? 1 : 11 + target.length);
      var targetEnd = at + (md ? 3 + label.length + target.length : 9 + target.length);
      // Text selected: the address is typed next; nothing or an address: the label is.
      var selA = core && !isUrl ? targetEnd : labelAt;
      var selB = core && !isUrl ? targetEnd : labelAt + label.length;
      replace(area, s, e, lead2 + written + trail, selA, selB);
      return;
    }
    var start = s + lead2.length + open.length;
    replace(area, s, e, lead2 + open + core + close + trail, start, start + core.length);
  }

  function setupToolbar(bar) {
    var area = document.getElementById(bar.dataset.editor);
    if (!area) return;
    var status = document.getElementById('editor-status');
    var buttons = Array.prototype.slice.call(bar.querySelectorAll('button[data-mark]'));
    bar.hidden = false;

    function roving(target) {
      buttons.forEach(function (b) { b.tabIndex = b === target ? 0 : -1; });
      target.focus();
    }
    buttons.forEach(function (b) {
      b.addEventListener('mousedown', function (event) { event.preventDefault(); });
      b.addEventListener('click', function () {
        buttons.forEach(function (o) { o.tabIndex = o === b ? 0 : -1; });
        apply(area, b.dataset.mark, status, bar.dataset.linkText);
      });
    });
    // Arrow keys move along the toolbar (mirrored right to left), Home and End to its ends.
    bar.addEventListener('keydown', function (event) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      var rtl = window.getComputedStyle(bar).direction === 'rtl';
      var next = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
      var j = null;
      if (next) j = (i + next + buttons.length) % buttons.length;
      else if (event.key === 'Home') j = 0;
      else if (event.key === 'End') j = buttons.length - 1;
      if (j === null) return;
      event.preventDefault();
      roving(buttons[j]);
    });
    area.addEventListener('keydown', function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      var name = KEYS[(event.key || '').toLowerCase()];
      if (!name) return;
      event.preventDefault();
      apply(area, name, status, bar.dataset.linkText);
    });
  }

  // The preview of a text longer than one message: "Part 1 of 3", … with each part as Telegram
  // shows it, exactly as the delivery cuts it (the server's splitter, asked as the admin types).
  function setupParts(form) {
    var area = form.querySelector('textarea[name=text]');
    var single = document.getElementById('preview');
    var split = document.getElementById('preview-split');
    var csrf = form.querySelector('input[name=csrf_token]');
    if (!area || !single || !split || !csrf) return;
    var asked = 0;
    var waiting = null;

    function bubble(text, html) {
      var b = document.createElement('div');
      b.className = 'tg-bubble';
      if (html && window.tglinkRenderHtml) {
        try { b.appendChild(window.tglinkRenderHtml(text).node); return b; } catch (e) { if (!e.tg) throw e; }
      }
      b.textContent = text;
      return b;
    }
    function show(answer) {
      var parts = answer.parts || [];
      if (parts.length < 2) {
        split.hidden = true;
        split.replaceChildren();
        single.hidden = false;
        return;
      }
      var nodes = [];
      parts.forEach(function (part, i) {
        var label = document.createElement('p');
        label.className = 'part-number';
        label.textContent = split.dataset.label.replace('{n}', String(i + 1)).replace('{total}', String(parts.length));
        nodes.push(label, bubble(part, answer.html));
      });
      split.replaceChildren.apply(split, nodes);
      split.hidden = false;
      single.hidden = true;
    }
    function ask() {
      window.clearTimeout(waiting);
      waiting = window.setTimeout(function () {
        var format = form.querySelector('input[name=format]:checked');
        var body = new URLSearchParams({
          text: area.value, format: format ? format.value : 'plain', csrf_token: csrf.value
        });
        var mine = ++asked;
        fetch('/admin/broadcasts/parts', {
          method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' }
        })
          .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
          .then(function (answer) { if (mine === asked) show(answer); })
          .catch(function () { /* the Preview button and Send check again */ });
      }, 300);
    }
    area.addEventListener('input', ask);
    form.querySelectorAll('input[name=format]').forEach(function (r) { r.addEventListener('change', ask); });
    if (area.value) ask();
  }

  document.querySelectorAll('[role=toolbar][data-editor]').forEach(setupToolbar);
  var compose = document.getElementById('compose');
  if (compose) setupParts(compose);
})();
