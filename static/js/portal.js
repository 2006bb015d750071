// The supplier portal's answering (issue 16); every page works without this file.
// - Autosave: a change in a question's answer posts the page's form to that question's
//   `portal:answer_save` URL (the server reads only that question); its save state ("Saving…",
//   "Saved", "Not saved: …") shows next to the question and its new revision goes into the form.
//   One question's saves go one after the other, so each posts the revision of the one before.
// - Live conditions: a change in a question other questions depend on posts the form to
//   `portal:area_visibility` (nothing is saved) and shows or hides the follow-ups; hidden ones
//   keep what was typed.
// - Unsaved changes: leaving the page with a change not saved yet asks first (beforeunload);
//   Save waits for the autosaves under way, then saves everything (documents too).
(function () {
  "use strict";

  // Field values without the files: documents are uploaded by the Save button only.
  function formValues(form) {
    var data = new FormData(form);
    var values = new URLSearchParams();
    data.forEach(function (value, name) {
      if (typeof value === "string") values.append(name, value);
    });
    return values;
  }

  // While a request is under way the form carries data-busy (the browser tests wait on it: a
  // follow-up appearing moves the questions below it).
  function post(url, form) {
    form.portalBusy = (form.portalBusy || 0) + 1;
    form.setAttribute("data-busy", "");
    function done() {
      form.portalBusy -= 1;
      if (!form.portalBusy) form.removeAttribute("data-busy");
    }
    return fetch(url, {
      method: "POST",
      body: formValues(form),
      credentials: "same-origin",
      // The server answers a partial request with the fragment (django-htmx reads this header).
      headers: { "HX-Request": "true", "HX-Current-URL": window.location.href },
    }).then(
      function (response) {
        done();
        return response;
      },
      function (error) {
        done();
        throw error;
      }
    );
  }

  function questionOf(element) {
    return element && element.closest ? element.closest(".portal-question[data-code]") : null;
  }

  function setup(form) {
    var edits = {}; // question code -> number of edits so far
    var dirty = {}; // question code -> true while a change is not saved
    var queues = {}; // question code -> the promise of its last save
    var pending = 0;
    var submitting = false;
    var visibilityRequest = 0;

    function isDirty() {
      return Object.keys(dirty).length > 0 || pending > 0;
    }
    form.portalIsDirty = isDirty;

    function state(article, className, text) {
      var box = article.querySelector(".save-state");
      if (!box) return;
      box.className = "save-state " + className;
      box.removeAttribute("data-failed");
      box.textContent = text;
    }

    function showResponse(article, html) {
      var box = article.querySelector(".save-state");
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      var fresh = template.content.querySelector(".save-state");
      if (!box || !fresh) return false;
      box.replaceWith(fresh);
      var name = fresh.getAttribute("data-revision-name");
      var revision = fresh.getAttribute("data-revision");
      if (name && revision !== null) {
        form.querySelectorAll("input[type=hidden]").forEach(function (input) {
          if (input.name === name) input.value = revision;
        });
      }
      return !fresh.hasAttribute("data-failed");
    }

    function save(article) {
      var fields = article.querySelector(".answer-fields[data-autosave]");
      if (!fields) return;
      var code = article.getAttribute("data-code");
      var url = fields.getAttribute("data-autosave");
      pending += 1;
      var previous = queues[code] || Promise.resolve();
      queues[code] = previous.then(function () {
        var seen = edits[code];
        state(article, "save-state-saving", form.getAttribute("data-saving-text"));
        return post(url, form)
          .then(function (response) {
            return response.text().then(function (html) {
              var saved = showResponse(article, html) && response.ok;
              if (!saved && !article.querySelector(".save-state[data-failed]")) {
                state(article, "save-state-error", form.getAttribute("data-failed-text"));
              }
              if (saved && edits[code] === seen) delete dirty[code];
            });
          })
          .catch(function () {
            state(article, "save-state-error", form.getAttribute("data-failed-text"));
          })
          .then(function () {
            pending -= 1;
          });
      });
    }

    function updateVisibility() {
      var url = form.getAttribute("data-visibility-url");
      if (!url) return;
      var number = ++visibilityRequest;
      post(url, form)
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data || number !== visibilityRequest) return; // a later change answers instead
          var visible = {};
          data.visible.forEach(function (code) {
            visible[code] = true;
          });
          form.querySelectorAll(".portal-question[data-code]").forEach(function (article) {
            var show = Boolean(visible[article.getAttribute("data-code")]);
            if (show && article.hidden) {
              article.hidden = false;
              article.classList.add("is-appearing");
            } else if (!show && !article.hidden) {
              article.hidden = true;
            }
          });
        })
        .catch(function () {
          /* without an answer the page shows the follow-ups after Save, as without JS */
        });
    }

    function edited(event) {
      var article = questionOf(event.target);
      if (!article) return null;
      var code = article.getAttribute("data-code");
      edits[code] = (edits[code] || 0) + 1;
      dirty[code] = true;
      return article;
    }

    form.addEventListener("input", edited);
    form.addEventListener("change", function (event) {
      var article = edited(event);
      if (!article) return;
      if (event.target.type === "file") {
        state(article, "save-state-unsaved", form.getAttribute("data-unsaved-text"));
        return;
      }
      if (event.target.closest(".answer-fields[data-autosave]")) save(article);
      if (article.hasAttribute("data-condition-source")) updateVisibility();
    });

    var waiting = false;
    form.addEventListener("submit", function (event) {
      if (pending > 0) {
        // Save after the autosaves under way: their new revisions go with the page.
        event.preventDefault();
        if (waiting) return;
        waiting = true;
        var submitter = event.submitter || null;
        Promise.all(Object.keys(queues).map(function (code) {
          return queues[code];
        })).then(function () {
          waiting = false;
          if (submitter) form.requestSubmit(submitter);
          else form.requestSubmit();
        });
        return;
      }
      submitting = true;
    });

    window.addEventListener("beforeunload", function (event) {
      if (submitting || !isDirty()) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers show their own message
    });
  }

  // Other portal forms (profile, corrective action) only warn about unsaved changes.
  function warnOnly(form) {
    var changed = false;
    var submitting = false;
    form.addEventListener("input", function () {
      changed = true;
    });
    form.addEventListener("change", function () {
      changed = true;
    });
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!changed || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.area-form").forEach(setup);
    document.querySelectorAll("form[data-warn-unsaved]").forEach(warnOnly);
  });
})();
