// The dashboard filter applies on change (htmx, hx-trigger="change"): the Apply button is only
// needed without JavaScript, so it is hidden once this runs and htmx is there.
(function () {
  "use strict";
  function enhance() {
    if (!window.htmx) {
      return;
    }
    document.querySelectorAll("[data-testid='dashboard-filter']").forEach(function (form) {
      form.classList.add("js-live");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
