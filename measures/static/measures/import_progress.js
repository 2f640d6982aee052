// An upload's progress, asked of its status URL every second while it runs; the page
// reloads to show the result once it has finished. Without this file the page has a
// plain link to refresh it.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-import-status]");
    if (!section || !window.fetch) return;
    var url = section.getAttribute("data-import-status");
    var bar = section.querySelector("progress");
    var label = section.querySelector("[data-import-label]");

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
          label.textContent = label.getAttribute("data-import-label")
            .replace("{status}", status.label)
            .replace("{done}", String(status.processed))
            .replace("{total}", String(status.total));
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  });
})();
