// "Sign in with Telegram": polls the attempt's status about once a second. Approved: the poll
// itself signed this browser in, so go on to `next`. Denied, expired and the like: show that
// outcome and the Try again button, in place.
(function () {
  "use strict";
  var root = document.getElementById("telegram-login");
  if (!root || root.getAttribute("data-state") !== "waiting") return;
  var url = root.getAttribute("data-status-url");
  var INTERVAL = 800;
  var failures = 0;

  function show(state) {
    var waiting = document.getElementById("login-waiting");
    var outcome = root.querySelector('[data-outcome="' + state + '"]');
    if (!outcome) return false;
    if (waiting) waiting.hidden = true;
    outcome.hidden = false;
    var again = document.getElementById("login-again");
    if (again) again.hidden = state === "approved";
    return true;
  }

  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (status) {
        failures = 0;
        if ((status.state === "signed_in" || status.state === "signup") && status.next) {
          show("approved");
          window.location.assign(status.next);
          return;
        }
        if (status.state === "waiting") return schedule();
        if (status.state === "none") status.state = "expired";
        if (!show(status.state)) show("expired");
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

  schedule();
})();
