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

  var Q = window.tienphongQueue, queue = Q.open(DB, STORE, "uuid");  // core/queue.js
  var put = queue.put, drop = queue.drop, all = queue.all, uuid4 = Q.uuid4;
  function csrf() { return Q.csrf(form); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Times are the province's wall-clock time (data-tz), whatever zone the phone believes it is in: the
  // form shows it, the queue keeps it without a zone, and the server reads it in the province's zone.
  var TZ = T.tz || "Asia/Ho_Chi_Minh";
  function partsIn(d) { // {y, m, d, H, M} of the instant d on the province's clock
    try {
      var out = {};
      new Intl.DateTimeFormat("en-GB", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d).forEach(function (p) { out[p.type] = p.value; });
      return { y: +out.year, m: +out.month, d: +out.day, H: +out.hour % 24, M: +out.minute };
    } catch (err) { // no time zone data: the phone's own clock is the best guess left
      return { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate(), H: d.getHours(), M: d.getMinutes() };
    }
  }
  function shown(p) { return p ? pad(p.d) + "/" + pad(p.m) + "/" + p.y + " " + pad(p.H) + ":" + pad(p.M) : ""; }
  function naive(p) { return p.y + "-" + pad(p.m) + "-" + pad(p.d) + "T" + pad(p.H) + ":" + pad(p.M) + ":00"; }
  function parseWhen(text) { // dd/mm/yyyy hh:mm, as the form shows it: the province's time, never converted
    var m = (text || "").trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/);
    if (!m) return null;
    var p = { y: +m[3], m: +m[2], d: +m[1], H: +(m[4] || 0), M: +(m[5] || 0) };
    var check = new Date(Date.UTC(p.y, p.m - 1, p.d));
    return check.getUTCMonth() === p.m - 1 && p.H < 24 && p.M < 60 ? p : null;
  }
  function whenOf(iso) { // an entry's time for a message: a zone-less time is already the province's
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    if (!m) return "";
    if (/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) { var d = new Date(iso); return isNaN(d) ? "" : shown(partsIn(d)); }
    return shown({ y: +m[1], m: +m[2], d: +m[3], H: +m[4], M: +m[5] });
  }
  function whole(v) { v = (v || "").trim(); return v === "" ? null : (/^\d+$/.test(v) ? parseInt(v, 10) : NaN); }

  // The phone's own store (one per login): the last entry, which "repeat last" both shows and saves, and
  // the last places typed. The server's copy (phone-seed) fills it only when the phone has none.
  var seedNode = document.getElementById("phone-seed");
  var SEED = seedNode ? JSON.parse(seedNode.textContent) : {};
  var KEY = "tienphong.field." + (T.user || "");
  var KEEP = ["unit", "setting", "place_note", "team", "services", "procedure", "outcome", "people", "volunteers", "partners"];
  var mem = null;
  function store() {
    if (mem) return mem;
    try { mem = JSON.parse(localStorage.getItem(KEY)); } catch (err) { mem = null; }
    mem = mem || {};
    var changed = false;
    if (!mem.last && SEED.last) { mem.last = SEED.last; changed = true; }
    if (!mem.places && SEED.places) { mem.places = SEED.places; changed = true; }
    if (changed) keep();
    return mem;
  }
  function keep() { try { localStorage.setItem(KEY, JSON.stringify(mem)); } catch (err) { /* private mode */ } }
  function remember(e) {
    var s = store(), last = {};
    KEEP.forEach(function (k) { last[k] = e[k]; });
    s.last = last;
    var place = (e.place_note || "").trim();
    if (place) s.places = [place].concat((s.places || []).filter(function (p) { return p !== place; })).slice(0, 5);
    keep();
    renderRepeat(); renderPlaces();
  }

  function serviceName(code) {
    var names = SEED.service_names || {};
    if (names[code]) return names[code];
    var box = form.querySelector("[name=services][value='" + String(code).replace(/[^a-z0-9_]/gi, "") + "']");
    var label = box && box.closest("label");
    return label ? label.textContent.trim() : "?";
  }
  function summary(e) { // people · services · place, in words
    return e.people + " · " + (e.services || []).map(serviceName).join(", ") + (e.place_note ? " · " + e.place_note : "");
  }
  function fieldLabel(name) {
    var input = form.querySelector("[name='" + String(name).replace(/[^a-z_]/gi, "") + "']");
    if (!input) return "";
    var label = input.id && form.querySelector("label[for='" + input.id + "']");
    if (!label || label.classList.contains("chip") || label.classList.contains("opt")) {
      var set = input.closest("fieldset"); label = set && set.querySelector("legend");
    }
    return label ? label.textContent.trim() : "";
  }

  var repeat = document.getElementById("repeat-form");
  function renderRepeat() {
    var last = store().last;
    if (!repeat) return;
    repeat.hidden = !last;
    if (last) document.getElementById("repeat").textContent = "↻ " + T.msgRepeat + ": " + summary(last);
  }
  var placeInput = form.querySelector("[name=place_note]");
  var choices = document.getElementById("place-choices");
  function renderPlaces() {
    if (!choices) return;
    var places = store().places || [];
    choices.innerHTML = "";
    places.forEach(function (p) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "chip place"; b.textContent = p;
      b.setAttribute("aria-pressed", placeInput.value === p ? "true" : "false");
      b.addEventListener("click", function () { placeInput.value = p; markPlace(); });
      choices.appendChild(b);
    });
    choices.hidden = !places.length;
  }
  function markPlace() {
    choices.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.textContent === placeInput.value ? "true" : "false");
    });
  }
  if (placeInput && choices) placeInput.addEventListener("input", markPlace);

  function texts(key, n) { // the plural form for n (the page carries the one and the many)
    var forms = SEED[key] || ["%(n)s", "%(n)s"];
    return forms[n === 1 ? 0 : 1].replace("%(n)s", n);
  }

  function entryFromForm() {
    var f = new FormData(form);
    var when = parseWhen(f.get("occurred_at"));
    var e = {
      uuid: f.get("uuid") || uuid4(), occurred_at: when ? naive(when) : null,
      people: whole(f.get("people")), services: f.getAll("services"), setting: f.get("setting"),
      place_note: (f.get("place_note") || "").trim(), unit: whole(f.get("unit")), outcome: f.get("outcome") || "done",
      procedure: f.get("procedure") || "", team: whole(f.get("team")),
      volunteers: f.getAll("volunteers").map(function (v) { return parseInt(v, 10); }),
      partners: f.getAll("partners").map(function (v) { return parseInt(v, 10); }),
      minutes: whole(f.get("minutes")), age_band: f.get("age_band") || "", gender: f.get("gender") || "",
      groups: f.getAll("groups"), note: f.get("note") || ""
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

  function setNow() { form.querySelector("[name=occurred_at]").value = shown(partsIn(new Date())); }
  function resetForm() {
    form.querySelector("[name=uuid]").value = uuid4();
    form.querySelector("[name=people]").value = 1;
    setNow();
    ["minutes", "age_band", "gender", "note", "place_note"].forEach(function (n) { var i = form.querySelector("[name=" + n + "]"); if (i) i.value = ""; });
    form.querySelectorAll("[name=groups]").forEach(function (c) { c.checked = false; });
    if (choices) markPlace();
  }

  // The confirmation sits under the save button, where the thumb is, and is announced (role=status).
  var lead = "";
  function status(text) {
    var node = document.getElementById("sync-status");
    node.textContent = text || "";
    node.className = text ? "confirm msg" : "confirm";
  }
  function say(text) {
    status((lead ? lead + " " : "") + (text || ""));
    var node = document.getElementById("sync-status"); // after a save: kept in view, under the thumb
    if (lead && node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
  }

  function renderConflicts() { // the entries the server already had with other content: what it keeps
    var ul = document.getElementById("conflicts");
    if (!ul) { ul = document.createElement("ul"); ul.id = "conflicts"; ul.className = "rejected"; box.appendChild(ul); }
    ul.innerHTML = "";
    if (!conflicts.length) return;
    var head = document.createElement("li"); head.textContent = T.msgConflict; ul.appendChild(head);
    conflicts.forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = whenOf(s.occurred_at) + " · " + summary(s) + (s.note ? " · " + s.note : "");
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
        var at = whenOf(item.entry.occurred_at);
        li.textContent = (at ? at + " · " : "") + summary(item.entry) + " — " + reasons + " ";
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
    form.querySelectorAll("[name=partners]").forEach(function (c) {
      c.checked = (e.partners || []).indexOf(parseInt(c.value, 10)) >= 0;
    });
    form.querySelectorAll("[name=groups]").forEach(function (c) { // queued before groups existed: none
      c.checked = (e.groups || []).indexOf(c.value) >= 0;
    });
    ["setting", "place_note", "procedure", "note", "age_band", "gender"].forEach(function (n) {
      var i = form.querySelector("[name=" + n + "]"); if (i) i.value = e[n] || "";
    });
    if (e.occurred_at) form.querySelector("[name=occurred_at]").value = whenOf(e.occurred_at);
    if (choices) markPlace();
    form.scrollIntoView();
  }

  function send(batch) {
    return fetch(T.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ entries: batch.map(function (i) { return i.entry; }) })
    });
  }

  function unreadable(detail) { // a batch the schema refused: name the fields in words, never codes
    var names = [];
    (Array.isArray(detail) ? detail : []).forEach(function (d) {
      var loc = (d && d.loc) || [], label = fieldLabel(loc[loc.length - 1]);
      if (label && names.indexOf(label) < 0) names.push(label);
    });
    return names.length ? T.msgUnreadable.replace("{fields}", names.join(", ")) : T.msgUnreadableEntry;
  }

  var sent = 0, refused = false;
  function sync() { // one run: every waiting entry, a batch at a time; then one message for the run
    if (sending) return Promise.resolve();
    sent = 0; refused = false;
    return step();
  }
  function finish(left) {
    var waitingLeft = left.filter(function (i) { return !i.errors; }).length;
    if (refused) say(T.msgRejected);
    else if (sent) say(texts("sent", sent));
    else if (waitingLeft && !navigator.onLine) say(T.msgOffline);
    lead = "";
  }
  function step() {
    sending = true;
    return render().then(function (waiting) {
      if (!waiting.length) { sending = false; return all().then(finish); }
      if (!navigator.onLine) { sending = false; say(T.msgOffline); lead = ""; return; }
      var batch = waiting.slice(0, size), again = false;
      return send(batch).then(function (r) {
        if (r.status === 401 || r.status === 403) { say(T.msgLogin); return; }
        if ((r.status === 422 || r.status === 413) && batch.length > 1) {
          size = 1; again = true; return; // refused whole: one at a time finds the entry at fault
        }
        if (r.status === 422 || r.status === 413) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var item = batch[0]; item.errors = { entry: unreadable(body.detail) };
            refused = true;
            return put(item);
          });
        }
        if (!r.ok) throw new Error(r.status);
        return r.json().then(function (body) {
          var byId = {};
          batch.forEach(function (i) { byId[i.uuid] = i; });
          return Promise.all(body.results.map(function (res) {
            var item = byId[res.uuid];
            if (!item) return null;
            if (res.status === "invalid") { item.errors = res.errors; refused = true; return put(item); }
            if (res.status === "conflict" && res.stored) { conflicts.push(res.stored); box.dataset.said = "1"; }
            else sent += 1;
            return drop(res.uuid); // created or already stored: either way it is counted, once
          }));
        }).then(renderConflicts);
      }).catch(function () { say(T.msgOffline); lead = ""; })
        .then(function () { sending = false; return render(); })
        .then(function (left) {
          if (!left || !left.length) size = BATCH;
          if (left && left.length && navigator.onLine && (again || left.length < waiting.length)) return step();
          if (left) return all().then(finish);
        });
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var r = entryFromForm();
    showFieldErrors(r.bad);
    if (Object.keys(r.bad).length) return;
    put({ uuid: r.entry.uuid, entry: r.entry, queuedAt: Date.now() }).then(function () {
      lead = texts("saved", r.entry.people);
      say("");
      remember(r.entry);
      resetForm();
      return sync();
    });
  });

  if (repeat) repeat.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var last = store().last;
    if (!last) return;
    // Exactly what the button says: the same object its label was made from, now.
    var e = Object.assign({}, last, { uuid: uuid4(), occurred_at: naive(partsIn(new Date())) });
    put({ uuid: e.uuid, entry: e, queuedAt: Date.now() }).then(function () {
      lead = texts("saved", e.people);
      say("");
      remember(e);
      return sync();
    });
  });

  renderRepeat(); renderPlaces();
  if (!form.querySelector(".errorlist")) setNow(); // a page opened from the phone's cache shows now, not then
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
