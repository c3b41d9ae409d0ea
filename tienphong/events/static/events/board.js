// The attendance board refreshes itself: every few seconds it asks the API for the session's figures and
// redraws them. A request that fails or hangs leaves the last figures up and says so ("connection lost:
// figures as of 08:15:03"), and the board keeps trying; the next answer clears it.
(function () {
  "use strict";
  var cfgNode = document.getElementById("board-config"), dataNode = document.getElementById("board-data");
  if (!cfgNode || !dataNode || !window.fetch) return;
  var C = JSON.parse(cfgNode.textContent), T = C.texts, session = C.session, lastGood = JSON.parse(dataNode.textContent);
  var status = document.getElementById("board-status"), select = document.getElementById("board-session");
  var inFlight = false;

  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, k) { return values[k] === undefined ? "" : values[k]; });
  }
  function $(id) { return document.getElementById(id); }
  function meter(came, expected) {
    var m = document.createElement("meter");
    m.className = "bar"; m.min = 0; m.max = expected || 1; m.value = came;
    m.textContent = (expected ? Math.round(100 * came / expected) : 0) + "%";
    return m;
  }
  function rows(id, list) {
    var body = $(id);
    body.textContent = "";
    list.forEach(function (r) {
      var tr = document.createElement("tr"), th = document.createElement("th"), num = document.createElement("td"), bar = document.createElement("td");
      th.scope = "row"; th.textContent = r.label;
      num.className = "num"; num.textContent = r.came + "/" + r.expected;
      bar.className = "bar-cell"; bar.appendChild(meter(r.came, r.expected));
      tr.appendChild(th); tr.appendChild(num); tr.appendChild(bar); body.appendChild(tr);
    });
  }
  function render(d) {
    $("b-came").textContent = d.came;
    $("b-expected").textContent = d.expected;
    $("b-percent").textContent = d.percent;
    var bar = $("b-bar"); bar.max = d.expected || 1; bar.value = d.came; bar.textContent = d.percent + "%";
    var q = $("b-quorum");
    q.hidden = !d.quorum_text;
    q.textContent = d.quorum_text || "";
    q.className = "board-quorum" + (d.quorum_met ? " met" : d.quorum_needed ? " short" : "");
    rows("b-delegation", d.by_delegation);
    rows("b-point", d.by_point);
    var late = $("b-late");
    late.textContent = "";
    d.latecomers.forEach(function (c) {
      var li = document.createElement("li"), t = document.createElement("span");
      t.className = "t"; t.textContent = c.at;
      li.appendChild(t);
      li.appendChild(document.createTextNode(" " + c.name + (c.delegation ? " · " + c.delegation : "")));
      late.appendChild(li);
    });
    if (!d.latecomers.length) {
      var none = document.createElement("li"); none.className = "none"; none.textContent = $("b-none").textContent; late.appendChild(none);
    }
  }
  function fresh(d) {
    lastGood = d;
    status.className = "board-status";
    status.textContent = fill(T.updated, { time: d.updated_at });
  }
  function stale() {
    status.className = "board-status stale";
    status.textContent = fill(T.stale, { time: lastGood.updated_at });
  }

  function refresh() {
    if (inFlight) return;
    inFlight = true;
    var abort = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (abort) abort.abort(); }, Math.max(3000, C.every * 800));
    fetch(C.api + "?session=" + encodeURIComponent(session), {
      credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store", signal: abort ? abort.signal : undefined
    }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (d) {
      if (d.session !== session) return; // the session was switched meanwhile
      render(d); fresh(d);
    })["catch"](stale).then(function () { clearTimeout(timer); inFlight = false; });
  }

  if (select) select.addEventListener("change", function () {
    session = parseInt(select.value, 10);
    if (window.history && history.replaceState) history.replaceState(null, "", "?session=" + session);
    inFlight = false;
    refresh();
  });
  window.addEventListener("offline", stale);   // say it at once; the figures stay up
  window.addEventListener("online", function () { setTimeout(refresh, 300); });
  setInterval(refresh, C.every * 1000);
})();
