// On a narrow screen the result filters come first but folded, so the results
// are one tap away; without this script they are simply shown open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 48rem)").matches) return;
  document.querySelectorAll("details.filter-panel").forEach(function (panel) {
    var chosen = panel.querySelector("a[aria-current=true]");
    if (!chosen) panel.removeAttribute("open");
  });
})();
