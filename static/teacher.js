// Teacher pages: small enhancements only; every form works without this file.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  var passage = form.querySelector("select[name=passage]");
  var excerpt = form.querySelector("textarea[name=excerpt]");

  // Show only the parts of the form the chosen kind uses.
  function showParts() {
    form.querySelectorAll(".kind-part").forEach(function (part) {
      part.hidden = part.dataset.kinds.split(" ").indexOf(kind.value) < 0;
    });
  }
  // Show only the sentences of the chosen passage.
  function showRows() {
    form.querySelectorAll(".tag-row").forEach(function (row) {
      row.hidden = passage.value !== "all" && row.dataset.paragraph !== passage.value;
    });
  }
  kind.addEventListener("change", showParts);
  passage.addEventListener("change", showRows);
  showParts();
  showRows();

  // Clicking a sentence of the article makes it the excerpt without leaving the page.
  document.querySelectorAll("[data-pick]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      excerpt.value = link.dataset.pick;
      if (kind.value === "tag") { kind.value = "choice"; showParts(); }
      excerpt.focus();
    });
  });
})();
