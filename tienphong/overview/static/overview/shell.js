// Home and today are part of the app shell: the service worker (support/sw.js, served at /sw.js) keeps
// their last copy per user so they open with no signal, and shows a "no signal" page for the others.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
})();
