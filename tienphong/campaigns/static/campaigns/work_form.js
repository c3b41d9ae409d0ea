/* The work form: a box that narrows the long list of volunteers as one types (without diacritics). */
(function () {
  document.querySelectorAll("input.filter-list").forEach(function (box) {
    var list = document.getElementById(box.dataset.target);
    var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase(); };
    box.addEventListener("input", function () {
      var q = fold(box.value.trim());
      list.querySelectorAll("label").forEach(function (label) {
        label.style.display = !q || fold(label.textContent).indexOf(q) >= 0 || label.querySelector("input").checked ? "" : "none";
      });
    });
  });
})();
