/* The site search starts loading when the reader opens the search box, not on the first key.
 *
 * Pagefind (see search-worker.js) loads its module, WebAssembly and index entry on demand;
 * a reader who focuses the box takes a moment to type, and that moment is enough to load
 * them. The worker is Material's (created inside its bundle), so this page tells it through
 * a BroadcastChannel of the site's origin; nothing loads on a page where search is unused.
 */
(function () {
  "use strict";
  if (!window.BroadcastChannel) return;
  var told = false;
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (told || !target || !target.matches || !target.matches(".md-search__input")) return;
    told = true;
    var channel = new BroadcastChannel("atlas-search");
    channel.postMessage("warm");
    channel.close();
  });
})();
