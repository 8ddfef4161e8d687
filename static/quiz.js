// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Mark the evidence: turn the phrase list into selectable words.
  document.querySelectorAll("[data-mark]").forEach(function (box) {
    var words = box.querySelector("[data-mark-words]");
    var fallback = box.querySelector("[data-mark-fallback]");
    var input = box.querySelector("[data-mark-input]");
    var count = box.querySelector("[data-mark-count]");
    if (!words || !fallback || !input) return;
    words.hidden = false;
    fallback.hidden = true;
    fallback.querySelectorAll("input").forEach(function (radio) { radio.disabled = true; });
    input.disabled = false;
    function update() {
      var chosen = [];
      words.querySelectorAll("button.word[aria-pressed=true]").forEach(function (b) { chosen.push(b.dataset.index); });
      input.value = chosen.join(" ");
      if (count) count.textContent = chosen.length ? chosen.length + " word(s) selected" : "No words selected yet";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    words.addEventListener("click", function (event) {
      var button = event.target.closest("button.word");
      if (!button) return;
      button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
      update();
    });
    update();
  });

  // Live count of answered questions, in words and on the bar.
  document.querySelectorAll("[data-quiz-form]").forEach(function (form) {
    var out = form.querySelector("[data-answered]");
    var bar = form.querySelector("[data-progress-bar]");
    function answered(fieldset) {
      var mark = fieldset.querySelector("[data-mark-input]:not([disabled])");
      if (mark) return mark.value.trim() !== "";
      var groups = {};
      fieldset.querySelectorAll("input[type=radio]:not([disabled])").forEach(function (r) {
        if (r.closest("[data-confidence]")) return; // how sure, not the answer itself
        groups[r.name] = groups[r.name] || r.checked;
      });
      var names = Object.keys(groups);
      return names.length > 0 && names.every(function (n) { return groups[n]; });
    }
    function refresh() {
      if (!out) return;
      var n = 0;
      form.querySelectorAll("[data-question]").forEach(function (f) { if (answered(f)) n += 1; });
      out.textContent = n;
      if (bar) { bar.value = n; bar.textContent = n + " of " + bar.max; }
    }
    form.addEventListener("change", refresh);
    refresh();
    // One click, one submission: the server ignores a second one anyway.
    form.addEventListener("submit", function () {
      form.querySelectorAll("[data-submit-once]").forEach(function (b) {
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });

  // On a narrow screen the article folds away above the questions ("Show the article"); wide, it sits beside them.
  var wide = window.matchMedia("(min-width: 64rem)");
  function fold() {
    document.querySelectorAll("details[data-article-panel]").forEach(function (panel) { panel.open = wide.matches; });
  }
  fold();
  if (wide.addEventListener) wide.addEventListener("change", fold);

  // Highlight the sentence an excerpt points at, and keep the page where the reader is.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.excerpt-link");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var panel = target.closest("details");
    if (panel) panel.open = true;
    document.querySelectorAll(".sentence.is-target").forEach(function (s) { s.classList.remove("is-target"); });
    target.classList.add("is-target");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
})();
