/* What every staff page shares, kept out of the HTML so the Content-Security-Policy allows no inline
   script: a form with data-confirm="Question?" asks before it is sent (deleting a photo, a member…). */
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);
})();
