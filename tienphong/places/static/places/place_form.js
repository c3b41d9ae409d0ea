/* The place form: the facts that fit the kind, and the coordinates from the phone's position. */
(function () {
  // Show the facts that fit the kind (with JavaScript off, every field shows).
  var kind = document.getElementById("id_kind");
  function toggle() {
    var story = kind.value === "relic" || kind.value === "red_address";
    function show(selector, on) {
      document.querySelectorAll(selector).forEach(function (el) { el.hidden = !on && !el.querySelector(".errorlist"); });
    }
    show(".for-story", story);
    show(".for-wifi", kind.value === "wifi_point");
  }
  if (kind) { kind.addEventListener("change", toggle); toggle(); }
  var button = document.getElementById("locate"), box = document.getElementById("id_coordinates");
  if (button && box && navigator.geolocation && window.isSecureContext) {
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        box.value = pos.coords.latitude.toFixed(6) + ", " + pos.coords.longitude.toFixed(6);
        button.disabled = false;
      }, function () { button.disabled = false; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
