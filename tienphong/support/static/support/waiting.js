// How many entries wait in this phone's queue (written by entry.js), shown on the "today" page.
(function () {
  "use strict";
  var note = document.getElementById("waiting-note");
  if (!note || !window.indexedDB) return;
  var req = indexedDB.open("tienphong", 1);
  req.onupgradeneeded = function () { req.result.createObjectStore("support-queue", { keyPath: "uuid" }); };
  req.onsuccess = function () {
    var count = req.result.transaction("support-queue", "readonly").objectStore("support-queue").count();
    count.onsuccess = function () {
      document.getElementById("waiting-count").textContent = count.result;
      note.hidden = count.result === 0;
    };
  };
})();
