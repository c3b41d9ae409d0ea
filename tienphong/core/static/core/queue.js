// The offline queue a field page keeps on the phone (support/entry.js, events/kiosk.js): items in IndexedDB,
// kept across a reload, a crash or a dead battery; in memory where the browser has no IndexedDB (or refuses
// it, as some private modes do). Each item carries its own key (`keyPath`), made on the phone (uuid4), which
// the server stores once whatever is sent again. Also the page's CSRF token for the sync call.
(function () {
  "use strict";

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrf(form) {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : ((form && form.querySelector("[name=csrfmiddlewaretoken]")) || {}).value;
  }

  function queue(name, store, keyPath) {
    var memory = {}, hasDB = !!window.indexedDB;
    function db() {
      return new Promise(function (ok, fail) {
        var req = indexedDB.open(name, 1);
        req.onupgradeneeded = function () { req.result.createObjectStore(store, { keyPath: keyPath }); };
        req.onsuccess = function () { ok(req.result); };
        req.onerror = function () { fail(req.error); };
      });
    }
    function tx(mode, fn) {
      return db().then(function (d) {
        return new Promise(function (ok, fail) {
          var t = d.transaction(store, mode), out = fn(t.objectStore(store));
          t.oncomplete = function () { d.close(); ok(out && out.result !== undefined ? out.result : out); };
          t.onerror = function () { d.close(); fail(t.error); };
        });
      });
    }
    function put(item) {
      if (!hasDB) { memory[item[keyPath]] = item; return Promise.resolve(); }
      return tx("readwrite", function (s) { return s.put(item); })["catch"](function () { hasDB = false; return put(item); });
    }
    function drop(key) {
      delete memory[key];
      return hasDB ? tx("readwrite", function (s) { return s["delete"](key); }) : Promise.resolve();
    }
    function all() {
      var mine = Object.keys(memory).map(function (k) { return memory[k]; });
      if (!hasDB) return Promise.resolve(mine);
      return tx("readonly", function (s) { return s.getAll(); }).then(function (items) { return items.concat(mine); });
    }
    return { put: put, drop: drop, all: all };
  }

  window.tienphongQueue = { open: queue, uuid4: uuid4, csrf: csrf };
})();
