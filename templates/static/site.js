/* digest: progressive enhancement only. Adds "3 hours ago" beside each absolute date,
   computed from the reader's clock (the built HTML never holds a relative time). */
(function () {
  "use strict";
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];
  function ago(seconds) {
    if (seconds < 60) { return "just now"; }
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(seconds / units[i][1]);
      if (n >= 1) { return n + " " + units[i][0] + (n > 1 ? "s" : "") + " ago"; }
    }
    return "";
  }
  var times = document.querySelectorAll("time[datetime]");
  var now = Date.now();
  for (var i = 0; i < times.length; i++) {
    var when = Date.parse(times[i].getAttribute("datetime"));
    if (isNaN(when) || when > now) { continue; }
    var text = ago(Math.floor((now - when) / 1000));
    if (!text) { continue; }
    var span = document.createElement("span");
    span.className = "ago";
    span.textContent = " (" + text + ")";
    times[i].parentNode.insertBefore(span, times[i].nextSibling);
  }
})();
