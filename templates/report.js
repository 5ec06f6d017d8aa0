/* nestaudit report: filters, search, copy buttons, print expansion. Reads only the DOM
   (data-* attributes and text); no data is embedded in this script. */
(function () {
  "use strict";

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function checked(section, kind) {
    var state = {};
    each(section, 'input[data-filter="' + kind + '"]', function (box) {
      state[box.value] = box.checked;
    });
    return state;
  }

  function apply(section) {
    var outcomes = checked(section, "outcome");
    var severities = checked(section, "severity");
    var search = section.querySelector("input.search");
    var query = search ? search.value.trim().toLowerCase() : "";
    var shown = 0;
    var total = 0;
    each(section, ".finding", function (finding) {
      /* a group card stands for data-count findings of one rule and outcome */
      var count = parseInt(finding.getAttribute("data-count") || "1", 10);
      total += count;
      var visible = outcomes[finding.getAttribute("data-outcome")] !== false &&
        severities[finding.getAttribute("data-severity")] !== false &&
        (query === "" || finding.textContent.toLowerCase().indexOf(query) !== -1);
      finding.hidden = !visible;
      if (visible) { shown += count; }
    });
    var counter = section.querySelector(".shown");
    if (counter) { counter.textContent = shown + " of " + total + " findings shown"; }
    var empty = section.querySelector(".empty");
    if (empty) { empty.hidden = shown !== 0; }
  }

  function setAll(section, open) {
    each(section, ".finding", function (finding) { finding.open = open; });
  }

  each(document, ".findings-section", function (section) {
    each(section, "input[data-filter]", function (box) {
      box.addEventListener("change", function () { apply(section); });
    });
    var search = section.querySelector("input.search");
    if (search) { search.addEventListener("input", function () { apply(section); }); }
    var buttons = {
      ".expand-all": function () { setAll(section, true); },
      ".collapse-all": function () { setAll(section, false); },
      ".problems-only": function () {
        each(section, 'input[data-filter="outcome"]', function (box) {
          box.checked = ["fail", "error", "unknown"].indexOf(box.value) !== -1;
        });
        apply(section);
      },
      ".reset": function () {
        each(section, "input[data-filter]", function (box) { box.checked = true; });
        if (search) { search.value = ""; }
        apply(section);
      }
    };
    Object.keys(buttons).forEach(function (selector) {
      var button = section.querySelector(selector);
      if (button) { button.addEventListener("click", buttons[selector]); }
    });
    apply(section);
  });

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function flash(button, text) {
    button.textContent = text;
    button.classList.toggle("copied", text === "Copied");
    window.setTimeout(function () {
      button.textContent = "Copy";
      button.classList.remove("copied");
    }, 1500);
  }

  each(document, "button.copy", function (button) {
    button.addEventListener("click", function () {
      var code = button.closest(".code").querySelector("pre code");
      var text = code ? code.textContent : "";
      var done = function () { flash(button, "Copied"); };
      var fallback = function () { flash(button, fallbackCopy(text) ? "Copied" : "Select and copy"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });

  /* Print every finding expanded; restore the reader's view afterwards. */
  var closedBeforePrint = [];
  window.addEventListener("beforeprint", function () {
    closedBeforePrint = [];
    each(document, "details", function (d) {
      if (!d.open) { closedBeforePrint.push(d); d.open = true; }
    });
  });
  window.addEventListener("afterprint", function () {
    closedBeforePrint.forEach(function (d) { d.open = false; });
    closedBeforePrint = [];
  });
}());
