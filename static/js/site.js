// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary so screen reader users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();

    // Sign-up: show the organisation fields only when joining on behalf of one.
    var orgFields = document.getElementById("organisation-fields");
    var radios = document.querySelectorAll('input[name="joining_as"]');
    if (orgFields && radios.length) {
      var update = function () {
        var checked = document.querySelector('input[name="joining_as"]:checked');
        var asOrganisation = checked && checked.value === "organisation";
        orgFields.hidden = !asOrganisation;
        radios.forEach(function (radio) {
          radio.setAttribute("aria-controls", "organisation-fields");
        });
      };
      radios.forEach(function (radio) { radio.addEventListener("change", update); });
      update();
    }

    // The checklist's "12 of 40 answered": counted again as answers are chosen, before
    // they are saved. Without this file the count is the one the page was drawn with.
    var progress = document.querySelector("[data-answer-progress]");
    var checklistForm = document.querySelector('[data-testid="checklist-form"]');
    if (progress && checklistForm) {
      var bar = progress.querySelector("progress");
      var label = progress.querySelector("label");
      checklistForm.addEventListener("change", function () {
        var names = {};
        checklistForm.querySelectorAll('input[type="radio"]:checked').forEach(function (radio) {
          names[radio.name] = true;
        });
        var answered = Object.keys(names).length;
        bar.value = answered;
        label.textContent = progress.getAttribute("data-answer-progress")
          .replace("{answered}", String(answered));
      });
    }

    // Print buttons (checklist results): hidden until this script can print; the plain
    // "use your browser's Print command" note beside them is for when it cannot.
    if (typeof window.print === "function") {
      document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
      });
      document.querySelectorAll("[data-print-hint]").forEach(function (hint) {
        hint.hidden = true;
      });
    }

    // Copy buttons (the pledge badge's embed HTML): hidden until this script can copy.
    if (navigator.clipboard) {
      document.querySelectorAll("[data-copy-from]").forEach(function (button) {
        var id = button.getAttribute("data-copy-from");
        var source = document.getElementById(id);
        var status = document.querySelector('[data-copy-status="' + id + '"]');
        if (!source) return;
        button.hidden = false;
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(source.value).then(function () {
            if (status) status.textContent = button.getAttribute("data-copied-text");
          });
        });
      });
    }
  });
})();
