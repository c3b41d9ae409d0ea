// Draws the dashboard's charts (ECharts) and map (Leaflet) from the JSON the page carries.
// The figures are all in the HTML too: with no script, or a library that failed to load on a weak
// signal, the page still says everything.
(function () {
  "use strict";
  // Which period fields the picker shows depends on the kind chosen (dashboard and pivot alike).
  var kind = document.getElementById("period-kind");
  function togglePeriodFields() {
    document.querySelectorAll("#period-form [data-for]").forEach(function (el) {
      var show = el.getAttribute("data-for").split(" ").indexOf(kind.value) >= 0;
      el.hidden = !show;
      el.querySelectorAll("input, select").forEach(function (i) { i.disabled = !show; });
    });
  }
  if (kind) { kind.addEventListener("change", togglePeriodFields); togglePeriodFields(); }

  // The table of communes (or teams): the first rows, a "show all" button, a search by name
  // (accents ignored: "dong hoa" finds "Đông Hoà").
  (function pageChildren(table) {  // its own scope: the charts below reuse names like `rows`
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var pageSize = parseInt(table.getAttribute("data-page"), 10) || 20;
    var more = document.getElementById("children-more");
    var none = document.getElementById("children-none");
    var search = document.getElementById("children-search");
    var fold = function (s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
    };
    var names = rows.map(function (r) { return fold(r.cells[0].textContent); });
    var all = false;
    var show = function () {
      var q = fold(search.value.trim());
      var shown = 0;
      rows.forEach(function (r, i) {
        var hit = q ? names[i].indexOf(q) >= 0 : (all || i < pageSize);
        r.hidden = !hit;
        if (hit) shown += 1;
      });
      more.hidden = !!q || all || rows.length <= pageSize;
      none.hidden = shown > 0;
    };
    if (rows.length > pageSize) document.getElementById("children-tools").hidden = false;
    more.addEventListener("click", function () { all = true; show(); });
    search.addEventListener("input", show);
    show();
  })(document.getElementById("children"));

  var dataEl = document.getElementById("dashboard-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var lang = document.documentElement.lang || "vi";
  var fmt = function (v) { return v == null ? "" : Number(v).toLocaleString("vi-VN"); };
  var colors = ["#c8102e", "#1f6fb2", "#2e8b57", "#e0a100", "#6b4fa0", "#00838f"];

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    // Tooltips drawn in the chart, not as HTML with style="" attributes the Content-Security-Policy refuses.
    if (option.tooltip) option.tooltip.renderMode = "richText";
    // A phone that asks for less motion (or saves its battery) gets the figures drawn once, not animated.
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) option.animation = false;
    var c = window.echarts.init(el, null, { renderer: "svg", locale: lang === "vi" ? "EN" : "EN" });
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }

  var t = data.trend;
  chart("chart-trend", {
    color: colors,
    tooltip: { trigger: "axis", valueFormatter: fmt },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: t.labels },
    yAxis: { type: "value", axisLabel: { formatter: fmt } },
    series: t.series.map(function (s) { return { name: s.name, type: "line", smooth: true, data: s.data, showSymbol: t.labels.length < 40 }; })
  });

  var b = data.breakdowns && data.breakdowns[0];
  if (b && b.rows.length) {
    var rows = b.rows.slice().reverse();
    chart("chart-services", {
      color: colors,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
      title: { text: b.title, textStyle: { fontSize: 14 } },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: fmt } },
      yAxis: { type: "category", data: rows.map(function (r) { return r[0]; }),
               axisLabel: { width: 130, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }) }]
    });
  }

  var m = data.map;
  var mapEl = document.getElementById("map");
  if (mapEl && window.L && m.points.length) {
    var map = window.L.map(mapEl, { attributionControl: !!m.tiles, zoomSnap: 0.25 });
    // Tiles are optional: with no tile server (or no signal for one) the points still show.
    if (m.tiles) window.L.tileLayer(m.tiles, { attribution: m.attribution, maxZoom: 18 }).addTo(map);
    var max = Math.max.apply(null, m.points.map(function (p) { return p.value; }).concat([1]));
    var bounds = [];
    m.points.forEach(function (p) {
      var radius = 4 + 14 * Math.sqrt(p.value / max);
      var marker = window.L.circleMarker([p.lat, p.lon], {
        radius: radius, color: "#8a0b20", weight: 1, fillColor: "#c8102e", fillOpacity: p.value ? 0.6 : 0.15
      }).addTo(map);
      var tip = document.createElement("span");  // text, never markup: a unit's name is typed by people
      tip.textContent = p.name + ": " + fmt(p.value);
      marker.bindTooltip(tip);
      if (p.params && p.params.unit) {
        marker.on("click", function () {
          var url = new URL(window.location.href);
          url.searchParams.set("unit", p.params.unit);
          url.searchParams.delete("team");
          window.location.href = url.toString();
        });
      }
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { padding: [16, 16] });
  }
})();
