// The review workbench's keys: j / k next / previous item, a accept it, q write a query.
// Keys typed into a field are left alone; everything works without this file.
(function () {
  "use strict";

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".wb-item"));
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".wb-item") : null;
  }

  function go(item) {
    if (!item) return;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "start" });
  }

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.isContentEditable || target.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var list = items();
    if (!list.length) return;
    var here = current();
    var index = here ? list.indexOf(here) : -1;
    if (event.key === "j") {
      go(list[Math.min(index + 1, list.length - 1)]);
    } else if (event.key === "k") {
      go(list[Math.max(index - 1, 0)]);
    } else if (event.key === "a" && here) {
      var accept = here.querySelector("[data-key=accept]");
      if (accept) accept.click();
    } else if (event.key === "q" && here) {
      var comment = here.querySelector("[data-key=query]");
      if (comment) comment.focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  // An item decided in place keeps the focus, so the keys go on from where the reviewer was.
  var deciding = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail && event.detail.elt;
    var item = source && source.closest ? source.closest(".wb-item") : null;
    deciding = item ? item.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!deciding) return;
    var item = document.getElementById(deciding);
    deciding = null;
    if (item) item.focus({ preventScroll: true });
  });
})();
