// Draws the charts of a page (checklist results, charter signatories, the city's progress,
// the commissioners' dashboard) from the JSON it carries (json_script). Every chart has a
// table beside it with the same figures, so without this file, or without Chart.js,
// nothing is lost: the chart boxes simply stay hidden.
//
// A chart's spec: {type: "bar" | "line" | "column", labels: [...], and either label +
// values (one series) or series: [{label, values, dashed?}], scale: "percent" (0 to 100,
// the default), "count" (whole numbers from nought), "value" (from nought) or "auto"}.
// "bar" is horizontal; "column" is a vertical bar chart.
(function () {
  "use strict";

  function colour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  // The brand colour first; then colours that keep 3:1 contrast against white.
  var PALETTE = ["#1d5a8a", "#5a5a5a", "#0b6e4f", "#7a4b00", "#5b2a86"];

  function valueAxis(scale, ink) {
    var grid = { color: "#dee2e6" };
    if (scale === "count") return { beginAtZero: true, ticks: { precision: 0, color: ink }, grid: grid };
    if (scale === "value") return { beginAtZero: true, ticks: { color: ink }, grid: grid };
    if (scale === "auto") return { ticks: { color: ink }, grid: grid };
    return { min: 0, max: 100, ticks: { stepSize: 20, color: ink }, grid: grid };
  }

  function datasets(spec, brand, horizontal) {
    var series = spec.series || [{ label: spec.label, values: spec.values }];
    return series.map(function (one, index) {
      var paint = index === 0 ? brand : PALETTE[(index - 1) % PALETTE.length];
      return {
        label: one.label,
        data: one.values,
        backgroundColor: paint,
        borderColor: paint,
        borderWidth: horizontal ? 0 : (one.dashed ? 2 : 3),
        borderDash: one.dashed ? [6, 4] : [],
        pointRadius: one.dashed ? 0 : 5,
        pointBackgroundColor: paint
      };
    });
  }

  function config(spec) {
    var brand = colour("--sv-brand", "#8a1538");
    var ink = colour("--sv-ink", "#1b1b1b");
    var horizontal = spec.type === "bar";
    var type = spec.type === "column" ? "bar" : spec.type;
    var values = valueAxis(spec.scale, ink);
    var categoryAxis = { ticks: { color: ink, autoSkip: false }, grid: { display: false } };
    var several = Boolean(spec.series && spec.series.length > 1);
    return {
      type: type,
      data: { labels: spec.labels, datasets: datasets(spec, brand, horizontal) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        // Drawn at once: no motion to sit through, and the chart is there when printing.
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: horizontal ? { x: values, y: categoryAxis } : { x: categoryAxis, y: values },
        plugins: { legend: { display: several, labels: { color: ink } } }
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart-source"));
      if (!source) return;
      var spec = JSON.parse(source.textContent)[canvas.getAttribute("data-chart")];
      if (!spec) return;
      var box = canvas.closest("[data-chart-box]");
      if (box) box.hidden = false;
      new window.Chart(canvas, config(spec));
    });
  });
})();
