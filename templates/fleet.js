/* nestaudit fleet page: builds the host table from the embedded JSON, a page of rows at a
   time, so that 10,000 hosts stay usable. Text from the hosts goes into the page as text
   (textContent), never as markup. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("fleet-data").textContent);
  var S = D.strings;
  var PAGE = 200;
  var shown = [];
  var drawn = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function readyWord(r) { return r === null ? "unknown" : (r ? "yes" : "no"); }
  function $(id) { return document.getElementById(id); }

  function options(select, words) {
    words.forEach(function (w, i) {
      var o = el("option", null, w);
      o.value = String(i);
      select.appendChild(o);
    });
  }

  function card(title, entries, onPick) {
    var c = el("div", "card");
    c.appendChild(el("h3", null, title));
    entries.forEach(function (e) {
      var b = el("button");
      b.type = "button";
      b.appendChild(el("span", e.cls || null, e.label));
      b.appendChild(el("span", "n", String(e.n)));
      b.addEventListener("click", function () { onPick(e.value); });
      c.appendChild(b);
    });
    return c;
  }

  function totals() {
    var box = $("totals");
    box.appendChild(card("Hosts", [{ label: "judged", n: D.totals.hosts, value: "" },
      { label: "inputs not judged", n: D.errors.length, value: "" },
      { label: "nesting chains", n: D.totals.chains, value: "" }], function () { pick("", ""); }));
    box.appendChild(card("Support class", D.support.map(function (s, i) {
      return { label: s, n: D.totals.support[s] || 0, value: String(i), cls: "s-" + s };
    }), function (v) { $("f-support").value = v; filter(); }));
    box.appendChild(card("Ready for nested guests", ["yes", "no", "unknown"].map(function (r) {
      return { label: r, n: D.totals.ready[r] || 0, value: r };
    }), function (v) { $("f-ready").value = v; filter(); }));
  }

  function pick(support, ready) {
    $("f-support").value = support; $("f-ready").value = ready; filter();
  }

  function header() {
    var head = $("head");
    ["Host", "Role", "Support", "Ready"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    D.lims.forEach(function (lim, i) {
      var th = el("th", "lim", lim[0]);
      th.title = lim[0] + ": " + lim[1];
      th.addEventListener("click", function () {
        $("f-lim").value = String(i);
        if ($("f-outcome").value === "") { $("f-outcome").value = "0"; }
        filter();
      });
      head.appendChild(th);
    });
    var legend = $("legend");
    D.outcomes.forEach(function (o, i) {
      var s = el("span");
      s.appendChild(el("i", "o" + i));
      s.appendChild(document.createTextNode(o.replace("_", " ")));
      legend.appendChild(s);
    });
    legend.appendChild(document.createTextNode(" (the most urgent outcome of each limitation's checks; click a column to filter)"));
  }

  function matches(h, q, support, ready, role, lim, outcome) {
    if (support !== "" && h[2] !== +support) { return false; }
    if (ready !== "" && readyWord(h[3]) !== ready) { return false; }
    if (role !== "" && h[1] !== +role) { return false; }
    if (lim !== "") {
      var c = h[4].charAt(+lim);
      if (outcome !== "" ? c !== outcome : c === "-") { return false; }
    } else if (outcome !== "" && h[4].indexOf(outcome) === -1) { return false; }
    if (q) {
      var text = (h[0] + " " + S[h[5]]).toLowerCase();
      if (text.indexOf(q) === -1 && !h[7].some(function (f) { return S[f[0]].toLowerCase().indexOf(q) !== -1; })) {
        return false;
      }
    }
    return true;
  }

  function filter() {
    var q = $("search").value.trim().toLowerCase();
    var a = [$("f-support").value, $("f-ready").value, $("f-role").value, $("f-lim").value, $("f-outcome").value];
    shown = [];
    for (var i = 0; i < D.hosts.length; i++) {
      if (matches(D.hosts[i], q, a[0], a[1], a[2], a[3], a[4])) { shown.push(i); }
    }
    $("rows").textContent = "";
    drawn = 0;
    more();
  }

  function more() {
    var body = $("rows");
    var end = Math.min(shown.length, drawn + PAGE);
    var frag = document.createDocumentFragment();
    for (; drawn < end; drawn++) { frag.appendChild(row(shown[drawn])); }
    body.appendChild(frag);
    $("shown").textContent = drawn + " of " + shown.length + " matching hosts shown (" + D.hosts.length + " in all)";
    $("more").hidden = drawn >= shown.length;
  }

  function row(i) {
    var h = D.hosts[i];
    var tr = el("tr", "host");
    tr.appendChild(el("td", null, h[0]));
    tr.appendChild(el("td", null, D.roles[h[1]]));
    tr.appendChild(el("td", "s-" + D.support[h[2]], D.support[h[2]]));
    tr.appendChild(el("td", null, readyWord(h[3])));
    for (var k = 0; k < h[4].length; k++) {
      var c = h[4].charAt(k);
      var td = el("td", "cell" + (c === "-" ? "" : " o" + c));
      td.title = D.lims[k][0] + ": " + (c === "-" ? "not checked" : D.outcomes[+c]);
      tr.appendChild(td);
    }
    tr.addEventListener("click", function () { toggle(tr, i); });
    return tr;
  }

  function toggle(tr, i) {
    var next = tr.nextSibling;
    if (next && next.className === "detail") { next.parentNode.removeChild(next); return; }
    var h = D.hosts[i];
    var d = el("tr", "detail");
    var td = el("td");
    td.colSpan = 4 + D.lims.length;
    td.appendChild(el("div", null, "input: " + S[h[5]]));
    var reasons = el("ul", "reasons");
    h[6].forEach(function (r) { reasons.appendChild(el("li", null, S[r])); });
    td.appendChild(reasons);
    if (!h[7].length) { td.appendChild(el("p", null, "Every check passed or did not apply.")); }
    h[7].forEach(function (f) {
      var box = el("div", "finding k" + f[2]);
      var title = el("div");
      title.appendChild(el("span", "rule", S[f[0]]));
      title.appendChild(document.createTextNode(" " + D.lims[f[1]][0] + " \u00b7 " + D.outcomes[f[2]] +
        " \u00b7 " + S[f[3]] + " \u00b7 " + S[f[4]]));
      box.appendChild(title);
      box.appendChild(el("div", null, S[f[5]]));
      f[6].forEach(function (fix) { box.appendChild(el("pre", null, S[fix])); });
      td.appendChild(box);
    });
    d.appendChild(td);
    tr.parentNode.insertBefore(d, tr.nextSibling);
  }

  function errors() {
    if (!D.errors.length) { return; }
    $("errors").hidden = false;
    var list = $("error-list");
    D.errors.forEach(function (e) { list.appendChild(el("li", null, e[1])); });
  }

  $("meta").textContent = D.meta;
  options($("f-support"), D.support);
  options($("f-role"), D.roles);
  options($("f-lim"), D.lims.map(function (l) { return l[0]; }));
  options($("f-outcome"), D.outcomes);
  totals();
  header();
  errors();
  ["search", "f-support", "f-ready", "f-role", "f-lim", "f-outcome"].forEach(function (id) {
    $(id).addEventListener(id === "search" ? "input" : "change", filter);
  });
  $("more").addEventListener("click", more);
  filter();
}());
