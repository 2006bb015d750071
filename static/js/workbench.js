// The review workbench's keys: j / k next / previous item, a accept it, q write a query.
// Keys typed into a field are left alone; everything works without this file.
//
// The reviewer's place is the item last focused. A decision taken in place replaces its item
// (and, for "accept the rest of this area", the whole area): the element that had the focus is
// gone, so the browser puts it on the page body until htmx has settled the swap, which can be
// late on a slow answer. Meanwhile the keys go on from the place, and once the swap is in, the
// focus goes back to the item just decided (or the next one if it is gone), never to the top.
(function () {
  "use strict";

  var place = null; // id of the item the reviewer is on

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".wb-item"));
  }

  function itemOf(element) {
    return element && element.closest ? element.closest(".wb-item") : null;
  }

  function lost() {
    var active = document.activeElement;
    return !active || active === document.body || !document.documentElement.contains(active);
  }

  function current() {
    var here = itemOf(document.activeElement);
    if (here) return here;
    // The focus fell to the page while a swap was on its way: keep going from the place.
    return lost() && place ? document.getElementById(place) : null;
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

  document.addEventListener("focusin", function (event) {
    var item = itemOf(event.target);
    if (item && item.id) place = item.id;
  });

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

  // Each request remembers where it was taken (on its own xhr: answers may come back in any
  // order), so a late swap puts the focus back where that decision was made.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var detail = event.detail || {};
    var source = detail.elt;
    if (!detail.xhr || !source || !source.closest) return;
    var item = itemOf(source);
    if (item) {
      var list = items();
      var next = list[list.indexOf(item) + 1];
      detail.xhr.workbenchPlace = { item: item.id, next: next ? next.id : null };
    } else if (source.closest(".wb-area-head")) {
      detail.xhr.workbenchPlace = { area: true };
    }
  });

  function restore(event) {
    var xhr = event.detail && event.detail.xhr;
    var was = xhr && xhr.workbenchPlace;
    // Only when the focus was lost: a reviewer who has moved on meanwhile stays where they are.
    if (!was || !lost()) return;
    var target = null;
    if (was.area) {
      target = items()[0] || document.querySelector(".wb-area");
    } else {
      target = document.getElementById(was.item) || (was.next && document.getElementById(was.next));
    }
    if (target) {
      if (target.classList.contains("wb-item")) place = target.id;
      target.focus({ preventScroll: true });
    }
  }
  document.addEventListener("htmx:afterSwap", restore);
  document.addEventListener("htmx:afterSettle", restore);
})();
