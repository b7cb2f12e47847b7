/* digest: static full-text search over search-index.js (written by `digest build`).
   Words are matched whole or by their beginning, never inside another word (a search for
   "eth" does not find "together"); accents and case do not matter ("cafe" finds "café").
   "layer-2", "layer2" and "Node.js"/"nodejs" are one word; "layer 2" ranks them first.
   Chinese, Japanese and Thai, written without spaces, are matched anywhere in the text.
   Stories with every word come first (title matches before text matches, then newer ones),
   then stories with some of the words. The query is kept in the address (?q=), so a search
   can be shared and Back goes to the previous search. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = form.getAttribute("data-root") || "";
  var archive = root + "archive/index.html";
  var baseTitle = document.title;
  var PAGE = 50;
  var index = null;

  // Scripts written without spaces between words: a query is looked for anywhere.
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  // A word: letters, digits and marks, with "-", ".", "_", "'" or "’" inside it.
  var TOKEN = /[\p{L}\p{N}\p{M}]+(?:[-._'\u2019\u00b7][\p{L}\p{N}\p{M}]+)*/gu;
  var NUMBER = /^\d+(?:[.,]\d+)+$/;

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u0652\u0670]/g, "").replace(/\u00df/g, "ss");
  }

  // "Node.js 2.5%" -> words ["node", "js", "2.5"], joined ["nodejs"]; both as " a b c ".
  function tokens(text) {
    var found = fold(text).match(TOKEN) || [];
    var plain = [], joined = [];
    for (var i = 0; i < found.length; i++) {
      var word = found[i];
      if (NUMBER.test(word)) {
        plain.push(word);
        joined.push(word.replace(/[.,]/g, ""));
      } else if (/[-._'\u2019\u00b7]/.test(word)) {
        var parts = word.split(/[-._'\u2019\u00b7]/);
        Array.prototype.push.apply(plain, parts);
        joined.push(parts.join(""));
      } else {
        plain.push(word);
      }
    }
    return {plain: " " + plain.join(" ") + " ", joined: " " + joined.join(" ") + " "};
  }

  // What the query asks for: one term per word typed.
  function terms(query) {
    var found = fold(query).match(TOKEN) || [];
    return found.map(function (word) {
      var parts = NUMBER.test(word) ? [word] : word.split(/[-._'\u2019\u00b7]/);
      return {
        word: parts.join(""),
        phrase: parts.length > 1 ? " " + parts.join(" ") + " " : null,
        number: NUMBER.test(word) ? word : null,
        anywhere: UNSPACED.test(word),
        prefix: word.length > 3 && !/^\d+$/.test(word)
      };
    });
  }

  // 2: the whole word, 1: a word that starts with it, 0: not there.
  function match(term, text) {
    if (term.anywhere) { return text.plain.indexOf(term.word) >= 0 ? 2 : 0; }
    if (term.number && text.plain.indexOf(" " + term.number + " ") >= 0) { return 2; }
    if (term.phrase && text.plain.indexOf(term.phrase) >= 0) { return 2; }
    var sources = [text.plain, text.joined];
    for (var i = 0; i < 2; i++) {
      if (sources[i].indexOf(" " + term.word + " ") >= 0) { return 2; }
    }
    for (i = 0; i < 2; i++) {
      var at = sources[i].indexOf(" " + term.word);
      if (at < 0) { continue; }
      if (term.prefix) { return 1; }
      // a short word (a ticker, "l2") only with a plural s: "nfts" for "nft"
      if (sources[i].indexOf(" " + term.word + "s ") >= 0) { return 1; }
    }
    return 0;
  }

  function prepare(doc) {
    if (!doc._title) {
      doc._title = tokens(doc.t);
      doc._text = tokens([doc.t, doc.s, doc.x, doc.c, doc.o].join(" \n "));
    }
  }

  function search(query) {
    var wanted = terms(query);
    if (!wanted.length) { return null; }
    var phrase = wanted.length > 1 ? " " + wanted.map(function (t) {
      return t.phrase ? t.phrase.trim() : (t.number || t.word);
    }).join(" ") + " " : null;
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var doc = index[i];
      prepare(doc);
      var have = 0, score = 0;
      for (var j = 0; j < wanted.length; j++) {
        var inTitle = match(wanted[j], doc._title);
        var inText = inTitle ? inTitle : match(wanted[j], doc._text);
        if (!inText) { continue; }
        have += 1;
        score += inTitle ? (inTitle === 2 ? 10 : 6) : (inText === 2 ? 2 : 1);
      }
      if (!have) { continue; }
      if (phrase && have === wanted.length) {
        if (doc._title.plain.indexOf(phrase) >= 0) { score += 12; }
        else if (doc._text.plain.indexOf(phrase) >= 0) { score += 4; }
      }
      hits.push([have, score, doc.d || "", doc]);
    }
    hits.sort(function (a, b) {
      return b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0);
    });
    var all = 0;
    while (all < hits.length && hits[all][0] === wanted.length) { all++; }
    return {all: all, some: hits.length - all, docs: hits.map(function (h) { return h[3]; }),
            words: wanted.length};
  }

  function stories(n) { return n + " stor" + (n === 1 ? "y" : "ies"); }

  function say(text, withArchive) {
    status.textContent = text;
    if (withArchive) {
      var a = document.createElement("a");
      a.href = archive;
      a.textContent = "browse the archive";
      status.appendChild(document.createTextNode(" Try other words, or "));
      status.appendChild(a);
      status.appendChild(document.createTextNode("."));
    }
  }

  function item(doc) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + doc.u + "index.html";
    a.textContent = doc.t;
    a.dir = "auto";
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [doc.o, doc.c, (doc.d || "").slice(0, 10)].filter(Boolean).join(" \u00b7 ");
    var summary = document.createElement("p");
    summary.className = "summary";
    summary.dir = "auto";
    summary.textContent = doc.s || "";
    li.appendChild(a); li.appendChild(meta); li.appendChild(summary);
    return li;
  }

  function more(docs, from) {
    var old = document.getElementById("search-more");
    if (old) { old.parentNode.removeChild(old); }
    docs.slice(from, from + PAGE).forEach(function (doc) { list.appendChild(item(doc)); });
    if (from + PAGE >= docs.length) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.id = "search-more";
    button.textContent = "Show " + Math.min(PAGE, docs.length - from - PAGE) + " more";
    button.addEventListener("click", function () {
      more(docs, from + PAGE);
      var next = list.children[from + PAGE];
      if (next) { next.querySelector("a").focus(); }
    });
    list.parentNode.insertBefore(button, list.nextSibling);
  }

  function show(query) {
    list.textContent = "";
    more([], 0);
    query = query.trim();
    document.title = query ? "\u201c" + query + "\u201d \u00b7 " + baseTitle : baseTitle;
    if (!query) { say(stories(index.length) + " to search."); return; }
    var found = search(query);
    if (found === null) {
      say("Type words with letters or digits.");
      return;
    }
    var quoted = "\u201c" + query + "\u201d";
    if (found.all + found.some === 0) {
      say("0 stories match " + quoted + ".", true);
      return;
    }
    if (found.words === 1) {
      say(stories(found.all) + " for " + quoted + ".");
    } else if (found.all === 0) {
      say("0 stories have every word of " + quoted + "; " + stories(found.some) +
          " have some of them.", true);
    } else {
      say(stories(found.all) + " with every word of " + quoted +
          (found.some ? ", then " + found.some + " with some of them." : "."));
    }
    more(found.docs, 0);
  }

  function fromAddress() { return new URLSearchParams(location.search).get("q") || ""; }

  status.textContent = "Loading the index\u2026";
  // The index is a script that sets window.digestSearchIndex (search-index.js): a page opened
  // from the disk (file://) may load a script where browsers refuse to fetch a file.
  new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () {
      if (Array.isArray(window.digestSearchIndex)) { resolve(window.digestSearchIndex); }
      else { reject(new Error("no index in " + script.src)); }
    };
    script.onerror = function () { reject(new Error("could not load " + script.src)); };
    document.head.appendChild(script);
  }).then(function (data) {
    index = data;
    // A query in the address wins; otherwise keep what was typed while the index loaded.
    var query = fromAddress() || input.value;
    input.value = query;
    show(query);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      if (value !== fromAddress()) {  // a new search: its own entry in the history
        history.pushState({q: value}, "", value ? "?q=" + encodeURIComponent(value) : "?");
      }
      show(value);
    });
    window.addEventListener("popstate", function () {
      input.value = fromAddress();
      show(input.value);
    });
  }).catch(function () {
    say("The search index could not be loaded.", true);
  });
})();
