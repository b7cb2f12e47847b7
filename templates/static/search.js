/* digest: static full-text search over search.json (written by `digest build`).
   Every word typed must appear; title matches rank first, then newer stories. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = form.getAttribute("data-root") || "";
  var index = null;

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  function search(query) {
    var terms = words(query);
    if (!terms.length) { return null; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var doc = index[i];
      var title = doc._title || (doc._title = fold(doc.t));
      var all = doc._all || (doc._all = title + " " + fold(doc.s) + " " + fold(doc.x) +
                                         " " + fold(doc.c) + " " + fold(doc.o));
      var score = 0, ok = true;
      for (var j = 0; j < terms.length; j++) {
        if (all.indexOf(terms[j]) < 0) { ok = false; break; }
        score += title.indexOf(terms[j]) >= 0 ? 10 : 1;
      }
      if (ok) { hits.push([score, doc.d, doc]); }
    }
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0); });
    return hits.map(function (h) { return h[2]; });
  }

  function show(query) {
    list.textContent = "";
    var found = search(query);
    if (found === null) { status.textContent = "Type one or more words."; return; }
    status.textContent = found.length + " stor" + (found.length === 1 ? "y" : "ies") +
      " for \u201c" + query + "\u201d.";
    found.slice(0, 50).forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + doc.u + "index.html";
      a.textContent = doc.t;
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = doc.o + " \u00b7 " + doc.c + " \u00b7 " + doc.d.slice(0, 10);
      var summary = document.createElement("p");
      summary.className = "summary";
      summary.textContent = doc.s;
      li.appendChild(a); li.appendChild(meta); li.appendChild(summary);
      list.appendChild(li);
    });
  }

  status.textContent = "Loading the index\u2026";
  fetch(form.getAttribute("data-index")).then(function (r) {
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    return r.json();
  }).then(function (data) {
    index = data;
    // A query in the address wins; otherwise keep what was typed while the index loaded.
    var query = new URLSearchParams(location.search).get("q") || input.value;
    input.value = query;
    if (query) { show(query); } else { status.textContent = index.length + " stories to search."; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      show(input.value);
    });
  }).catch(function () {
    status.textContent = "The search index could not be loaded (open the site over http).";
  });
})();
