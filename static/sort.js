/* Sortable tables for the summaries: every <table data-sortable> gets a button in each header
   cell that has data-sort="text" or data-sort="number". A cell sorts by its data-value when it
   has one, else by its text. The header says the order in aria-sort and in words, so nothing
   relies on an arrow alone. Without JavaScript the table reads in its server order. */
(function () {
  "use strict";

  function value(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) return kind === "number" ? -Infinity : "";
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (kind === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLocaleLowerCase();
  }

  function sortBy(table, header, index, kind) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row._order = i; });
    rows.sort(function (a, b) {
      var x = value(a, index, kind), y = value(b, index, kind);
      var c = kind === "number" ? x - y : x.localeCompare(y);
      if (c === 0) c = a._order - b._order;
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
      var note = th.querySelector(".sort-state");
      if (note) note.textContent = "";
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    header.querySelector(".sort-state").textContent = ascending ? " (sorted low to high)" : " (sorted high to low)";
  }

  function setUp(table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      var label = th.textContent.trim();
      button.setAttribute("aria-label", "Sort by " + label);
      button.innerHTML = '<span aria-hidden="true">⇅</span>';
      var state = document.createElement("span");
      state.className = "sort-state small";
      button.addEventListener("click", function () { sortBy(table, th, index, kind); });
      th.appendChild(button);
      th.appendChild(state);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
