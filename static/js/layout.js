// The shared layout's small enhancements (everything works without them):
// Escape closes the header's disclosures and the folded menu; opening one closes the other;
// a table or box that scrolls sideways becomes focusable, so a keyboard can scroll it.
(function () {
  "use strict";

  function headerDisclosures() {
    return document.querySelectorAll(".site-nav details.dropdown");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    headerDisclosures().forEach(function (details) {
      if (details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    var toggle = document.querySelector(".site-nav .nav-toggle");
    if (toggle && toggle.checked && toggle.closest(".site-nav").contains(document.activeElement)) {
      toggle.checked = false;
      toggle.focus();
    }
  });

  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open) return;
    if (!opened.matches(".site-nav details.dropdown")) return;
    headerDisclosures().forEach(function (details) {
      if (details !== opened) details.open = false;
    });
  }, true);

  function focusableScrollers() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible") {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:afterSettle", focusableScrollers);
})();
