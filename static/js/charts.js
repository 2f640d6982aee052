// Draws the charts of a page (checklist results, charter signatories) from the JSON it carries
// (json_script). Every chart has a table beside it with the same figures, so without
// this file, or without Chart.js, nothing is lost: the chart boxes simply stay hidden.
(function () {
  "use strict";

  function colour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function config(spec) {
    var brand = colour("--sv-brand", "#8a1538");
    var ink = colour("--sv-ink", "#1b1b1b");
    var horizontal = spec.type === "bar";
    // Scores are out of 100; counts ("scale": "count") start at nought and are whole.
    var valueAxis = spec.scale === "count"
      ? { beginAtZero: true, ticks: { precision: 0, color: ink }, grid: { color: "#dee2e6" } }
      : { min: 0, max: 100, ticks: { stepSize: 20, color: ink }, grid: { color: "#dee2e6" } };
    var categoryAxis = { ticks: { color: ink, autoSkip: false }, grid: { display: false } };
    return {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.label,
          data: spec.values,
          backgroundColor: brand,
          borderColor: brand,
          borderWidth: horizontal ? 0 : 3,
          pointRadius: 5,
          pointBackgroundColor: brand
        }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        // Drawn at once: no motion to sit through, and the chart is there when printing.
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: { legend: { display: false } }
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
