// The check-in kiosk, offline first (the design of support/entry.js): every scan gets a nonce and its time
// and goes into a queue on the phone (IndexedDB) before it is sent to the sync API; with no signal it
// waits there and is sent when the signal is back. The server checks a nonce in once, so a scan re-sent
// after a lost answer never checks anyone in twice. Input: a USB scanner typing into the field (Enter
// sends), the camera (the browser's BarcodeDetector, else the vendored jsQR, loaded only when needed),
// or a search by name. Each answer is shown big: green checked in, amber already in, red not a badge,
// grey waiting to be sent.
(function () {
  "use strict";
  var node = document.getElementById("kiosk-config");
  var form = document.getElementById("kiosk-form");
  if (!node || !form || !window.fetch) return;
  var C = JSON.parse(node.textContent), T = C.texts;
  var DB = "tienphong-kiosk", STORE = "checkins", BATCH = 200;
  var sending = null, size = BATCH, lastSeen = { text: "", at: 0 };
  var scanInput = document.getElementById("kiosk-scan");
  var sessionSelect = document.getElementById("kiosk-session");
  var box = document.getElementById("kiosk-result"), boxText = document.getElementById("kiosk-result-text");
  var queueLine = document.getElementById("kiosk-queue"), log = document.getElementById("kiosk-log");

  // The service worker keeps this page on the phone: reloaded with no signal, the kiosk still opens.
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  // --- the queue: IndexedDB (kept across a reload, a crash, a dead battery); in memory if the browser has none
  var Q = window.tienphongQueue, queue = Q.open(DB, STORE, "nonce");  // core/queue.js
  var put = queue.put, drop = queue.drop, all = queue.all, uuid4 = Q.uuid4;
  function csrf() { return Q.csrf(form); }

  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, k) { return values[k] === undefined ? "" : values[k]; });
  }

  // --- feedback: the big box, a beep and a buzz, the list of the latest scans
  var STATE = { created: "ok", duplicate: "ok", repeat: "repeat", invalid: "bad" };
  var audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = { ok: [[880, 0, 0.12]], repeat: [[520, 0, 0.1], [520, 0.16, 0.1]], bad: [[200, 0, 0.35]] }[kind] || [];
      tones.forEach(function (t) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.frequency.value = t[0]; g.gain.value = 0.15; o.connect(g); g.connect(audio.destination);
        o.start(audio.currentTime + t[1]); o.stop(audio.currentTime + t[1] + t[2]);
      });
    } catch (err) { /* no sound: the colour says it */ }
    if (navigator.vibrate) navigator.vibrate({ ok: 80, repeat: [80, 60, 80], bad: 300 }[kind] || 0);
  }
  function show(kind, text) {
    box.className = "kiosk-result " + kind;
    boxText.textContent = text;
  }
  function logLine(kind, text) {
    var li = document.createElement("li");
    li.className = kind;
    li.textContent = text;
    log.insertBefore(li, log.firstChild);
    while (log.children.length > 20) log.removeChild(log.lastChild);
  }
  function waiting(n) {
    queueLine.hidden = n === 0;
    queueLine.textContent = n ? fill(T.waiting, { n: n }) : "";
  }

  // --- a scan: queued first, then sent
  function enqueue(entry) {
    entry.nonce = uuid4();
    entry.at = new Date().toISOString();
    var item = { nonce: entry.nonce, api: C.api, point: C.point, session: parseInt(sessionSelect.value, 10) || C.session,
                 entry: entry, queuedAt: Date.now() };
    return put(item).then(sync);
  }

  function send(batch) {
    var first = batch[0];
    return fetch(first.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ point: first.point, session: first.session,
                             entries: batch.map(function (i) { return i.entry; }) })
    });
  }

  function answered(results) {
    var last = null;
    return Promise.all(results.map(function (r) {
      var kind = STATE[r.status] || "bad";
      logLine(kind, r.message);
      last = r;
      return drop(r.nonce);
    })).then(function () {
      if (last) { show(STATE[last.status] || "bad", last.message); beep(STATE[last.status] || "bad"); }
    });
  }

  // One round: the oldest group (same event, point and session) not refused in this pass, in batches.
  // A group this login may not send (403, 404: another host's scans left on this phone, a point taken
  // away) stays queued and is skipped, so it never holds back the others.
  function key(i) { return i.api + "|" + i.point + "|" + i.session; }
  function round(skip) {
    return all().then(function (items) {
      items.sort(function (a, b) { return a.queuedAt - b.queuedAt; });
      waiting(items.length);
      items = items.filter(function (i) { return !skip[key(i)]; });
      if (!items.length) return false;
      var k = key(items[0]);
      var batch = items.filter(function (i) { return key(i) === k; }).slice(0, size);
      return send(batch).then(function (res) {
        if (res.ok) return res.json().then(function (body) { size = BATCH; return answered(body.results).then(function () { return true; }); });
        if (res.status === 401) { show("bad", T.login); return false; }
        if (res.status === 403 || res.status === 404) { skip[k] = true; show("bad", T.refused); return true; }
        if (res.status === 413 && size > 1) { size = Math.max(1, Math.floor(size / 2)); return true; }
        if (res.status === 422 && batch.length > 1) { size = 1; return true; }
        if (res.status === 422 || res.status === 413) { // this one scan cannot be read: say so, let the rest go
          logLine("bad", T.refused);
          show("bad", T.refused);
          return drop(batch[0].nonce).then(function () { return true; });
        }
        throw new Error("HTTP " + res.status); // 5xx, 503: the queue keeps it
      });
    });
  }

  var again = false, retry = 500, retryTimer = null;
  function sync() {
    if (sending) { again = true; return sending; } // a scan queued while a round is on the wire: one more round after it
    var skip = {};
    sending = (function loop(n) {
      return round(skip).then(function (more) { return more && n < 50 ? loop(n + 1) : null; });
    })(0).then(function () { retry = 500; }, function () {
      // No answer: the queue keeps everything. Signal on (or just back: the browser may say "online" a
      // moment before a request gets through): try again soon, then less and less often.
      if (navigator.onLine !== false) { clearTimeout(retryTimer); retryTimer = setTimeout(sync, retry); retry = Math.min(retry * 2, 5000); }
      return all().then(function (items) {
        if (items.length) { show("waiting", fill(T.waiting, { n: items.length })); }
      });
    }).then(function () {
      sending = null;
      if (again) { again = false; return sync(); }
      return all().then(function (items) { waiting(items.length); return items; });
    });
    return sending;
  }

  // --- the scanner field (a USB scanner is a keyboard that types the code and presses Enter)
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = scanInput.value.trim();
    scanInput.value = "";
    scanInput.focus();
    if (text) enqueue({ badge: text, method: "qr" });
  });

  // --- the camera
  var video = document.getElementById("camera"), startBtn = document.getElementById("camera-start");
  var stopBtn = document.getElementById("camera-stop"), note = document.getElementById("camera-note");
  var stream = null, timer = null, detect = null, canvas = null;

  function fromCamera(text) {
    var now = Date.now();
    if (!text || (text === lastSeen.text && now - lastSeen.at < 3000)) return; // the badge is still in front of it
    lastSeen = { text: text, at: now };
    enqueue({ badge: text, method: "qr" });
  }
  function withJsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = document.getElementById("kiosk-decoder").dataset.src;
      s.onload = function () { ok(window.jsQR); };
      s.onerror = fail;
      document.head.appendChild(s);
    });
  }
  function detector() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") < 0) throw new Error("no qr");
        var d = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function () { return d.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; }); };
      })["catch"](jsqrDetector);
    }
    return jsqrDetector();
  }
  function jsqrDetector() {
    return withJsQR().then(function (jsQR) {
      canvas = canvas || document.createElement("canvas");
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var w = video.videoWidth, h = video.videoHeight;
        if (!w || !h) return Promise.resolve("");
        var scale = Math.min(1, 640 / w);
        canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var code = jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : "");
      };
    });
  }
  function tick() {
    if (!stream) return;
    detect().then(fromCamera, function () {}).then(function () { timer = setTimeout(tick, 250); });
  }
  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null; clearTimeout(timer);
    video.hidden = true; stopBtn.hidden = true; startBtn.hidden = false; note.hidden = true;
  }
  startBtn.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { note.textContent = T.no_camera; note.hidden = false; return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s; video.srcObject = s; video.hidden = false;
      startBtn.hidden = true; stopBtn.hidden = false;
      note.textContent = T.camera_on; note.hidden = false;
      return video.play().then(detector).then(function (d) { detect = d; tick(); });
    })["catch"](function () { stopCamera(); note.textContent = T.no_camera; note.hidden = false; });
  });
  stopBtn.addEventListener("click", stopCamera);

  // --- check-in by name
  var nameInput = document.getElementById("kiosk-name"), found = document.getElementById("kiosk-found"), searchTimer = null;
  function search() {
    var q = nameInput.value.trim();
    if (q.length < 2) { found.innerHTML = ""; return; }
    var url = C.search + "?q=" + encodeURIComponent(q) + "&session=" + encodeURIComponent(sessionSelect.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (res) {
      return res.ok ? res.json() : { results: [] };
    }).then(function (body) {
      found.innerHTML = "";
      if (!body.results.length) {
        var none = document.createElement("li"); none.className = "muted"; none.textContent = T.none_found; found.appendChild(none);
      }
      body.results.forEach(function (p) {
        var li = document.createElement("li"), who = document.createElement("span");
        who.textContent = [p.name, p.delegation, p.seat].filter(Boolean).join(" · ");
        li.appendChild(who);
        if (p.checked_in_at) {
          var when = document.createElement("small"); when.textContent = fill(T.already, { time: p.checked_in_at });
          li.appendChild(when);
        } else {
          var b = document.createElement("button"); b.type = "button"; b.className = "btn"; b.textContent = T.check_in;
          b.addEventListener("click", function () {
            b.disabled = true;
            scanInput.focus(); // the next badge the scanner types goes to its field, not into the name search
            enqueue({ participant: p.id, method: "manual" }).then(search);
          });
          li.appendChild(b);
        }
        found.appendChild(li);
      });
    })["catch"](function () { /* no signal: the badge still works */ });
  }
  nameInput.addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });

  sessionSelect.addEventListener("change", function () { scanInput.focus(); });
  window.addEventListener("online", sync);
  window.addEventListener("offline", function () {
    all().then(function (items) { if (items.length) show("waiting", fill(T.waiting, { n: items.length })); });
  });
  setInterval(function () { if (navigator.onLine !== false) sync(); }, 5000);
  sync();
})();
