// The class report's only script: sort the grid by name or total, and open every detail to print.
(function () {
  "use strict";
  var body = document.querySelector(".grid tbody");
  var ascending = {};
  document.querySelectorAll(".grid button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var by = button.dataset.sort;
      ascending[by] = !ascending[by];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var order = by === "total"
          ? parseFloat(a.dataset.total) - parseFloat(b.dataset.total)
          : a.cells[0].textContent.localeCompare(b.cells[0].textContent);
        return ascending[by] ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
