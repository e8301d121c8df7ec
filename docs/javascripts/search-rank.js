/* Search ranking: a query of several words finds the pages that have all of them.
 *
 * Material's search sends each query to its lunr web worker, which by default matches any
 * word ("EEG pretraining" listed every EEG toolbox). This rewrites a plain query of several
 * words into lunr's "every word required" form (`+EEG* +pretraining*`, with the prefix
 * match Material adds to every word) before it reaches the worker. When no page has them
 * all, the original query is sent again, so a search never ends empty because of this.
 * Queries that already use lunr's operators (+ - ~ ^ : * or quotes), single words and
 * common short words stay as typed. Named models rank first through a document boost on
 * their entry pages (hooks/biofm/pages.py).
 */
(function () {
  "use strict";
  if (!window.Worker || !Worker.prototype.postMessage) return;
  var QUERY = 2, RESULT = 3; // Material's SearchMessageType
  var OPERATORS = /[+\-~^:*"]/;
  var COMMON = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
    "it", "of", "on", "or", "the", "to", "with"];
  var send = Worker.prototype.postMessage;

  function allWords(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    if (words.some(function (w) { return OPERATORS.test(w); })) return null;
    var required = words.filter(function (w) { return COMMON.indexOf(w.toLowerCase()) < 0; });
    if (required.length < 2) return null;
    return required.map(function (w) { return "+" + w + "*"; }).join(" ");
  }

  function watch(worker) {
    if (worker.atlasRank) return worker.atlasRank;
    var state = { fallback: null };
    worker.addEventListener("message", function (event) {
      var message = event.data, original = state.fallback;
      if (!message || message.type !== RESULT || original === null) return;
      state.fallback = null;
      var items = message.data && message.data.items;
      if (items && items.length === 0) send.call(worker, { type: QUERY, data: original });
    });
    worker.atlasRank = state;
    return state;
  }

  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var strict = allWords(message.data);
      watch(this).fallback = strict ? message.data : null;
      if (strict) return send.call(this, { type: QUERY, data: strict });
    }
    return send.apply(this, arguments);
  };
})();
