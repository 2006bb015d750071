// Campaign builder: with htmx, Enter in the supplier search updates the results in place
// instead of sending the whole form (without JavaScript the "Search" button re-renders it).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field || field.name !== "q" || !window.htmx) {
      return;
    }
    if (!field.closest || !field.closest("#supplier-picker")) {
      return;
    }
    event.preventDefault();
    window.htmx.trigger(field, "search");
  });
})();
