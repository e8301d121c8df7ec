/* Timeline modality filter: shows the select (hidden without JavaScript, when every mark
   shows), hides the marks of papers without the chosen modality and sets each "+N" (papers
   counted, not drawn: data-modalities "eeg:3 ecg:5") to the number with that modality. */
(function () {
  "use strict";
  function setUp(root) {
    var form = root.querySelector("[data-atlas-timeline-filter]");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var select = form.querySelector("select");
    var marks = root.querySelectorAll(".atlas-timeline__mark");
    var counts = root.querySelectorAll(".atlas-timeline__more");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    select.addEventListener("change", function () {
      var wanted = select.value;
      marks.forEach(function (mark) {
        var keys = (mark.getAttribute("data-modalities") || "").split(" ");
        mark.classList.toggle("atlas-timeline__mark--off", wanted !== "" && keys.indexOf(wanted) < 0);
      });
      counts.forEach(function (more) {
        var n = Number(more.getAttribute("data-count"));
        if (wanted !== "") {
          n = 0;
          (more.getAttribute("data-modalities") || "").split(" ").forEach(function (pair) {
            var at = pair.lastIndexOf(":");
            if (pair.slice(0, at) === wanted) n = Number(pair.slice(at + 1));
          });
        }
        more.querySelector("text").textContent = "+" + n;
        more.setAttribute("aria-label", more.getAttribute("aria-label").replace(/^\d+/, String(n)));
        more.classList.toggle("atlas-timeline__mark--off", n === 0);
      });
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
