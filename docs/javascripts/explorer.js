/* The Explorer page: combine facets over every entry of the atlas.
 *
 * Loaded only on /explorer/ (overrides/main.html). It fetches explorer.json once (written by
 * hooks/biofm/explorer.py): the facet declarations of the registry with their vocabulary
 * items, and one column per field of the entries. No facet is named here. Each facet item
 * gets a bitset of the entries that have it, so a click or a keystroke is a few passes over
 * 32-bit words. The query string holds the whole state. Data reaches the page only through
 * textContent and attribute setters, never as HTML.
 *
 * The start is cut into short tasks, so that the page stays responsive while it fills: the
 * first results are drawn first, then the facet controls, then their counts. What only the
 * downloads need (BibTeX keys, arXiv ids, the BibTeX records) is not in explorer.json: the
 * first download fetches catalogue.bib, whose records are in the same order as its rows.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-explorer]");
  if (!root || !window.fetch || !window.URLSearchParams || !window.Uint32Array) return;

  var PAGE = 50; // results shown at first, and added by "Show more"
  var FIRST = 10; // results drawn in the start's first task (a phone's screen holds fewer)
  var SORTS = ["online", "year", "title", "params"];
  var NAMED = { text: "text", from: "from", to: "to", pmin: "pmin", pmax: "pmax", sort: "sort" };
  var FLAGS = [ // boolean filters: [query key, label, column]
    ["code", "Has code", "code"],
    ["weights", "Has open weights", "weights"]
  ];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var name in attrs) if (attrs[name] != null) node.setAttribute(name, attrs[name]);
    if (text != null) node.textContent = text;
    return node;
  }

  /* ------------------------------------------------------------------ bitsets */

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  function count(bits) {
    var n = 0;
    for (var w = 0; w < bits.length; w++) if (bits[w]) n += popcount(bits[w]);
    return n;
  }
  function countAnd(a, b) {
    var n = 0;
    for (var w = 0; w < a.length; w++) { var x = a[w] & b[w]; if (x) n += popcount(x); }
    return n;
  }
  function andInto(target, other) {
    for (var w = 0; w < target.length; w++) target[w] &= other[w];
    return target;
  }
  function orInto(target, other) {
    for (var w = 0; w < target.length; w++) target[w] |= other[w];
    return target;
  }
  function has(bits, i) { return (bits[i >>> 5] >>> (i & 31)) & 1; }
  function set(bits, i) { bits[i >>> 5] |= 1 << (i & 31); }

  /* ------------------------------------------------------------------ formatting */

  function si(value) {
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    var rounded = Number(value.toPrecision(3));
    for (var u = 0; u < units.length; u++) {
      if (Math.abs(rounded) >= units[u][0]) return String(rounded / units[u][0]) + units[u][1];
    }
    return String(value);
  }

  /* ------------------------------------------------------------------ the data */

  /* The cheap part, enough to filter and sort: the columns, the facets' bitsets and the
   * first-online dates. Text for the text filter and the titles shown are made on demand. */
  function Data(raw) {
    var c = raw.columns, n = raw.count;
    this.raw = raw;
    this.n = n;
    this.words = (n + 31) >>> 5;
    this.facets = raw.facets;
    this.facet = {};
    var self = this;
    function column(name, empty) { // a list as it is; a sparse column filled in
      var values = c[name];
      if (Array.isArray(values)) return values;
      var out = new Array(n);
      for (var i = 0; i < n; i++) { var v = values[i]; out[i] = v === undefined ? empty : v; }
      return out;
    }
    this.id = column("id", "");
    this.name = column("name", "");
    this.title = column("title", "");
    this.aliases = column("aliases", []);
    this.authors = column("authors", []);
    this.year = column("year", 0);
    this.paperLink = column("paper", ""); // "" for the arXiv id's page (the downloads add it)
    this.code = column("code", "");
    this.weights = column("weights", "");
    this.params = column("params", 0);
    this.doi = column("doi", "");
    /* First online: 0 the year alone, 1 to 12 a month of the entry's year, else YYYYMM. As
     * a number YYYYMM (a bare year is YYYY00) for sorting, and as text for the downloads. */
    var online = column("online", 0);
    this.onlineKey = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var v = online[i], y = this.year[i];
      this.onlineKey[i] = v > 12 ? v : y * 100 + v;
    }
    this.all = new Uint32Array(this.words);
    for (i = 0; i < n; i++) set(this.all, i);
    this.facets.forEach(function (facet) {
      self.facet[facet.key] = facet;
      facet.values = facet.multi ? column(facet.key, []) : column(facet.key, 0).map(function (at) {
        return at < 0 ? [] : [at]; // one item or none (-1)
      });
      facet.index = {};
      facet.bits = facet.items.map(function (item, at) {
        facet.index[item.key] = at;
        return new Uint32Array(self.words);
      });
      facet.values.forEach(function (list, i) {
        for (var k = 0; k < list.length; k++) set(facet.bits[list[k]], i);
      });
    });
    this.kindFacet = this.facet[raw.kind_facet];
    this.venueFacet = this.facet[raw.venue_facet];
    this.flags = {};
    FLAGS.forEach(function (flag) {
      var bits = new Uint32Array(self.words), values = self[flag[2]];
      for (var i = 0; i < n; i++) if (values[i]) set(bits, i);
      self.flags[flag[0]] = bits;
    });
    var years = this.year.filter(Boolean);
    this.minYear = years.length ? Math.min.apply(null, years) : 0;
    this.maxYear = years.length ? Math.max.apply(null, years) : 0;
    this.orders = {};
    this.displays = new Array(n);
    this.haystack = null; // made by text() at the first text filter, or when the page is idle
  }

  Data.prototype.url = function (i) {
    return this.kindFacet.items[this.kindFacet.values[i][0]].folder + "/" + this.id[i] + "/";
  };

  /* The title shown: the name first when the title does not hold it. */
  Data.prototype.display = function (i) {
    var shown = this.displays[i];
    if (shown === undefined) {
      var name = this.name[i], title = this.title[i];
      shown = name && title.toLowerCase().indexOf(name.toLowerCase()) < 0 ? name + ": " + title : title;
      this.displays[i] = shown;
    }
    return shown;
  };

  Data.prototype.online = function (i) {
    var key = this.onlineKey[i], month = key % 100, year = (key - month) / 100;
    if (!year) return "";
    return month ? year + "-" + (month < 10 ? "0" : "") + month : String(year);
  };

  /* What the text filter reads of each entry: name, aliases, title, authors, venue. */
  Data.prototype.text = function () {
    if (this.haystack) return this.haystack;
    var self = this, venue = this.venueFacet;
    this.haystack = this.title.map(function (title, i) {
      var where = venue ? venue.values[i].map(function (at) {
        return venue.items[at].label + " " + venue.items[at].title;
      }) : [];
      return [self.name[i], self.aliases[i].join(" "), title, self.authors[i].join(" "),
              where.join(" ")].join("\u0001").toLowerCase();
    });
    return this.haystack;
  };

  /* Row numbers in a sort order. Newest first breaks ties by the lowercased title (as the
   * site's listings do), then by row; the other orders break ties newest first. Only the
   * title order needs a collator, made when a reader asks for it. */
  Data.prototype.order = function (sort) {
    if (this.orders[sort]) return this.orders[sort];
    var self = this, n = this.n, idx = new Array(n);
    for (var i = 0; i < n; i++) idx[i] = i;
    var compare;
    if (sort === "online" || !this.orders.online && sort !== "title") {
      var key = this.onlineKey, lower = this.title.map(function (t) { return t.toLowerCase(); });
      idx.sort(function (a, b) {
        var x = lower[a], y = lower[b];
        return (key[b] - key[a]) || (x < y ? -1 : x > y ? 1 : a - b);
      });
      this.orders.online = Int32Array.from(idx);
      if (sort === "online") return this.orders.online;
    }
    if (sort === "title") {
      var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
      var shown = idx.map(function (i) { return self.display(i); });
      compare = function (a, b) { return collator.compare(shown[a], shown[b]) || a - b; };
    } else {
      var rank = new Int32Array(n), newest = this.orders.online, values = this[sort];
      for (i = 0; i < n; i++) rank[newest[i]] = i;
      compare = function (a, b) { return (values[b] - values[a]) || rank[a] - rank[b]; };
    }
    idx.sort(compare);
    this.orders[sort] = Int32Array.from(idx);
    return this.orders[sort];
  };

  /* ------------------------------------------------------------------ state and URL */

  function emptyState(data) {
    var state = { sel: {}, all: {}, text: "", from: 0, to: 0, pmin: 0, pmax: 0, sort: "online",
                  flags: {} };
    data.facets.forEach(function (f) { state.sel[f.key] = []; state.all[f.key] = false; });
    return state;
  }

  function readUrl(data, search) {
    var q = new URLSearchParams(search), state = emptyState(data);
    data.facets.forEach(function (f) {
      var keys = (q.get(f.key) || "").split(",").filter(function (k) {
        return Object.prototype.hasOwnProperty.call(f.index, k);
      });
      state.sel[f.key] = keys.filter(function (k, i) { return keys.indexOf(k) === i; });
      state.all[f.key] = f.multi && q.get(f.key + "-match") === "all";
    });
    state.text = q.get(NAMED.text) || "";
    ["from", "to", "pmin", "pmax"].forEach(function (key) {
      var value = parseInt(q.get(NAMED[key]) || "", 10);
      state[key] = isFinite(value) && value > 0 ? value : 0;
    });
    var sort = q.get(NAMED.sort);
    state.sort = SORTS.indexOf(sort) >= 0 ? sort : "online";
    FLAGS.forEach(function (flag) { state.flags[flag[0]] = q.get(flag[0]) === "1"; });
    return state;
  }

  function writeUrl(data, state) {
    var parts = [];
    function put(key, value) { parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value)); }
    data.facets.forEach(function (f) {
      if (state.sel[f.key].length) put(f.key, state.sel[f.key].join(","));
      if (state.all[f.key]) put(f.key + "-match", "all");
    });
    FLAGS.forEach(function (flag) { if (state.flags[flag[0]]) put(flag[0], "1"); });
    ["from", "to", "pmin", "pmax"].forEach(function (key) { if (state[key]) put(NAMED[key], state[key]); });
    if (state.text) put(NAMED.text, state.text);
    if (state.sort !== "online") put(NAMED.sort, state.sort);
    return parts.length ? "?" + parts.join("&").replace(/%2C/g, ",") : "";
  }

  /* ------------------------------------------------------------------ filtering */

  function facetMask(data, state, f) {
    var keys = state.sel[f.key];
    if (!keys.length) return null;
    var all = state.all[f.key], mask = all ? data.all.slice() : new Uint32Array(data.words);
    keys.forEach(function (key) {
      var bits = f.bits[f.index[key]];
      if (all) andInto(mask, bits); else orInto(mask, bits);
    });
    return mask;
  }

  var textCache = { query: null, mask: null };
  function textMask(data, text) {
    var terms = text.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return null;
    var key = terms.join(" ");
    if (textCache.query === key) return textCache.mask;
    var mask = new Uint32Array(data.words), hay = data.text();
    outer: for (var i = 0; i < data.n; i++) {
      for (var t = 0; t < terms.length; t++) if (hay[i].indexOf(terms[t]) < 0) continue outer;
      set(mask, i);
    }
    textCache = { query: key, mask: mask };
    return mask;
  }

  function rangeMask(data, values, low, high) {
    if (!low && !high) return null;
    var mask = new Uint32Array(data.words);
    for (var i = 0; i < data.n; i++) {
      var v = values[i];
      if (v && (!low || v >= low) && (!high || v <= high)) set(mask, i);
    }
    return mask;
  }

  /* Every filter as a named group; facet counts leave out their own group. */
  function groups(data, state) {
    var out = [];
    data.facets.forEach(function (f) { out.push({ key: f.key, mask: facetMask(data, state, f) }); });
    FLAGS.forEach(function (flag) {
      out.push({ key: flag[0], mask: state.flags[flag[0]] ? data.flags[flag[0]] : null });
    });
    out.push({ key: "text", mask: textMask(data, state.text) });
    out.push({ key: "year", mask: rangeMask(data, data.year, state.from, state.to) });
    out.push({ key: "params", mask: rangeMask(data, data.params, state.pmin, state.pmax) });
    return out;
  }

  function combine(data, list, skip) {
    var mask = data.all.slice();
    list.forEach(function (g) { if (g.mask && g.key !== skip) andInto(mask, g.mask); });
    return mask;
  }

  /* ------------------------------------------------------------------ exports */

  /* The downloads take the BibTeX keys, the arXiv ids and the BibTeX records from
   * catalogue.bib, fetched at the first download: one record per entry, in the order of
   * explorer.json's rows (both are written by the same build), each "@type{key," up to a
   * line "}", no value spanning lines. */
  function Exporter(data) {
    this.data = data;
    this.bib = null; // row -> {text, key, arxiv}, once loaded
    this.loading = null;
  }

  Exporter.prototype.load = function () {
    var self = this, n = this.data.n, year = this.data.year;
    if (!this.loading) {
      this.loading = fetch(root.getAttribute("data-bib"), { cache: "no-cache" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (text) {
          var records = text.replace(/\s+$/, "").split(/\n\n(?=@)/).map(function (record) {
            var key = /^@\w+\{([^,\n]*),\n/.exec(record), arxiv = /\n {2}eprint = \{([^}\n]*)\}/.exec(record);
            var printed = /\n {2}year = \{(\d+)\}/.exec(record);
            return { text: record + "\n", key: key ? key[1] : "", arxiv: arxiv ? arxiv[1] : "",
                     year: printed ? Number(printed[1]) : 0 };
          });
          var aligned = records.length === n && records.every(function (r, i) {
            return r.key && r.year === year[i];
          });
          if (!aligned) throw new Error("catalogue.bib does not match explorer.json; reload the page");
          self.bib = records;
        })
        .catch(function (error) { self.loading = null; throw error; });
    }
    return this.loading;
  };

  Exporter.prototype.permalink = function (i) {
    var site = this.data.raw.site || new URL(root.getAttribute("data-base") || "./", location.href).href;
    return site + this.data.url(i);
  };

  Exporter.prototype.keys = function (f, i) {
    return f.values[i].map(function (at) { return f.items[at]; });
  };

  Exporter.prototype.paper = function (i) {
    var arxiv = this.bib[i].arxiv;
    return this.data.paperLink[i] || (arxiv ? "https://arxiv.org/abs/" + arxiv : "");
  };

  /* The selection's records of catalogue.bib, as they are written there. */
  Exporter.prototype.bibtex = function (rows) {
    var bib = this.bib;
    return rows.map(function (i) { return bib[i].text; }).join("\n");
  };

  Exporter.prototype.record = function (i) {
    var d = this.data, self = this, out = { id: d.id[i] };
    d.facets.forEach(function (f) {
      var keys = self.keys(f, i).map(function (item) { return item.key; });
      out[f.field] = f.multi ? keys : (keys[0] || null);
    });
    out.title = d.title[i];
    out.name = d.name[i] || null;
    out.aliases = d.aliases[i];
    out.authors = d.authors[i];
    out.year = d.year[i] || null;
    out.first_online = d.online(i) || null;
    out.links = { paper: this.paper(i) || null, code: d.code[i] || null, weights: d.weights[i] || null };
    out.parameters = d.params[i] || null;
    out.cite_key = this.bib[i].key;
    out.arxiv_id = this.bib[i].arxiv || null;
    out.doi = d.doi[i] || null;
    out.url = d.url(i);
    out.permalink = this.permalink(i);
    return out;
  };

  Exporter.prototype.json = function (rows) {
    return JSON.stringify({ count: rows.length, entries: rows.map(this.record, this) }, null, 1) + "\n";
  };

  function csvCell(value) {
    var text = value == null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  Exporter.prototype.csv = function (rows) {
    var d = this.data, self = this;
    var facets = d.facets.filter(function (f) { return f !== d.kindFacet; });
    var head = ["id", "kind", "title", "name", "authors"].concat(
      facets.map(function (f) { return f.field; }),
      ["year", "first_online", "paper", "code", "weights", "parameters", "cite_key", "arxiv_id",
       "doi", "permalink"]);
    var lines = [head.map(csvCell).join(",")];
    rows.forEach(function (i) {
      var cells = [d.id[i], self.keys(d.kindFacet, i)[0].key, d.title[i], d.name[i], d.authors[i].join(";")];
      facets.forEach(function (f) {
        cells.push(self.keys(f, i).map(function (item) { return item.csv; }).join(";"));
      });
      cells.push(d.year[i] || "", d.online(i), self.paper(i), d.code[i], d.weights[i], d.params[i] || "",
                 self.bib[i].key, self.bib[i].arxiv, d.doi[i], self.permalink(i));
      lines.push(cells.map(csvCell).join(","));
    });
    return lines.join("\n") + "\n";
  };

  var MIME = { bib: "application/x-bibtex", csv: "text/csv", json: "application/json" };
  var WRITE = { bib: "bibtex", csv: "csv", json: "json" };

  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ";charset=utf-8" });
    var link = el("a", { href: URL.createObjectURL(blob), download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  /* ------------------------------------------------------------------ the view */

  function View(data) {
    this.data = data;
    this.form = document.getElementById("atlas-ex-form");
    this.text = document.getElementById("atlas-ex-text");
    this.sort = document.getElementById("atlas-ex-sort");
    this.status = document.getElementById("atlas-ex-status");
    this.results = document.getElementById("atlas-ex-results");
    this.limit = PAGE;
    this.options = {}; // facet key -> item key -> {input, label, count}
    this.flagOptions = {};
    this.list = el("ul", { class: "atlas-ex__list" });
    this.more = el("button", { type: "button", class: "md-button atlas-ex__more" });
    this.empty = el("p", { class: "atlas-ex__empty" }, "No entry matches all of these filters.");
    this.results.textContent = "";
    this.results.appendChild(this.list);
    this.results.appendChild(this.empty);
    this.results.appendChild(this.more);
  }

  View.prototype.fieldset = function (title) {
    var set = el("fieldset", { class: "atlas-ex__facet" });
    set.appendChild(el("legend", null, title));
    return set;
  };

  View.prototype.option = function (name, value, label, title, colour) {
    var wrap = el("label", { class: "atlas-ex__opt", title: title || null });
    var input = el("input", { type: "checkbox", name: name, value: value });
    var badge = el("span", { class: colour ? "atlas-ex__badge atlas-badge" : "atlas-ex__label" }, label);
    if (colour) badge.style.backgroundColor = colour;
    var n = el("span", { class: "atlas-ex__n" }, "0");
    wrap.appendChild(input);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(badge);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(n);
    return { wrap: wrap, input: input, count: n };
  };

  View.prototype.select = function (id, label, choices) {
    var p = el("p", { class: "atlas-ex__field atlas-ex__field--half" });
    p.appendChild(el("label", { for: id }, label));
    var select = el("select", { id: id });
    choices.forEach(function (c) { select.appendChild(el("option", { value: c[0] }, c[1])); });
    p.appendChild(select);
    return { wrap: p, select: select };
  };

  /* The facet controls, one step (one short task) per facet, then years and facts. */
  View.prototype.steps = function () {
    var self = this, box = document.getElementById("atlas-ex-facets");
    return this.data.facets.map(function (f) {
      return function () { box.appendChild(self.facetControls(f)); };
    }).concat(function () { box.appendChild(self.factControls()); });
  };

  View.prototype.facetControls = function (f) {
    var self = this, set = this.fieldset(f.title), list = el("div", { class: "atlas-ex__opts" });
    if (f.items.length > 12) list.classList.add("atlas-ex__opts--long");
    self.options[f.key] = {};
    if (f.multi) {
      var match = self.select("atlas-ex-" + f.key + "-match", "Entries with",
        [["any", "any selected"], ["all", "all selected"]]);
      match.select.setAttribute("data-match", f.key);
      set.appendChild(match.wrap);
      self.options[f.key].__match = match.select;
    }
    f.items.forEach(function (item) {
      var o = self.option(f.key, item.key, item.label, item.title !== item.label ? item.title : null, item.colour);
      self.options[f.key][item.key] = o;
      list.appendChild(o.wrap);
    });
    set.appendChild(list);
    return set;
  };

  View.prototype.factControls = function () {
    var self = this, d = this.data, more = this.fieldset("Year and facts");
    var years = [["", "any"]];
    for (var y = d.maxYear; y >= d.minYear && y > 0; y--) years.push([String(y), String(y)]);
    this.from = this.select("atlas-ex-from", "From year", years);
    this.to = this.select("atlas-ex-to", "To year", years);
    var steps = [["", "any"]].concat(d.raw.parameter_steps.map(function (s) { return [String(s), si(s)]; }));
    this.pmin = this.select("atlas-ex-pmin", "Parameters at least", steps);
    this.pmax = this.select("atlas-ex-pmax", "Parameters at most", steps);
    var row = el("div", { class: "atlas-ex__row" });
    [this.from, this.to, this.pmin, this.pmax].forEach(function (s) { row.appendChild(s.wrap); });
    more.appendChild(row);
    var flags = el("div", { class: "atlas-ex__opts" });
    FLAGS.forEach(function (flag) {
      var o = self.option(flag[0], "1", flag[1], null, null);
      self.flagOptions[flag[0]] = o;
      flags.appendChild(o.wrap);
    });
    more.appendChild(flags);
    more.appendChild(el("p", { class: "atlas-ex__hint" },
      "A parameter bound keeps only the models whose parameter count is stated."));
    return more;
  };

  View.prototype.listen = function () {
    var self = this;
    this.form.addEventListener("change", function (event) {
      if (event.target === self.text) return;
      self.limit = PAGE;
      self.update(self.read(), "push");
    });
    this.text.addEventListener("input", function () {
      self.limit = PAGE;
      self.update(self.read(), "replace");
    });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("reset", function (event) {
      event.preventDefault();
      self.limit = PAGE;
      self.show(emptyState(self.data));
      self.update(emptyState(self.data), "push");
    });
    this.more.addEventListener("click", function () {
      self.limit += PAGE;
      self.renderList(self.result, self.total, self.state.sort, true);
      var next = self.list.children[self.limit - PAGE];
      if (next) next.querySelector("a").focus();
    });
    this.form.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { self.exportAs(button.getAttribute("data-export")); });
    });
    window.addEventListener("popstate", function () {
      self.limit = PAGE;
      var state = readUrl(self.data, location.search);
      self.show(state);
      self.update(state, null);
    });
  };

  /* The state the controls show. */
  View.prototype.read = function () {
    var self = this, state = emptyState(this.data);
    this.data.facets.forEach(function (f) {
      var options = self.options[f.key];
      state.sel[f.key] = f.items.filter(function (item) { return options[item.key].input.checked; })
        .map(function (item) { return item.key; });
      state.all[f.key] = !!options.__match && options.__match.value === "all";
    });
    FLAGS.forEach(function (flag) { state.flags[flag[0]] = self.flagOptions[flag[0]].input.checked; });
    state.text = this.text.value.trim();
    state.sort = this.sort.value;
    ["from", "to", "pmin", "pmax"].forEach(function (key) { state[key] = parseInt(self[key].select.value, 10) || 0; });
    return state;
  };

  /* Set the controls to a state (from the URL or a reset). */
  View.prototype.show = function (state) {
    var self = this;
    this.data.facets.forEach(function (f) {
      var options = self.options[f.key];
      f.items.forEach(function (item) { options[item.key].input.checked = state.sel[f.key].indexOf(item.key) >= 0; });
      if (options.__match) options.__match.value = state.all[f.key] ? "all" : "any";
    });
    FLAGS.forEach(function (flag) { self.flagOptions[flag[0]].input.checked = state.flags[flag[0]]; });
    this.text.value = state.text;
    this.sort.value = state.sort;
    ["from", "to", "pmin", "pmax"].forEach(function (key) {
      var select = self[key].select, value = state[key] ? String(state[key]) : "";
      select.value = value;
      if (select.value !== value) { // a bound the list does not offer: add it
        select.appendChild(el("option", { value: value }, value));
        select.value = value;
      }
    });
  };

  View.prototype.update = function (state, history) {
    this.state = state;
    var url = location.pathname + writeUrl(this.data, state) + location.hash;
    if (history === "push" && url !== location.pathname + location.search + location.hash) {
      window.history.pushState(null, "", url);
    } else if (history === "replace") {
      window.history.replaceState(null, "", url);
    }
    this.render(state);
  };

  View.prototype.render = function (state) {
    this.renderCounts(state, this.renderResults(state));
  };

  /* The status line and the first results; returns the filter groups. */
  View.prototype.renderResults = function (state) {
    var d = this.data, list = groups(d, state);
    var result = combine(d, list, null), total = count(result);
    this.result = result;
    this.total = total;
    var status = total + " of " + d.n + " entries";
    if (this.status.textContent !== status) this.status.textContent = status;
    this.renderList(result, total, state.sort);
    return list;
  };

  View.prototype.renderCounts = function (state, list) {
    var d = this.data, self = this, result = this.result;
    /* Facet counts: the other filters, and for "all" this facet's own selection too. */
    var own = {};
    list.forEach(function (g) { own[g.key] = g.mask; });
    /* Without a filter of its own, a facet counts within the result itself. */
    function others(key) { return own[key] ? combine(d, list, key) : result; }
    d.facets.forEach(function (f) {
      var within = others(f.key);
      if (state.all[f.key] && own[f.key]) within = andInto(within, own[f.key]);
      f.items.forEach(function (item, at) {
        self.mark(self.options[f.key][item.key], countAnd(within, f.bits[at]));
      });
    });
    FLAGS.forEach(function (flag) {
      self.mark(self.flagOptions[flag[0]], countAnd(others(flag[0]), d.flags[flag[0]]));
    });
  };

  View.prototype.mark = function (option, n) {
    var text = String(n);
    if (option.count.textContent !== text) option.count.textContent = text;
    option.wrap.classList.toggle("is-empty", n === 0);
  };

  /* The first `limit` results; with `more`, only those not listed yet are added. */
  View.prototype.renderList = function (result, total, sort, more) {
    var d = this.data, order = d.order(sort), shown = [], base = root.getAttribute("data-base") || "";
    for (var k = 0; k < order.length && shown.length < this.limit; k++) {
      if (has(result, order[k])) shown.push(order[k]);
    }
    var fragment = document.createDocumentFragment(), listed = more ? this.list.children.length : 0;
    shown.slice(listed).forEach(function (i) { fragment.appendChild(this.item(i, base)); }, this);
    if (!more) this.list.textContent = "";
    this.list.appendChild(fragment);
    this.empty.hidden = total > 0;
    var rest = total - shown.length;
    this.more.hidden = rest <= 0;
    this.more.textContent = "Show " + Math.min(rest, PAGE) + " more (" + rest + " not shown)";
  };

  View.prototype.item = function (i, base) {
    var d = this.data, li = el("li", { class: "atlas-ex__item" });
    li.appendChild(el("a", { class: "atlas-ex__title", href: base + d.url(i) }, d.display(i)));
    var kind = d.kindFacet.items[d.kindFacet.values[i][0]];
    var bits = [kind.singular];
    var facts = el("span", { class: "atlas-ex__meta" });
    var venue = d.venueFacet ? d.venueFacet.values[i] : [];
    var where = [venue.length ? d.venueFacet.items[venue[0]].label : "", d.year[i] || ""].filter(Boolean);
    if (where.length) bits.push(where.join(" "));
    if (d.params[i]) bits.push(si(d.params[i]) + " parameters");
    if (d.code[i]) bits.push("code");
    if (d.weights[i]) bits.push("open weights");
    facts.textContent = bits.join(" · ");
    li.appendChild(facts);
    var badges = el("span", { class: "atlas-badges" });
    d.facets.forEach(function (f) {
      if (f === d.kindFacet || f === d.venueFacet) return;
      f.values[i].forEach(function (at) {
        var item = f.items[at];
        var badge = el("span", { class: "atlas-badge", title: item.title !== item.label ? item.title : null }, item.label);
        if (item.colour) badge.style.backgroundColor = item.colour;
        badges.appendChild(badge);
        badges.appendChild(document.createTextNode(" "));
      });
    });
    li.appendChild(badges);
    return li;
  };

  View.prototype.selection = function () {
    var order = this.data.order(this.state.sort), rows = [];
    for (var k = 0; k < order.length; k++) if (has(this.result, order[k])) rows.push(order[k]);
    return rows;
  };

  View.prototype.exportAs = function (format) {
    var exporter = this.exporter, rows = this.selection(), status = this.status;
    exporter.load().then(function () {
      download("atlas-selection." + format, exporter[WRITE[format]](rows), MIME[format]);
    }).catch(function (error) {
      status.textContent += " (the download failed: " + error.message + ")";
    });
  };

  /* The next task: the browser may paint and answer input in between. */
  function nextTask() {
    return new Promise(function (done) { setTimeout(done, 0); });
  }

  /* In short tasks: the data; the results a screen shows first, then the rest of the first
   * page of results; each facet's controls; their counts and the listeners (the page is live
   * after that); the text the filter searches. */
  function start(raw) {
    var data, view, state, list;
    function firstResults() {
      view = new View(data);
      state = readUrl(data, location.search);
      var filters = document.getElementById("atlas-ex-filters");
      if (filters && window.matchMedia("(min-width: 60em)").matches) filters.open = true;
      view.text.value = state.text;
      view.sort.value = state.sort;
      view.state = state;
      view.limit = FIRST;
      list = view.renderResults(state);
      view.more.hidden = true; // until the first page of results is complete
    }
    function moreResults() {
      view.limit = PAGE;
      view.renderList(view.result, view.total, state.sort, true);
      steps.push.apply(steps, view.steps().concat(live, function () { data.text(); }));
    }
    function live() {
      view.show(state);
      view.renderCounts(state, list);
      view.listen();
      view.exporter = new Exporter(data);
      root.classList.add("atlas-ex--live");
      window.atlasExplorer = { view: view, data: data, exporter: view.exporter }; // for tests
    }
    var steps = [function () { data = new Data(raw); }, firstResults, moreResults];
    function run(at) {
      if (at < steps.length) return nextTask().then(steps[at]).then(function () { return run(at + 1); });
    }
    return run(0);
  }

  fetch(root.getAttribute("data-src"))
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(start)
    .catch(function (error) {
      var status = document.getElementById("atlas-ex-status");
      if (status) status.textContent += " (the filters could not load: " + error.message + ")";
    });
})();
