// The Connect Telegram page: the Copy button, and a status poll that reloads the page when the
// link is made or ended (in Telegram), when the bot's state changes, or when the shown link expires.
(function () {
  "use strict";
  var root = document.getElementById("connect");
  if (!root) return;

  // The page's words in its language (data-t-… on the root; English if a page lacks one).
  function tr(name, fallback) {
    return root.getAttribute("data-t-" + name) || fallback;
  }

  // Copy: only offered when the script runs; the command stays selectable text without it.
  var copyStatus = document.getElementById("copy-status");
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = function () {
        var label = button.textContent;
        button.textContent = tr("copied", "Copied");
        if (copyStatus) copyStatus.textContent = tr("copied-status", "Copied to the clipboard. Paste it in the chat with the bot.");
        window.setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
      } else {
        selectText(source);
        try { if (document.execCommand("copy")) done(); } catch (e) { /* selected for manual copy */ }
      }
    });
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (copyStatus) copyStatus.textContent = tr("selected", "Selected: press Ctrl+C (or ⌘C) to copy.");
  }

  // Status poll.
  var url = root.getAttribute("data-status-url");
  var linked = root.getAttribute("data-linked") === "true";
  var bot = root.getAttribute("data-bot");
  var expiresIn = parseInt(root.getAttribute("data-expires-in") || "", 10);
  var loadedAt = Date.now();
  var INTERVAL = 2500;
  var failures = 0;

  function expired() {
    return !linked && !isNaN(expiresIn) && Date.now() - loadedAt >= expiresIn * 1000;
  }

  function check() {
    if (document.hidden) return schedule();
    if (expired()) return window.location.reload();
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (status) {
        failures = 0;
        if (status.linked !== linked || status.bot !== bot) {
          window.location.replace(root.getAttribute("data-reload-url") || "/connect");
          return;
        }
        schedule();
      })
      .catch(function () {
        failures += 1;
        schedule();
      });
  }

  function schedule() {
    // Back off while the server does not answer; stop after a long outage.
    if (failures > 40) return;
    window.setTimeout(check, INTERVAL * Math.min(1 + failures, 8));
  }

  if (bot !== "not_configured") schedule();
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && expired()) window.location.reload();
  });
})();
