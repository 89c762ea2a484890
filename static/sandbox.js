// The sandbox chat page (tglink demo): pick or create a simulated Telegram user, read their chat
// with the bot as Telegram shows it, write, press buttons, block the bot. Everything goes through
// the sandbox JSON API; the chat is polled so it stays live. Bot text is never inserted as HTML:
// the DOM is built from the plain text and Telegram's entities.
(function () {
  "use strict";
  var root = document.getElementById("sandbox");
  if (!root) return;

  var API = root.getAttribute("data-api");
  var startPayload = root.getAttribute("data-start");
  var wantedUser = root.getAttribute("data-user");
  var STORE_KEY = "tglink-sandbox-user";
  var POLL_MS = 1000;

  // The page's words in its language (data-t-… on the root; English if one is missing). A
  // "{name}" in a text is filled in here.
  function tr(name, fallback, fill) {
    var text = root.getAttribute("data-t-" + name) || fallback;
    Object.keys(fill || {}).forEach(function (k) { text = text.split("{" + k + "}").join(fill[k]); });
    return text;
  }

  var select = document.getElementById("sandbox-user");
  var list = document.getElementById("messages");
  var scroller = document.getElementById("messages-box");
  var empty = document.getElementById("chat-empty");
  var notice = document.getElementById("chat-notice");
  var state = document.getElementById("chat-state");
  var blockToggle = document.getElementById("block-toggle");
  var menu = document.getElementById("chat-menu");
  var composer = document.getElementById("composer");
  var input = document.getElementById("composer-text");
  var send = document.getElementById("composer-send");
  var startBox = document.getElementById("chat-start");
  var startButton = document.getElementById("start-button");
  var newBox = document.getElementById("sandbox-new");
  var newForm = document.getElementById("sandbox-new-form");
  var newError = document.getElementById("new-user-error");
  var ask = document.getElementById("sandbox-ask");
  var toast = document.getElementById("chat-toast");
  var toastTimer = null;

  var users = [];
  var current = null; // the chosen user's id
  var blocked = false;
  var lastBody = "";
  var ticks = 0;

  function api(method, path, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" }
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(API + path, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { ok: response.ok, status: response.status, data: data, text: text };
      });
    });
  }

  function say(text) {
    notice.textContent = text || "";
  }

  function errorOf(result) {
    return (result.data && result.data.error) || tr("answered", "The sandbox answered {status}.", { status: String(result.status) });
  }

  // ---- users -------------------------------------------------------------------------------

  function label(user) {
    return user.first_name + (user.username ? " (@" + user.username + ")" : "") + " · id " + user.id;
  }

  function fillSelect() {
    select.textContent = "";
    if (current === null && users.length) {
      var pick = document.createElement("option");
      pick.value = "";
      pick.textContent = tr("choose", "Choose who you are…");
      select.appendChild(pick);
    }
    users.forEach(function (user) {
      var option = document.createElement("option");
      option.value = String(user.id);
      option.textContent = label(user);
      select.appendChild(option);
    });
    select.disabled = users.length === 0;
    if (users.length === 0) {
      var none = document.createElement("option");
      none.value = "";
      none.textContent = tr("no-users", "No simulated users yet: create one");
      select.appendChild(none);
    }
    if (current !== null) select.value = String(current);
  }

  function find(id) {
    for (var i = 0; i < users.length; i++) if (users[i].id === id) return users[i];
    return null;
  }

  function firstChoice() {
    var wanted = parseInt(wantedUser || "", 10);
    if (find(wanted)) return wanted;
    var stored = null;
    try { stored = parseInt(window.localStorage.getItem(STORE_KEY) || "", 10); } catch (e) { stored = null; }
    // Arriving by a link (a deep link, a sign-in): ask who opens it, as the phone in your hand
    // would know; never pick a simulated user for you.
    if (startPayload) return null;
    if (stored && find(stored)) return stored;
    return users.length ? users[0].id : null;
  }

  function loadUsers() {
    return api("GET", "/users").then(function (result) {
      if (!result.ok || !result.data) return;
      users = result.data.users || [];
      if (current !== null && find(current)) fillSelect();
      else if (firstChoice() !== null) choose(firstChoice(), false);
      else {
        current = null;
        fillSelect();
        updateControls();
      }
      if (users.length === 0) newBox.open = true;
    });
  }

  function choose(id, remember) {
    current = id;
    lastBody = "";
    list.textContent = "";
    fillSelect();
    if (remember && id !== null) {
      try { window.localStorage.setItem(STORE_KEY, String(id)); } catch (e) { /* private mode */ }
    }
    updateControls();
    poll();
  }

  select.addEventListener("change", function () {
    var id = parseInt(select.value, 10);
    if (!isNaN(id)) choose(id, true);
  });

  newForm.addEventListener("submit", function (event) {
    event.preventDefault();
    newError.textContent = "";
    var body = { first_name: newForm.elements.first_name.value };
    var username = newForm.elements.username.value.trim();
    if (username) body.username = username;
    api("POST", "/users", body).then(function (result) {
      if (!result.ok) {
        newError.textContent = errorOf(result);
        return;
      }
      users.push(result.data);
      newForm.reset();
      newBox.open = false;
      choose(result.data.id, true);
      say(tr("you-are", "You are now {name}, a new Telegram user.", { name: result.data.first_name }));
    });
  });

  // ---- the chat ------------------------------------------------------------------------------

  function updateControls() {
    var none = current === null;
    var user = find(current);
    blocked = !!(user && user.blocked);
    input.disabled = none || blocked;
    send.disabled = none || blocked;
    blockToggle.disabled = none;
    blockToggle.textContent = blocked ? tr("unblock", "Unblock bot") : tr("block", "Block bot");
    state.textContent = blocked ? tr("blocked-state", "you blocked this bot") : tr("bot", "bot");
    startBox.hidden = !startPayload || none || blocked;
    composer.hidden = !startBox.hidden;
    if (!startBox.hidden) {
      document.getElementById("start-text").textContent = "/start " + startPayload;
    }
    if (ask) ask.hidden = !(none && startPayload);
    if (none && !startPayload) say(tr("create-first", "Create a simulated user to start chatting."));
    else if (none) say("");
  }

  function poll() {
    if (current === null) return;
    var id = current;
    api("GET", "/users/" + id + "/messages").then(function (result) {
      if (id !== current) return;
      if (result.status === 404) {
        current = null;
        return loadUsers();
      }
      if (!result.ok || !result.data) return;
      var user = result.data.user;
      for (var i = 0; i < users.length; i++) if (users[i].id === user.id) users[i] = user;
      if (user.blocked !== blocked) updateControls();
      if (result.text === lastBody) return;
      lastBody = result.text;
      render(result.data.messages || []);
    }, function () { /* the server is restarting: the next tick tries again */ });
  }

  function signature(message) {
    return JSON.stringify([message.text, message.entities, message.buttons, message.edited]);
  }

  function render(messages) {
    var atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    var existing = {};
    Array.prototype.forEach.call(list.children, function (node) {
      existing[node.getAttribute("data-id")] = node;
    });
    var previous = null;
    messages.forEach(function (message) {
      var key = String(message.id);
      var node = existing[key];
      delete existing[key];
      var sig = signature(message);
      if (!node || node.getAttribute("data-sig") !== sig) {
        var fresh = messageNode(message, sig);
        if (node) list.replaceChild(fresh, node);
        node = fresh;
      }
      var after = previous ? previous.nextSibling : list.firstChild;
      if (node !== after) list.insertBefore(node, after);
      previous = node;
    });
    // Deleted messages disappear, as in Telegram.
    Object.keys(existing).forEach(function (key) { list.removeChild(existing[key]); });
    empty.hidden = messages.length > 0;
    if (atBottom || messages.length <= 1) scroller.scrollTop = scroller.scrollHeight;
  }

  function messageNode(message, sig) {
    var item = document.createElement("li");
    item.className = "message " + (message.from === "bot" ? "message-bot" : "message-user");
    item.setAttribute("data-id", String(message.id));
    item.setAttribute("data-sig", sig);
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = message.from === "bot" ? tr("from-bot", "Bot:") + " " : tr("from-you", "You:") + " ";
    item.appendChild(who);
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    var text = document.createElement("div");
    text.className = "message-text";
    text.appendChild(formatted(message.text, message.entities || []));
    bubble.appendChild(text);
    var meta = document.createElement("span");
    meta.className = "message-meta";
    // Only a text edit is marked, as Telegram does (a keyboard that changed is not "edited").
    if (message.edited) {
      var edited = document.createElement("span");
      edited.className = "message-edited";
      edited.textContent = tr("edited", "edited") + " ";
      meta.appendChild(edited);
    }
    var time = document.createElement("time");
    var when = new Date(message.date * 1000);
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    meta.appendChild(time);
    bubble.appendChild(meta);
    item.appendChild(bubble);
    if (message.buttons && message.buttons.length) item.appendChild(keyboard(message.buttons));
    return item;
  }

  function keyboard(rows) {
    var box = document.createElement("div");
    box.className = "keyboard";
    rows.forEach(function (row) {
      var line = document.createElement("div");
      line.className = "keyboard-row";
      row.forEach(function (button) {
        var url = safeUrl(button.url);
        var node;
        if (button.callback_data) {
          node = document.createElement("button");
          node.type = "button";
          node.addEventListener("click", function () { press(button.text, node); });
        } else if (url) {
          node = document.createElement("a");
          node.href = url;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
        } else {
          node = document.createElement("span");
        }
        node.className = "keyboard-button";
        node.textContent = button.text;
        line.appendChild(node);
      });
      box.appendChild(line);
    });
    return box;
  }

  function press(text, node) {
    if (current === null) return;
    node.disabled = true;
    api("POST", "/users/" + current + "/press", { button: text }).then(function (result) {
      node.disabled = false;
      if (!result.ok) say(errorOf(result));
      else say("");
      var answer = result.ok && result.data && result.data.answer;
      if (answer && answer.text) showToast(answer.text, answer.show_alert);
      poll();
    });
  }

  // The bot's answer to a press: a toast over the chat for a few seconds (an alert stays until
  // it is dismissed by a click), as Telegram shows it.
  function showToast(text, alert) {
    if (!toast) return;
    window.clearTimeout(toastTimer);
    toast.textContent = text;
    toast.classList.toggle("chat-toast-alert", !!alert);
    toast.hidden = false;
    if (!alert) toastTimer = window.setTimeout(function () { toast.hidden = true; }, 4000);
  }
  if (toast) toast.addEventListener("click", function () { toast.hidden = true; });

  // Only web links open from the chat; anything else stays text.
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // Telegram's entities (offsets in UTF-16 units, which is what JavaScript strings index) as DOM
  // nodes: nested entities become nested elements; text stays text.
  function formatted(text, entities) {
    var sorted = entities.slice().sort(function (a, b) {
      return a.offset - b.offset || b.length - a.length;
    });
    return build(text, sorted, 0, text.length);
  }

  function build(text, entities, start, end) {
    var fragment = document.createDocumentFragment();
    var at = start;
    var i = 0;
    while (i < entities.length) {
      var entity = entities[i];
      var from = Math.max(entity.offset, at);
      var to = Math.min(entity.offset + entity.length, end);
      // The entities inside this one.
      var inner = [];
      var j = i + 1;
      while (j < entities.length && entities[j].offset < entity.offset + entity.length) {
        inner.push(entities[j]);
        j++;
      }
      if (from < to) {
        if (from > at) fragment.appendChild(document.createTextNode(text.slice(at, from)));
        var element = elementFor(entity, text.slice(from, to));
        var content = build(text, inner, from, to);
        var target = element.firstElementChild && entity.type === "pre" ? element.firstElementChild : element;
        target.appendChild(content);
        fragment.appendChild(element);
        at = to;
      }
      i = j;
    }
    if (at < end) fragment.appendChild(document.createTextNode(text.slice(at, end)));
    return fragment;
  }

  function elementFor(entity, content) {
    var tag = {
      bold: "strong", italic: "em", underline: "u", strikethrough: "s", code: "code",
      blockquote: "blockquote", expandable_blockquote: "blockquote"
    }[entity.type];
    if (tag) return document.createElement(tag);
    if (entity.type === "pre") {
      var pre = document.createElement("pre");
      var code = document.createElement("code");
      if (entity.language) code.setAttribute("data-language", entity.language);
      pre.appendChild(code);
      return pre;
    }
    if (entity.type === "text_link" || entity.type === "url") {
      var url = safeUrl(entity.type === "url" ? content : entity.url);
      if (url) {
        var link = document.createElement("a");
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        return link;
      }
    }
    if (entity.type === "spoiler") {
      var spoiler = document.createElement("span");
      spoiler.className = "spoiler";
      spoiler.tabIndex = 0;
      spoiler.setAttribute("role", "button");
      spoiler.setAttribute("aria-label", tr("spoiler", "Spoiler: select to reveal"));
      var reveal = function () {
        spoiler.classList.add("revealed");
        spoiler.removeAttribute("role");
        spoiler.removeAttribute("aria-label");
      };
      spoiler.addEventListener("click", reveal);
      spoiler.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") reveal(); });
      return spoiler;
    }
    var span = document.createElement("span");
    span.className = "entity-" + String(entity.type).replace(/[^a-z_]/g, "");
    return span;
  }

  // ---- writing, START, blocking ---------------------------------------------------------------

  function write(text) {
    if (current === null) return Promise.resolve(false);
    return api("POST", "/users/" + current + "/messages", { text: text }).then(function (result) {
      if (!result.ok) {
        say(errorOf(result));
        return false;
      }
      say("");
      poll();
      return true;
    });
  }

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    send.disabled = true;
    write(text).then(function (sent) {
      send.disabled = blocked;
      if (sent) input.value = "";
      input.focus();
    });
  });

  startButton.addEventListener("click", function () {
    startButton.disabled = true;
    write("/start " + startPayload).then(function (sent) {
      startButton.disabled = false;
      if (!sent) return;
      // The link is used: the page is a plain chat from now on, also after a reload.
      startPayload = null;
      var url = new URL(window.location.href);
      url.searchParams.delete("start");
      if (current !== null) url.searchParams.set("user", String(current));
      window.history.replaceState(null, "", url.pathname + url.search);
      updateControls();
      input.focus();
    });
  });

  blockToggle.addEventListener("click", function () {
    if (current === null) return;
    var action = blocked ? "unblock" : "block";
    blockToggle.disabled = true;
    api("POST", "/users/" + current + "/" + action).then(function (result) {
      blockToggle.disabled = false;
      menu.open = false;
      if (!result.ok) return say(errorOf(result));
      for (var i = 0; i < users.length; i++) if (users[i].id === result.data.id) users[i] = result.data;
      updateControls();
      say(result.data.blocked ? tr("you-blocked", "You blocked the bot: it cannot write to you.") : tr("you-unblocked", "You unblocked the bot."));
    });
  });

  loadUsers().then(function () {
    window.setInterval(function () {
      if (document.hidden) return;
      ticks++;
      if (ticks % 5 === 0) loadUsers();
      poll();
    }, POLL_MS);
  });
})();
