// The field entry page, offline first: every entry goes to a queue on the phone (IndexedDB) and is
// sent to the sync API when there is signal. Each entry keeps the UUID it was given when written, so a
// resend after a lost answer is recognised by the server and counted once. Each entry's answer:
// created or duplicate (stored, once: it leaves the queue), invalid (stays, with the reasons, to fix or
// drop), conflict (that id is stored with other content: the stored version is kept and shown, the
// entry leaves the queue). A batch refused whole (422, 413) is sent again one entry at a time, so one
// bad entry cannot hold back the others; 503 and no signal leave everything queued for later.
(function () {
  "use strict";
  var box = document.getElementById("sync");
  var form = document.getElementById("entry-form");
  if (!box || !form || !window.indexedDB || !window.fetch) return; // the plain form still works
  var T = box.dataset;
  var DB = "tienphong", STORE = "support-queue", BATCH = 50;
  var sending = false, size = BATCH, conflicts = [];

  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  function db() {
    return new Promise(function (ok, fail) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "uuid" }); };
      req.onsuccess = function () { ok(req.result); };
      req.onerror = function () { fail(req.error); };
    });
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction(STORE, mode), store = t.objectStore(STORE), out = fn(store);
        t.oncomplete = function () { ok(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { fail(t.error); };
      });
    });
  }
  var put = function (item) { return tx("readwrite", function (s) { return s.put(item); }); };
  var drop = function (id) { return tx("readwrite", function (s) { return s["delete"](id); }); };
  var all = function () { return tx("readonly", function (s) { return s.getAll(); }); };

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : (form.querySelector("[name=csrfmiddlewaretoken]") || {}).value;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoLocal(d) {
    var off = -d.getTimezoneOffset(), sign = off >= 0 ? "+" : "-";
    off = Math.abs(off);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
      pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60);
  }
  function parseWhen(text) { // dd/mm/yyyy hh:mm, as the form shows it
    var m = (text || "").trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/);
    if (!m) return null;
    var d = new Date(+m[3], m[2] - 1, +m[1], +(m[4] || 0), +(m[5] || 0));
    return d.getMonth() === m[2] - 1 ? d : null;
  }
  function whole(v) { v = (v || "").trim(); return v === "" ? null : (/^\d+$/.test(v) ? parseInt(v, 10) : NaN); }

  function entryFromForm() {
    var f = new FormData(form);
    var when = parseWhen(f.get("occurred_at"));
    var e = {
      uuid: f.get("uuid") || uuid4(), occurred_at: when ? isoLocal(when) : null,
      people: whole(f.get("people")), services: f.getAll("services"), setting: f.get("setting"),
      place_note: f.get("place_note") || "", unit: whole(f.get("unit")), outcome: f.get("outcome") || "done",
      procedure: f.get("procedure") || "", team: whole(f.get("team")),
      volunteers: f.getAll("volunteers").map(function (v) { return parseInt(v, 10); }),
      minutes: whole(f.get("minutes")), age_band: f.get("age_band") || "", gender: f.get("gender") || "",
      note: f.get("note") || ""
    };
    var bad = {};
    if (!when) bad.occurred_at = form.querySelector("[name=occurred_at]").placeholder;
    if (e.people === null || isNaN(e.people)) bad.people = "1–500";
    if (isNaN(e.minutes)) bad.minutes = "0–1440";
    return { entry: e, bad: bad };
  }

  function showFieldErrors(bad) {
    form.querySelectorAll(".errorlist.js").forEach(function (n) { n.remove(); });
    Object.keys(bad).forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (!input) return;
      var ul = document.createElement("ul"); ul.className = "errorlist js";
      var li = document.createElement("li"); li.textContent = bad[name]; ul.appendChild(li);
      (input.closest(".field") || input.parentNode).appendChild(ul);
      if (input.closest("details")) input.closest("details").open = true;
    });
  }

  function resetForm(e) {
    form.querySelector("[name=uuid]").value = uuid4();
    form.querySelector("[name=people]").value = 1;
    var now = new Date();
    form.querySelector("[name=occurred_at]").value =
      pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear() + " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
    ["minutes", "age_band", "gender", "note"].forEach(function (n) { var i = form.querySelector("[name=" + n + "]"); if (i) i.value = ""; });
    try { localStorage.setItem("tienphong.lastEntry", JSON.stringify(e)); } catch (err) { /* private mode */ }
  }

  function status(text) { document.getElementById("sync-status").textContent = text || ""; }

  function serviceName(code) {
    var box = form.querySelector("[name=services][value='" + code.replace(/[^a-z0-9_]/gi, "") + "']");
    var label = box && box.closest("label");
    return label ? label.textContent.trim() : code;
  }
  function when(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear() + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function renderConflicts() { // the entries the server already had with other content: what it keeps
    var ul = document.getElementById("conflicts");
    if (!ul) { ul = document.createElement("ul"); ul.id = "conflicts"; ul.className = "rejected"; box.appendChild(ul); }
    ul.innerHTML = "";
    if (!conflicts.length) return;
    var head = document.createElement("li"); head.textContent = T.msgConflict; ul.appendChild(head);
    conflicts.forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = when(s.occurred_at) + " · " + s.people + " · " + s.services.map(serviceName).join(", ") +
        (s.place_note ? " · " + s.place_note : "") + (s.note ? " · " + s.note : "");
      ul.appendChild(li);
    });
  }

  function render() {
    return all().then(function (items) {
      var waiting = items.filter(function (i) { return !i.errors; });
      var rejected = items.filter(function (i) { return i.errors; });
      document.getElementById("waiting").textContent = waiting.length;
      box.hidden = items.length === 0 && !box.dataset.said;
      var ul = document.getElementById("rejected");
      ul.innerHTML = "";
      if (rejected.length) {
        var head = document.createElement("li"); head.textContent = T.msgFix; ul.appendChild(head);
      }
      rejected.forEach(function (item) {
        var li = document.createElement("li");
        var reasons = Object.keys(item.errors).map(function (k) { return item.errors[k]; }).join("; ");
        li.textContent = item.entry.people + " · " + item.entry.services.join(", ") + " — " + reasons + " ";
        var fix = document.createElement("button"); fix.type = "button"; fix.className = "btn secondary small"; fix.textContent = T.msgEdit;
        fix.onclick = function () { load(item.entry); drop(item.uuid).then(render); };
        var rm = document.createElement("button"); rm.type = "button"; rm.className = "btn secondary small"; rm.textContent = T.msgDrop;
        rm.onclick = function () { drop(item.uuid).then(render); };
        li.appendChild(fix); li.appendChild(rm); ul.appendChild(li);
      });
      return waiting;
    });
  }

  function load(e) { // put a rejected entry back into the form for correction
    form.querySelector("[name=uuid]").value = e.uuid;
    form.querySelector("[name=people]").value = e.people;
    form.querySelectorAll("[name=services]").forEach(function (c) { c.checked = e.services.indexOf(c.value) >= 0; });
    ["setting", "place_note", "procedure", "note", "age_band", "gender"].forEach(function (n) {
      var i = form.querySelector("[name=" + n + "]"); if (i) i.value = e[n] || "";
    });
    form.scrollIntoView();
  }

  function send(batch) {
    return fetch(T.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ entries: batch.map(function (i) { return i.entry; }) })
    });
  }

  function sync() {
    if (sending) return Promise.resolve();
    sending = true;
    return render().then(function (waiting) {
      if (!waiting.length) { sending = false; return; }
      if (!navigator.onLine) { status(T.msgOffline); sending = false; return; }
      var batch = waiting.slice(0, size), again = false;
      return send(batch).then(function (r) {
        if (r.status === 401 || r.status === 403) { status(T.msgLogin); return; }
        if ((r.status === 422 || r.status === 413) && batch.length > 1) {
          size = 1; again = true; return; // refused whole: one at a time finds the entry at fault
        }
        if (r.status === 422 || r.status === 413) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var item = batch[0]; item.errors = { entry: JSON.stringify(body.detail || r.status).slice(0, 200) };
            return put(item);
          });
        }
        if (!r.ok) throw new Error(r.status);
        var body = null;
        return r.json().then(function (answer) {
          body = answer;
          var byId = {};
          batch.forEach(function (i) { byId[i.uuid] = i; });
          return Promise.all(body.results.map(function (res) {
            var item = byId[res.uuid];
            if (!item) return null;
            if (res.status === "invalid") { item.errors = res.errors; return put(item); }
            if (res.status === "conflict" && res.stored) { conflicts.push(res.stored); box.dataset.said = "1"; }
            return drop(res.uuid); // created or already stored: either way it is counted, once
          }));
        }).then(function () {
          var rejected = body && body.results.some(function (res) { return res.status === "invalid"; });
          status(rejected ? "" : T.msgSent);
          renderConflicts();
        });
      }).catch(function () { status(T.msgOffline); })
        .then(function () { sending = false; return render(); })
        .then(function (left) {
          if (!left || !left.length) size = BATCH;
          if (left && left.length && navigator.onLine && (again || left.length < waiting.length)) return sync();
        });
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var r = entryFromForm();
    showFieldErrors(r.bad);
    if (Object.keys(r.bad).length) return;
    put({ uuid: r.entry.uuid, entry: r.entry, queuedAt: Date.now() }).then(function () {
      box.dataset.said = "1";
      status(T.msgQueued);
      resetForm(r.entry);
      return sync();
    });
  });

  var repeat = document.getElementById("repeat-form");
  if (repeat) repeat.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var last = null;
    try { last = JSON.parse(localStorage.getItem("tienphong.lastEntry")); } catch (err) { last = null; }
    if (!last) { var node = document.getElementById("last-entry"); last = node ? JSON.parse(node.textContent) : null; }
    if (!last) return;
    var e = Object.assign({}, last, { uuid: uuid4(), occurred_at: isoLocal(new Date()) });
    put({ uuid: e.uuid, entry: e, queuedAt: Date.now() }).then(function () {
      box.dataset.said = "1"; status(T.msgQueued);
      try { localStorage.setItem("tienphong.lastEntry", JSON.stringify(e)); } catch (err) { /* private mode */ }
      return sync();
    });
  });

  form.querySelectorAll(".step").forEach(function (b) {
    b.addEventListener("click", function () {
      var input = form.querySelector("[name=people]");
      var v = (parseInt(input.value, 10) || 0) + parseInt(b.dataset.step, 10);
      input.value = Math.max(1, Math.min(500, v));
    });
  });
  document.getElementById("send-now").addEventListener("click", sync);
  window.addEventListener("online", sync);
  setInterval(function () { if (navigator.onLine) sync(); }, 30000);
  sync();
})();
