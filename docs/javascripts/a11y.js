/* Accessible names for parts of the stock theme that ship without one. */
(function () {
  "use strict";
  function name(root) {
    var dialog = root.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { name(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { name(document); });
  }
})();
