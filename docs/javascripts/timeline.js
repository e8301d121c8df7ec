/* Timeline modality filter: shows the select (hidden without JavaScript, when every mark
   shows) and hides the marks of papers without the chosen modality. */
(function () {
  "use strict";
  function setUp(root) {
    var form = root.querySelector("[data-atlas-timeline-filter]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var select = form.querySelector("select");
    var marks = root.querySelectorAll(".atlas-timeline__mark");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    select.addEventListener("change", function () {
      var wanted = select.value;
      marks.forEach(function (mark) {
        var keys = (mark.getAttribute("data-modalities") || "").split(" ");
        mark.classList.toggle("atlas-timeline__mark--off", wanted !== "" && keys.indexOf(wanted) < 0);
      });
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
