// The notifications page: when no time zone is saved yet, pick the browser's own.
(function () {
  "use strict";
  var zone = document.getElementById("time_zone");
  if (!zone || zone.dataset.guess !== "true" || !window.Intl) return;
  var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < zone.options.length; i++) {
    if (zone.options[i].value === mine) { zone.selectedIndex = i; return; }
  }
})();
