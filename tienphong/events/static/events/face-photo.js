// Personal page: before a selfie is sent, shrink a large phone photo in the browser (long side 1280 px,
// JPEG) so it travels in seconds on 3G; the server needs no more (it looks at 640 px). If anything is
// missing (old browser, unreadable file) the photo goes as it is. No inline script: CSP.
(function () {
  "use strict";
  var MAX_SIDE = 1280, SHRINK_ABOVE = 1024 * 1024;
  var form = document.querySelector("[data-face-form]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var note = form.querySelector("[data-face-sending]");
  var busy = false;

  function shrink(file) {
    if (!window.createImageBitmap || !window.DataTransfer || file.size <= SHRINK_ABOVE) return Promise.resolve(null);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.9); });
    }).catch(function () { return null; });
  }

  form.addEventListener("submit", function (event) {
    if (busy) { event.preventDefault(); return; }
    var file = input && input.files && input.files[0];
    busy = true;
    if (note) note.hidden = false;
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    if (!file) return;
    event.preventDefault();
    shrink(file).then(function (blob) {
      if (blob && blob.size < file.size) {
        var list = new DataTransfer();
        list.items.add(new File([blob], "selfie.jpg", { type: "image/jpeg" }));
        input.files = list.files;
      }
      form.submit();
    });
  });
})();
