// A report's progress, asked of its status URL every two seconds while it is being
// generated; the page reloads to show the report once it is ready (or has failed).
// Without this file the page has a plain link to refresh it.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-report-status]");
    if (!section || !window.fetch) return;
    var url = section.getAttribute("data-report-status");
    var bar = section.querySelector("progress");
    var label = section.querySelector("[data-report-label]");

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (status.finished) {
            window.location.reload();
            return;
          }
          bar.value = status.percent;
          bar.textContent = status.percent + "%";
          label.textContent = label.getAttribute("data-report-label")
            .replace("{status}", status.label)
            .replace("{percent}", String(status.percent));
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 2000);
  });
})();
