// Saves each answer on the server as it is given, and says so: "Saved", or "Not saved — retrying".
// Without this file the page's "Save my answers" button and every submission keep the answers instead.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-autosave");
  var status = form.querySelector("[data-save-status]");
  var waiting = {}; // ids of the questions changed since their last save
  var busy = false;
  var timer = null;
  var delay = 1000;

  function show(text, state) {
    if (!status) return;
    status.textContent = text;
    status.setAttribute("data-state", state);
  }

  function addFields(id, body) {
    var fieldset = document.getElementById("question-" + id);
    if (!fieldset) return;
    fieldset.querySelectorAll("input[name]").forEach(function (input) {
      if (input.disabled) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      body.append(input.name, input.value);
    });
  }

  function save() {
    if (busy) return;
    window.clearTimeout(timer);
    var ids = Object.keys(waiting);
    if (!ids.length) return;
    waiting = {};
    var body = new FormData();
    var token = form.querySelector("input[name=csrf_token]");
    if (token) body.append("csrf_token", token.value);
    ids.forEach(function (id) { addFields(id, body); });
    busy = true;
    show("Saving…", "saving");
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          busy = false;
          if (response.ok) {
            delay = 1000;
            show(Object.keys(waiting).length ? "Saving…" : "Saved", "saved");
            save();
          } else if (response.status >= 400 && response.status < 500) {
            // Refused for a reason retrying cannot change (already submitted, closed, expired): say why.
            show(data.message || "Not saved. Reload the page.", "refused");
          } else {
            throw new Error("server error " + response.status);
          }
        });
      })
      .catch(function () {
        busy = false;
        ids.forEach(function (id) { waiting[id] = true; });
        show("Not saved — retrying", "retrying");
        timer = window.setTimeout(save, delay);
        delay = Math.min(delay * 2, 30000);
      });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("[data-question]");
    if (!fieldset) return;
    waiting[fieldset.id.replace("question-", "")] = true;
    save();
  });
  window.addEventListener("online", save);
})();
