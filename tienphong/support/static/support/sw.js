// Keeps the entry page and its assets on the phone so it opens with no signal. Other pages are not
// cached: they show live data and would mislead when stale.
var CACHE = "tienphong-field-v1";
var ENTRY = "/support/new/";

function assetsOf(html) {
  var urls = [], re = /(?:href|src)="(\/static\/[^"]+)"/g, m;
  while ((m = re.exec(html))) urls.push(m[1]);
  return urls;
}

function keepEntryPage(response) {
  // A redirect to the login page is not the entry page: keep the last good copy instead.
  if (!response.ok || response.redirected) return Promise.resolve(response);
  var copy = response.clone();
  return caches.open(CACHE).then(function (cache) {
    return copy.text().then(function (html) {
      return Promise.all([
        cache.put(ENTRY, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } })),
        cache.addAll(assetsOf(html)).catch(function () {})
      ]);
    });
  }).then(function () { return response; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(fetch(ENTRY, { credentials: "same-origin" }).then(keepEntryPage).catch(function () {})
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (req.mode === "navigate" && url.pathname === ENTRY) {
    event.respondWith(fetch(req).then(keepEntryPage).catch(function () {
      return caches.match(ENTRY).then(function (hit) { return hit || Response.error(); });
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
        return res;
      });
    }));
  }
});
