// The app shell opens with no signal. The home page, "today", the entry page and a check-in kiosk keep their last good
// copy on the phone, one per user, shown offline with the time of those figures ("updated at …": the
// #offline-stamp line of base.html, unhidden in the kept copy). Any other page opened with no signal
// gets the "no signal" page, kept when the worker installs.
//
// One phone, several users: every kept copy is filed under the user it was made for (the data-user of
// #offline-stamp), and the worker remembers whose pages it last saw. A page for another user, the login
// page (no user) or a logout forgets every kept copy, so nobody is shown another user's figures.
var ASSETS = "tienphong-field-v2";   // static files and the "no signal" page
var PAGES = "tienphong-pages-v1";    // the shell pages per user, and who the user is
var SHELL = ["/", "/today/", "/support/new/"];
// An event's check-in kiosk (/events/<id>/kiosk/?point=…&session=…) is kept too, with its query: a host
// whose phone loses the signal and reloads the page still has the kiosk, its queue and its scanner field.
var KIOSK = /^\/events\/\d+\/kiosk\/$/;
var OFFLINE = "/offline/";
var WHO = "/__tienphong__/user";

function assetsOf(html) {
  var urls = [], re = /(?:href|src)="(\/static\/[^"]+)"/g, m;
  while ((m = re.exec(html))) urls.push(m[1]);
  return urls;
}

function userOf(html) {
  // null: not a signed-in layout page (a public page), which says nothing about who is here.
  var m = /id="offline-stamp" data-user="([^"]*)"/.exec(html);
  return m ? m[1] : null;
}

// The key a page is kept under ("" for a page never kept): the shell's by their path, a kiosk with its query.
function keptKey(url) {
  if (KIOSK.test(url.pathname)) return url.pathname + url.search;
  return url.search ? "" : url.pathname;
}

function isKept(path) {
  return SHELL.indexOf(path) >= 0 || KIOSK.test(path.split("?")[0]);
}

function pageKey(user, path) {
  return "/__tienphong__/page/" + encodeURIComponent(user) + path;
}

function htmlResponse(html, from) {
  var headers = new Headers(from ? from.headers : { "Content-Type": "text/html; charset=utf-8" });
  headers["delete"]("Content-Length");
  return new Response(html, { headers: headers });
}

function forgetPages() {
  return caches["delete"](PAGES);
}

function currentUser() {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(WHO).then(function (hit) { return hit ? hit.text() : ""; });
  });
}

function setUser(user) {
  return currentUser().then(function (known) {
    if (known === user) return;
    return forgetPages().then(function () {
      if (!user) return;
      return caches.open(PAGES).then(function (cache) { return cache.put(WHO, new Response(user)); });
    });
  });
}

// An online answer to a page: note who it was for; keep it if it is a shell page.
function remember(path, response) {
  if (!response.ok || response.redirected) return Promise.resolve();
  var type = response.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") !== 0) return Promise.resolve();
  return response.clone().text().then(function (html) {
    var user = userOf(html);
    if (user === null) return;
    return setUser(user).then(function () {
      if (!user || !isKept(path)) return;
      var kept = html.replace(/(id="offline-stamp"[^>]*?) hidden>/, "$1>");
      return Promise.all([
        caches.open(PAGES).then(function (cache) { return cache.put(pageKey(user, path), htmlResponse(kept, response)); }),
        caches.open(ASSETS).then(function (cache) { return cache.addAll(assetsOf(html)); })["catch"](function () {})
      ]);
    });
  })["catch"](function () {});
}

function offlinePage() {
  return caches.match(OFFLINE, { cacheName: ASSETS }).then(function (hit) {
    return hit || new Response("No signal · Không có sóng", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
  });
}

function keptPage(path) {
  if (!isKept(path)) return offlinePage();
  return currentUser().then(function (user) {
    if (!user) return offlinePage();
    return caches.open(PAGES).then(function (cache) { return cache.match(pageKey(user, path)); })
      .then(function (hit) { return hit || offlinePage(); });
  });
}

function keepOfflinePage() {
  return fetch(OFFLINE).then(function (response) {
    if (!response.ok) return;
    return response.clone().text().then(function (html) {
      return caches.open(ASSETS).then(function (cache) {
        return Promise.all([cache.put(OFFLINE, response), cache.addAll(assetsOf(html))["catch"](function () {})]);
      });
    });
  })["catch"](function () {});
}

self.addEventListener("install", function (event) {
  var entry = SHELL[2];
  event.waitUntil(Promise.all([
    keepOfflinePage(),
    fetch(entry, { credentials: "same-origin" }).then(function (res) { return remember(entry, res); })["catch"](function () {})
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== ASSETS && k !== PAGES; })
      .map(function (k) { return caches["delete"](k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request, url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.method === "POST" && url.pathname === "/logout/") {
    event.waitUntil(forgetPages());
    return;
  }
  if (req.method !== "GET") return;
  if (req.mode === "navigate") {
    var path = keptKey(url);  // a page with a query is never kept, but for a kiosk's
    event.respondWith(fetch(req).then(function (response) {
      event.waitUntil(remember(path, response));
      return response;
    }, function () {
      return path ? keptPage(path) : offlinePage();
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        if (res.ok) { var copy = res.clone(); caches.open(ASSETS).then(function (c) { c.put(req, copy); }); }
        return res;
      });
    }));
  }
});
