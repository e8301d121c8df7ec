/* Sortable tables: click (or press Enter/Space on) a column heading of a table marked
   data-sortable. Values like "70K", "2.4B" and ">1K" sort by magnitude;
   a cell's data-sort-value, where given, is its number. No dependencies. */
(function () {
  "use strict";
  var SCALE = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

  function magnitude(text) {
    var match = /([0-9]+(?:\.[0-9]+)?)\s*([KMBT])?/i.exec(text);
    if (!match) return -Infinity;
    return parseFloat(match[1]) * (SCALE[(match[2] || "").toUpperCase()] || 1);
  }

  function keyOf(cell, type) {
    var given = cell ? cell.getAttribute("data-sort-value") : null;
    if (given !== null && type === "number") return given === "" ? -Infinity : parseFloat(given);
    var text = cell ? cell.textContent.trim() : "";
    if (type === "scale" || type === "number") return magnitude(text);
    return text.toLowerCase();
  }

  function sort(table, index, th) {
    var type = th.getAttribute("data-sort-type") || "text";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = keyOf(a.cells[index], type), y = keyOf(b.cells[index], type);
      if (x < y) return ascending ? -1 : 1;
      if (x > y) return ascending ? 1 : -1;
      return 0;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (other) {
      other.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(root) {
    root.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.hasAttribute("data-sort-ready")) return;
      table.setAttribute("data-sort-ready", "");
      table.querySelectorAll("thead th[aria-sort]").forEach(function (th, _, all) {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sort(table, index, th); });
      });
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
