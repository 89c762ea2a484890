// Times the server could only write in UTC (the member chose no time zone) are rewritten in the
// browser's own zone. Without this script they stay in UTC, and say so.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  // In the page's language (its <html lang>), not the browser's.
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short"
  });
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  Array.prototype.forEach.call(document.querySelectorAll("time[data-local][datetime]"), function (el) {
    var at = new Date(el.getAttribute("datetime"));
    if (isNaN(at.getTime())) return;
    el.textContent = format.format(at);
    el.setAttribute("title", el.getAttribute("datetime") + (zone ? " · shown in " + zone : ""));
    el.setAttribute("data-zone", zone);
  });
})();
