/* The site search: a web worker that answers Material's header search box from Pagefind.
 *
 * Material's search UI (box, result list, keyboard, highlighting) talks to a web worker
 * through four messages: SETUP (0) hands over Material's own index, READY (1) says the worker
 * listens, QUERY (2) carries the typed text, RESULT (3) the hits, as groups of documents
 * {location, title, text, score, terms} whose title and text Material inserts as HTML.
 * overrides/main.html points Material at this script instead of its lunr worker; Material's
 * own index is empty (every page is excluded from it, see hooks/biofm/search.py).
 *
 * Pagefind's index (pagefind/ at the site root, written after the build) is chunked: its
 * module and WebAssembly load when the reader opens the search box (search-warm.js) or on
 * the first query, then each query loads only the index chunks
 * of its words, and the data (title, URL, excerpt) of the best LIMIT hits only. Keys typed
 * while a query is searched are not searched one by one: only the newest query is. Several words
 * must all match (Pagefind's rule); when no page has them all, pages with any of them are
 * listed, best first, and Material marks the missing words. Everything taken from the index
 * is escaped here (Pagefind keeps titles and text as plain text): they show literally, and
 * the only markup is the <mark> around the words that matched.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var LIMIT = 20; // hits listed in full (a file each to fetch); a last item says how many more
var SECTIONS = 3; // matching headings of a hand-written page listed under it
var MORE_LOCATION = "explorer/";

var pagefind = null; // the module, loaded on the first query

function load() {
  if (!pagefind) {
    var url = new URL("../pagefind/pagefind.js", self.location.href).href;
    pagefind = import(url).then(function (module) {
      return module.options({ baseUrl: "/" })
        .then(function () { return module.init(); }) // its WebAssembly and index entry
        .then(function () { return module; });
    });
  }
  return pagefind;
}

var EXCERPT_WORDS = 30; // words shown around the hits
var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
}

/* An excerpt of a page's plain text (Pagefind's `content`) around the hits (`locations`,
 * word positions from `from` on), escaped word by word, the hits in <mark>. Pagefind's own
 * excerpt escapes only < and >, which cannot be told apart from a page's literal "&lt;". */
function excerpt(content, locations, from) {
  var all = String(content || "").split(/[\r\n\s]+/g);
  var hits = {}, start = from || 0, most = -1;
  (locations || []).forEach(function (at) { hits[at] = true; });
  (locations || []).forEach(function (at) {
    var begin = Math.max(from || 0, Math.min(at - 5, all.length - EXCERPT_WORDS));
    var count = locations.filter(function (l) { return l >= begin && l < begin + EXCERPT_WORDS; }).length;
    if (count > most) { most = count; start = begin; }
  });
  return all.slice(start, start + EXCERPT_WORDS).map(function (word, i) {
    return hits[start + i] ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
  }).join(" ");
}

function words(query) {
  return query.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

function siteLocation(url) {
  return String(url || "").replace(/^\//, "");
}

/* One result group: the page, then its matching sections (hand-written pages' headings). */
function group(data, score, terms) {
  var page = {
    location: siteLocation(data.raw_url || data.url),
    title: escapeHtml((data.meta && data.meta.title) || data.raw_url || data.url),
    text: "<p>" + excerpt(data.content, data.locations, 0) + "</p>",
    score: score,
    terms: terms,
  };
  var sections = (data.sub_results || []).filter(function (sub) {
    return String(sub.url || "").indexOf("#") > 0 && sub.title !== (data.meta && data.meta.title);
  }).slice(0, SECTIONS).map(function (sub) {
    return {
      location: siteLocation(sub.url),
      title: escapeHtml(sub.title),
      text: "<p>" + excerpt(data.content, sub.locations, sub.anchor ? sub.anchor.location : 0) + "</p>",
      score: score,
      terms: terms,
    };
  });
  return [page].concat(sections);
}

/* Hits of all words; when none, of any word, the pages with more of the words first. */
function hits(module, query) {
  var all = words(query);
  var every = {};
  all.forEach(function (w) { every[w] = true; });
  return module.search(query).then(function (found) {
    var listed = found.results.map(function (r) { return { result: r, score: r.score, terms: every }; });
    if (listed.length || all.length < 2 || stale()) return listed;
    return Promise.all(all.map(function (w) { return module.search(w); })).then(function (each) {
      var byId = {};
      each.forEach(function (found, i) {
        found.results.forEach(function (r) {
          var hit = byId[r.id] || (byId[r.id] = { result: r, score: 0, terms: {}, count: 0 });
          hit.score += r.score;
          hit.count += 1;
          hit.terms[all[i]] = true;
        });
      });
      return Object.keys(byId).map(function (id) {
        var hit = byId[id];
        all.forEach(function (w) { hit.terms[w] = hit.terms[w] || false; });
        return hit;
      }).sort(function (a, b) { return b.count - a.count || b.score - a.score; });
    });
  });
}

/* Only the newest query is searched: a query typed while another is searched waits, and
 * when that search ends only the newest waiting one starts (the keys in between are never
 * searched). A query whose search ends after a newer one came is answered with nothing. */
var waiting = null; // the newest query not searched yet
var busy = false;
var shown = null; // the last list of hits sent, as JSON: the same list is not sent again

function stale() {
  return waiting !== null;
}

/* A short pause before a query loads its hits' data: while the reader is still typing, the
 * next key makes this query stale and its data is never fetched. */
var SETTLE_MS = 60;
function settled() {
  return new Promise(function (done) { setTimeout(done, SETTLE_MS); });
}

function answer(query) {
  if (!words(query).length) return Promise.resolve({ items: [] });
  return load().then(function (module) {
    return stale() ? [] : hits(module, query);
  }).then(function (listed) {
    return settled().then(function () { return listed; });
  }).then(function (listed) {
    if (stale()) return null; // a newer query is waiting: load no data for this one
    var best = listed.slice(0, LIMIT);
    return Promise.all(best.map(function (hit) { return hit.result.data(); })).then(function (data) {
      var items = data.map(function (d, i) { return group(d, best[i].score, best[i].terms); });
      if (listed.length > best.length) {
        items.push([{
          location: MORE_LOCATION,
          title: escapeHtml("The best " + best.length + " of " + listed.length + " matches are listed"),
          text: "<p>" + escapeHtml("Add a word to narrow the search, or combine facets in the Explorer.") + "</p>",
          score: 0,
          terms: {},
        }]);
      }
      return { items: items };
    });
  });
}

/* The page says when the reader opens the search box (search-warm.js): load Pagefind then. */
if (self.BroadcastChannel) {
  new BroadcastChannel("atlas-search").onmessage = function (event) {
    if (event.data === "warm") load();
  };
}

/* Material empties its result list and renders it anew for every answer; the same hits
 * again (a key that changes no hit) are not sent, so the list and a focused hit stay. An
 * empty answer is always sent: Material words it after the query ("no results" or
 * "type to start searching"). */
function send(result) {
  var json = result.items.length ? JSON.stringify(result) : null;
  if (json !== null && json === shown) return;
  shown = json;
  self.postMessage({ type: RESULT, data: result });
}

function searchNewest() {
  if (busy || waiting === null) return;
  var query = waiting;
  waiting = null;
  busy = true;
  answer(query).then(function (result) {
    busy = false;
    if (result && !stale()) send(result);
    searchNewest();
  }, function (error) {
    busy = false;
    if (!stale()) send({ items: [] });
    searchNewest();
    throw error;
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    self.postMessage({ type: READY }); // Pagefind loads on the first query, not on every page
  } else if (message.type === QUERY) {
    waiting = String(message.data || "");
    searchNewest();
  }
});
