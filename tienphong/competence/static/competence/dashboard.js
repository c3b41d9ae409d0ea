// Draws the competence dashboard's charts (ECharts) from the JSON the page carries; every figure is
// also in the page's tables, so without the script nothing is lost.
(function () {
  "use strict";
  var el = document.getElementById("competence-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var colors = ["#c8102e", "#1f6fb2", "#2e8b57", "#e0a100", "#6b4fa0", "#00838f"];
  var fmt = function (v) { return v == null ? "—" : Number(v).toLocaleString("vi-VN", { maximumFractionDigits: 2 }); };

  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    if (option.tooltip) option.tooltip.renderMode = "richText";  // no style="" the CSP would refuse
    // A phone that asks for less motion (or saves its battery) gets the figures drawn once, not animated.
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) option.animation = false;
    var c = window.echarts.init(node, null, { renderer: "svg" });
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }

  var bars = data.bars;
  chart("chart-areas", {
    color: colors,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 4, interval: 1 },
    yAxis: { type: "category", data: bars.labels.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ type: "bar", data: bars.values.slice().reverse(), label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } } }]
  });

  chart("chart-trend", {
    color: colors,
    tooltip: { trigger: "axis", valueFormatter: fmt },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", min: 1, max: 4, interval: 1 },
    series: data.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: true }; })
  });
})();
