// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary so screen reader users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();

    // The main navigation folds behind a "Menu" button on small screens. Bootstrap's
    // collapse (vendored bundle) opens it and keeps aria-expanded true to its state; the
    // button and the folding are added here so that without JavaScript every link shows.
    var navToggler = document.querySelector("[data-nav-toggler]");
    var navLinks = document.querySelector("[data-nav-links]");
    if (navToggler && navLinks && window.bootstrap && window.bootstrap.Collapse) {
      navLinks.classList.add("collapse");
      navToggler.hidden = false;
      navLinks.addEventListener("keydown", function (event) {
        var folding = navToggler.offsetParent !== null;  // the button shows: a small screen
        var open = navToggler.getAttribute("aria-expanded") === "true";
        if (event.key === "Escape" && folding && open) {
          window.bootstrap.Collapse.getOrCreateInstance(navLinks, { toggle: false }).hide();
          navToggler.focus();
        }
      });
    }

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

    // Character counts for limited text boxes. A box drawn by core.forms.CountedTextarea
    // has its limit in data-maxlength and a line under it to count in; any other text box
    // with maxlength loses the attribute (which silently cuts a long paste short) and gets
    // a line here. Too long a text is then kept whole, and the form says what to cut.
    document.querySelectorAll("textarea[data-maxlength], textarea[maxlength]").forEach(function (box) {
      var limit = parseInt(box.getAttribute("data-maxlength") || box.getAttribute("maxlength"), 10);
      if (!limit || !box.id) return;
      box.removeAttribute("maxlength");
      box.setAttribute("data-maxlength", String(limit));
      var count = document.getElementById(box.id + "-count");
      if (!count) {
        count = document.createElement("div");
        count.className = "form-text sv-char-count";
        count.id = box.id + "-count";
        box.insertAdjacentElement("afterend", count);
        var described = box.getAttribute("aria-describedby");
        box.setAttribute("aria-describedby", (described ? described + " " : "") + count.id);
      }
      var words = function (name, fallback) { return count.getAttribute("data-" + name) || fallback; };
      // Screen readers hear the count once typing pauses, not at every key.
      var live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      count.insertAdjacentElement("afterend", live);
      var timer = null;
      var update = function (announce) {
        // The form counts a line break as two characters (the browser sends CR LF).
        var length = box.value.replace(/\r?\n/g, "\r\n").length;
        var left = limit - length;
        var n = Math.abs(left);
        var text;
        if (left >= 0) {
          text = n === 1 ? words("left-one", "You have 1 character left")
            : words("left", "You have {n} characters left");
        } else {
          text = n === 1 ? words("over-one", "You have 1 character too many")
            : words("over", "You have {n} characters too many");
        }
        count.textContent = text.replace("{n}", n.toLocaleString("en-GB"));
        count.classList.toggle("sv-char-count-over", left < 0);
        if (announce) {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () { live.textContent = count.textContent; }, 1000);
        }
      };
      box.addEventListener("input", function () { update(true); });
      update(false);
    });

    // Panels drawn open (the pledge wall's filters) fold away on a phone, so the first
    // results are in view; their summary says how many filters are on.
    if (window.matchMedia && window.matchMedia("(max-width: 767.98px)").matches) {
      document.querySelectorAll("details[data-fold-on-small-screens]").forEach(function (details) {
        details.open = false;
      });
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
