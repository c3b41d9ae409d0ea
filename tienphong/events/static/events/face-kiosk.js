// Face kiosk: the camera's picture, a frame sent on "Chụp" and every 2 s (while the box is ticked) to
// the face API; the answer shown in big letters. Each frame has its own nonce: a frame re-sent after a
// lost answer is checked in once. Frames live only in memory here and on the server. No inline script.
(function () {
  "use strict";
  var root = document.querySelector("[data-face-kiosk]");
  var configNode = document.getElementById("face-kiosk-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var texts = document.querySelector("[data-texts]").dataset;
  var video = root.querySelector("video");
  var answer = root.querySelector("[data-answer]");
  var auto = root.querySelector("[data-auto]");
  var shootButton = root.querySelector("[data-shoot]");
  var csrf = (root.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var canvas = document.createElement("canvas");
  var busy = false, timer = null, HOLD = 3500, WIDTH = 640;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function show(kind, title, lines) {
    answer.className = "kiosk-answer" + (kind ? " is-" + kind : "");
    answer.textContent = "";
    if (title) {
      var strong = document.createElement("strong");
      strong.textContent = title;
      answer.appendChild(strong);
    }
    lines.filter(Boolean).forEach(function (line) {
      var span = document.createElement("span");
      span.textContent = line;
      answer.appendChild(span);
      answer.appendChild(document.createElement("br"));
    });
  }

  function schedule(delay) {
    clearTimeout(timer);
    if (auto.checked) timer = setTimeout(shoot, delay);
  }

  function frame() {
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return Promise.resolve(null);
    var scale = Math.min(1, WIDTH / w);
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    var data = canvas.toDataURL("image/jpeg", 0.85);
    return Promise.resolve(data.slice(data.indexOf(",") + 1));
  }

  function send(body, tries) {
    return fetch(config.api, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).catch(function (error) {
      if (tries > 0) {  // the same frame and nonce: never checked in twice
        show("", "", [texts.textOffline]);
        return new Promise(function (resolve) { setTimeout(resolve, 1500); }).then(function () {
          return send(body, tries - 1);
        });
      }
      throw error;
    });
  }

  function shoot() {
    if (busy) return;
    busy = true;
    frame().then(function (picture) {
      if (!picture) { busy = false; schedule(500); return null; }
      var body = { point: config.point, session: config.session, nonce: uuid(), frame: picture };
      return send(body, 2).then(function (res) {
        var d = res.data || {};
        var delay = config.interval;
        if (!res.ok) {
          show("none", "", [typeof d.detail === "string" ? d.detail : texts.textOffline]);
        } else if (d.status === "created" || d.status === "repeat" || d.status === "duplicate") {
          show("in", d.name, [[d.delegation, d.seat ? texts.textSeat + " " + d.seat : ""].filter(Boolean).join(" · "),
                              d.message]);
          delay = HOLD;
        } else if (d.status === "unsure") {
          show("unsure", "", [d.message]);
          delay = HOLD;
        } else if (d.status === "none") {
          show("none", "", [d.message]);
        } else {
          show("", "", [texts.textLooking]);
        }
        busy = false;
        schedule(delay);
      });
    }).catch(function () {
      show("none", "", [texts.textOffline]);
      busy = false;
      schedule(config.interval * 2);
    });
  }

  shootButton.addEventListener("click", function () { clearTimeout(timer); shoot(); });
  auto.addEventListener("change", function () { if (auto.checked) schedule(config.interval); else clearTimeout(timer); });

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    show("none", "", [texts.textNocam]);
    return;
  }
  navigator.mediaDevices.getUserMedia({ video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
                                        audio: false })
    .then(function (stream) {
      video.srcObject = stream;
      return video.play();
    })
    .then(function () { show("", "", [texts.textLooking]); schedule(config.interval); })
    .catch(function () { show("none", "", [texts.textNocam]); });
})();
