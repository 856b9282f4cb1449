/* auditor HTML report: renders the JSON embedded in the page.
   Safety: this script never parses HTML; it builds nodes and sets textContent, and it
   links only http(s) URLs. Scale: an article's text is turned into DOM only when it is
   opened; the overview lists the articles a page at a time. */
(function () {
  "use strict";
  var ARTICLES = JSON.parse(document.getElementById("auditor-articles").textContent);
  var META = JSON.parse(document.getElementById("auditor-meta").textContent);
  var RULES = META.rules || {};
  var FIX = META.kind === "fix";
  var FAMILY_ORDER = ["residue", "typography", "calque", "grammar", "gender", "untranslated", "fluency", "source"];
  var SEVERITIES = ["error", "warning", "info"];
  var PAGE = 50;
  var overviewEl = document.getElementById("overview");
  var articleEl = document.getElementById("article");
  var filtersEl = document.getElementById("filters");
  var tip = document.getElementById("tip");
  var statusEl = document.getElementById("status");

  /* -- helpers ------------------------------------------------------------------------ */
  function h(tag, props, children) {
    var e = document.createElement(tag);
    setProps(e, props);
    append(e, children);
    return e;
  }
  function svg(tag, props, children) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    setProps(e, props);
    append(e, children);
    return e;
  }
  function setProps(e, props) {
    if (!props) return;
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") e.textContent = String(v);
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    });
  }
  function append(e, children) {
    if (!children) return;
    (Array.isArray(children) ? children : [children]).forEach(function (c) {
      if (c !== null && c !== undefined && c !== false) e.append(c);  /* strings become text nodes */
    });
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u) ? u : null; }
  function extLink(url, text) {
    var u = safeUrl(url);
    return u ? h("a", {href: u, target: "_blank", rel: "noopener noreferrer"}, text || u) : (text || url || "");
  }
  function cls(s) { return String(s || "other").toLowerCase().replace(/[^a-z0-9_-]/g, ""); }
  function ruleOf(code) { return RULES[code] || {name: "", family: "other", url: ""}; }
  function familyOf(code) { return ruleOf(code).family || "other"; }
  function famClass(family) { return "fam-" + (FAMILY_ORDER.indexOf(family) >= 0 ? family : "other"); }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }
  function quote(s) { return "\u201c" + s + "\u201d"; }
  function label(a) { return a.title || a.path || a.id || "(untitled)"; }
  function where(a) {  /* path#id for an article of a container file (a text file's id is its path) */
    var path = a.path || "<stdin>";
    return path + (a.id && path.slice(-a.id.length) !== a.id ? "#" + a.id : "");
  }
  /* an origin is a rule code, "model", "mt-model" (re-translation), or several merged with "+" */
  function originLabel(o) {
    return String(o).split("+").map(function (p) { return p === "model" ? "model" : p === "mt-model" ? "re-translation" : "rule " + p; }).join(" + ");
  }
  function host(a) {
    if (!safeUrl(a.url)) return "";
    try { return new URL(a.url).hostname; } catch (e) { return ""; }
  }
  function debounce(fn, ms) {
    var t = null;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }
  function announce(text) { statusEl.textContent = text; }

  ARTICLES.forEach(function (a, i) {
    a.i = i;
    a.findings = a.findings || [];
    a.langs = [a.src, a.tf && a.tf.lang].filter(Boolean);
  });
  var FAMILIES = FAMILY_ORDER.slice();
  Object.keys(RULES).forEach(function (c) { var f = familyOf(c); if (FAMILIES.indexOf(f) < 0) FAMILIES.push(f); });
  var presentFamilies = {};
  var ruleTotals = {};
  ARTICLES.forEach(function (a) {
    a.findings.forEach(function (f) { presentFamilies[familyOf(f.code)] = 1; ruleTotals[f.code] = (ruleTotals[f.code] || 0) + 1; });
  });

  /* -- state and the URL fragment -------------------------------------------------------- */
  function defaults() {
    return {view: "overview", a: -1, f: -1, fam: [], rule: [], sev: [], site: "", lang: "", rmin: 0, rmax: 100,
            q: "", n: PAGE, tab: FIX ? "fix" : "findings", layout: "inline", labels: true};
  }
  var state = defaults();
  function list(v) { return v ? v.split(",").filter(Boolean) : []; }
  function parseHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    var s = defaults();
    if (p.get("view") === "article") s.view = "article";
    s.a = parseInt(p.get("a"), 10); if (isNaN(s.a)) s.a = -1;
    s.f = parseInt(p.get("f"), 10); if (isNaN(s.f)) s.f = -1;
    s.fam = list(p.get("fam")); s.rule = list(p.get("rule")); s.sev = list(p.get("sev"));
    s.site = p.get("site") || ""; s.lang = p.get("lang") || ""; s.q = p.get("q") || "";
    var risk = (p.get("risk") || "").split("-");
    if (risk.length === 2) {
      s.rmin = clampRisk(parseFloat(risk[0]), 0); s.rmax = clampRisk(parseFloat(risk[1]), 100);
    }
    s.n = Math.max(PAGE, parseInt(p.get("n"), 10) || PAGE);
    if (p.get("tab") === "findings" || p.get("tab") === "fix") s.tab = p.get("tab");
    if (p.get("layout") === "side") s.layout = "side";
    s.labels = p.get("labels") !== "0";
    if (s.view === "article" && !ARTICLES[s.a]) s.view = "overview";
    state = s;
  }
  function clampRisk(v, d) { return isNaN(v) ? d : Math.min(100, Math.max(0, v)); }
  function hashOf(s) {
    var p = new URLSearchParams();
    var d = defaults();
    if (s.view === "article") { p.set("view", "article"); p.set("a", s.a); if (s.f >= 0) p.set("f", s.f); }
    if (s.fam.length) p.set("fam", s.fam.join(","));
    if (s.rule.length) p.set("rule", s.rule.join(","));
    if (s.sev.length) p.set("sev", s.sev.join(","));
    if (s.site) p.set("site", s.site);
    if (s.lang) p.set("lang", s.lang);
    if (s.rmin > 0 || s.rmax < 100) p.set("risk", s.rmin + "-" + s.rmax);
    if (s.q) p.set("q", s.q);
    if (s.n !== PAGE && s.view === "overview") p.set("n", s.n);
    if (s.view === "article" && s.tab !== d.tab) p.set("tab", s.tab);
    if (s.layout !== "inline") p.set("layout", s.layout);
    if (!s.labels) p.set("labels", "0");
    return "#" + p.toString();
  }
  function withState(changes) {
    var s = Object.assign({}, state, changes);
    return hashOf(s);
  }
  /* push: a new history entry (navigation); otherwise the fragment is replaced (filters) */
  function go(changes, push) {
    var target = withState(changes);
    if (push) { location.hash = target; return; }  /* hashchange renders */
    Object.assign(state, changes);
    history.replaceState(null, "", target);
    render();
  }
  function quietly(changes) { Object.assign(state, changes); history.replaceState(null, "", hashOf(state)); }

  /* -- filters -------------------------------------------------------------------------- */
  function findingFilterOn() { return state.fam.length || state.rule.length || state.sev.length; }
  function findingPasses(f) {
    return !(state.fam.length && state.fam.indexOf(familyOf(f.code)) < 0) &&
      !(state.rule.length && state.rule.indexOf(f.code) < 0) &&
      !(state.sev.length && state.sev.indexOf(f.sev) < 0);
  }
  function editCodes(e) {
    return String(e.origin).split("+").reduce(function (acc, p) {
      return acc.concat(p === "model" || p === "mt-model" ? (e.ev && e.ev.codes) || [] : [p]);
    }, []);
  }
  function editPasses(e) {
    if (!state.fam.length && !state.rule.length) return true;
    return editCodes(e).some(function (c) {
      return !(state.fam.length && state.fam.indexOf(familyOf(c)) < 0) && !(state.rule.length && state.rule.indexOf(c) < 0);
    });
  }
  function haystack(a) {
    if (a.hay === undefined) {
      a.hay = [a.title, a.path, a.id, a.url, a.text].concat(a.findings.map(function (f) { return f.code + " " + f.msg; }))
        .join("\n").toLowerCase();
    }
    return a.hay;
  }
  function articlePasses(a) {
    var ranged = state.rmin > 0 || state.rmax < 100;
    if (ranged && (a.risk === null || a.risk === undefined || a.risk < state.rmin || a.risk > state.rmax)) return false;
    if (state.site && (a.url + "\n" + a.path + "\n" + a.id).toLowerCase().indexOf(state.site.toLowerCase()) < 0) return false;
    if (state.lang === "none" ? a.langs.length : state.lang && a.langs.indexOf(state.lang) < 0) return false;
    if (state.q && haystack(a).indexOf(state.q.toLowerCase()) < 0) return false;
    if (findingFilterOn()) {
      if (!a.findings.some(findingPasses) && !(a.edits || []).some(function (e) { return state.sev.length === 0 && editPasses(e); })) return false;
    }
    return true;
  }
  function applied(a) { return (a.edits || []).filter(function (e) { return e.status === "applied"; }).length; }
  var visibleCache = {key: null, list: null};
  function visibleArticles() {
    var key = JSON.stringify([state.fam, state.rule, state.sev, state.site, state.lang, state.rmin, state.rmax, state.q]);
    if (visibleCache.key !== key) {
      var out = ARTICLES.filter(articlePasses);
      out.sort(function (x, y) {
        var rx = x.risk === null || x.risk === undefined ? -1 : x.risk, ry = y.risk === null || y.risk === undefined ? -1 : y.risk;
        return (ry - rx) || (applied(y) - applied(x)) || (x.i - y.i);
      });
      visibleCache = {key: key, list: out};
    }
    return visibleCache.list;
  }

  function chip(text, pressed, onclick, famName) {
    var b = h("button", {type: "button", "class": "chip" + (famName ? " " + famClass(famName) : ""),
                         "aria-pressed": pressed ? "true" : "false", onclick: onclick});
    if (famName) b.append(h("span", {"class": "swatch", "aria-hidden": "true"}));
    b.append(text);
    return b;
  }
  function toggle(arr, v) { return arr.indexOf(v) >= 0 ? arr.filter(function (x) { return x !== v; }) : arr.concat([v]); }

  var controls = {};
  function buildFilters() {
    var q = h("input", {type: "search", id: "f-q", placeholder: "text, title, message", "aria-describedby": "f-count"});
    var site = h("input", {type: "text", id: "f-site", list: "f-sites", placeholder: "host or path"});
    var hosts = {};
    ARTICLES.forEach(function (a) { var x = host(a); if (x) hosts[x] = 1; });
    var sites = h("datalist", {id: "f-sites"}, Object.keys(hosts).sort().slice(0, 500).map(function (x) { return h("option", {value: x}); }));
    var langs = {};
    ARTICLES.forEach(function (a) { a.langs.forEach(function (l) { langs[l] = (langs[l] || 0) + 1; }); });
    var lang = h("select", {id: "f-lang"}, [h("option", {value: ""}, "any")].concat(Object.keys(langs).sort().map(function (l) {
      return h("option", {value: l}, l + " (" + fmt(langs[l]) + ")");
    })).concat([h("option", {value: "none"}, "none known")]));
    var rule = h("select", {id: "f-rule"}, [h("option", {value: ""}, "any rule")].concat(Object.keys(ruleTotals).sort().map(function (c) {
      return h("option", {value: c}, c + " " + ruleOf(c).name + " (" + fmt(ruleTotals[c]) + ")");
    })));
    var rmin = h("input", {type: "number", id: "f-rmin", min: 0, max: 100, step: 1, "aria-label": "minimum MT risk"});
    var rmax = h("input", {type: "number", id: "f-rmax", min: 0, max: 100, step: 1, "aria-label": "maximum MT risk"});
    var fam = h("div", {"class": "chips", id: "f-fam"});
    var sev = h("div", {"class": "chips", id: "f-sev"});
    var labels = h("input", {type: "checkbox", id: "f-labels"});
    controls = {q: q, site: site, lang: lang, rule: rule, rmin: rmin, rmax: rmax, fam: fam, sev: sev, labels: labels};
    var later = debounce(function () {
      go({q: q.value.trim(), site: site.value.trim(), rmin: clampRisk(parseFloat(rmin.value), 0),
          rmax: clampRisk(parseFloat(rmax.value), 100), n: PAGE});
    }, 200);
    [q, site, rmin, rmax].forEach(function (c) { c.addEventListener("input", later); });
    lang.addEventListener("change", function () { go({lang: lang.value, n: PAGE}); });
    rule.addEventListener("change", function () { go({rule: rule.value ? [rule.value] : [], n: PAGE}); });
    labels.addEventListener("change", function () { go({labels: labels.checked}); });
    append(filtersEl, [
      h("label", {"for": "f-q"}, "Search"), q,
      h("fieldset", null, [h("legend", null, "Family"), fam]),
      h("fieldset", null, [h("legend", null, "Severity"), sev]),
      h("label", {"for": "f-rule"}, "Rule"), rule,
      h("label", {"for": "f-site"}, "Site or URL"), site, sites,
      h("label", {"for": "f-lang"}, "Source language"), lang,
      h("fieldset", null, [h("legend", null, "MT risk (0-100)"), rmin, " to ", rmax]),
      h("p", null, [h("label", {"for": "f-labels"}, [labels, " rule codes on highlights"])]),
      h("p", null, h("button", {type: "button", "class": "plain", id: "f-reset", onclick: function () {
        go({fam: [], rule: [], sev: [], site: "", lang: "", rmin: 0, rmax: 100, q: "", n: PAGE});
      }}, "Reset filters")),
      h("p", {id: "f-count", "class": "count"})
    ]);
  }
  function syncFilters() {
    var c = controls;
    if (document.activeElement !== c.q) c.q.value = state.q;
    if (document.activeElement !== c.site) c.site.value = state.site;
    if (document.activeElement !== c.rmin) c.rmin.value = state.rmin;
    if (document.activeElement !== c.rmax) c.rmax.value = state.rmax;
    c.lang.value = state.lang;
    c.rule.value = state.rule.length === 1 ? state.rule[0] : "";
    c.labels.checked = state.labels;
    document.body.classList.toggle("nolabels", !state.labels);
    var famFocus = document.activeElement && document.activeElement.parentNode === c.fam ? document.activeElement.dataset.v : null;
    c.fam.replaceChildren.apply(c.fam, FAMILIES.filter(function (f) { return presentFamilies[f] || state.fam.indexOf(f) >= 0; }).map(function (f) {
      var b = chip(f, state.fam.indexOf(f) >= 0, function () { go({fam: toggle(state.fam, f), n: PAGE}); }, f);
      b.dataset.v = f;
      return b;
    }));
    var sevFocus = document.activeElement && document.activeElement.parentNode === c.sev ? document.activeElement.dataset.v : null;
    c.sev.replaceChildren.apply(c.sev, SEVERITIES.map(function (s) {
      var b = chip(s, state.sev.indexOf(s) >= 0, function () { go({sev: toggle(state.sev, s), n: PAGE}); });
      b.dataset.v = s;
      return b;
    }));
    [[c.fam, famFocus], [c.sev, sevFocus]].forEach(function (pair) {
      if (pair[1] === null) return;
      Array.prototype.forEach.call(pair[0].children, function (b) { if (b.dataset.v === pair[1]) b.focus(); });
    });
    document.getElementById("f-count").textContent = fmt(visibleArticles().length) + " of " + plural(ARTICLES.length, "article") + " shown";
  }

  /* -- charts (inline SVG) ------------------------------------------------------------------ */
  function barChart(title, rows, onSelect) {
    var longest = Math.max.apply(null, [4].concat(rows.map(function (r) { return Math.min(24, r.label.length); })));
    var lw = 10 + 7 * longest, bw = 200, rh = 20, max = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.value; })));
    var s = svg("svg", {"class": "chart", viewBox: "0 0 " + (lw + bw + 60) + " " + Math.max(rh, rows.length * rh + 4),
                        role: "img", "aria-label": title + ": " + rows.map(function (r) { return r.label + " " + r.value; }).join(", ")});
    s.append(svg("title", null, title));
    rows.forEach(function (r, i) {
      var y = i * rh + 2, w = Math.max(r.value ? 2 : 0, Math.round(bw * r.value / max));
      var g = svg("g", {"class": r.cls || ""}, [
        svg("text", {x: lw - 6, y: y + 14, "text-anchor": "end"}, r.label.length > 24 ? r.label.slice(0, 23) + "\u2026" : r.label),
        svg("rect", {"class": "bar", x: lw, y: y + 3, width: w, height: rh - 6}),
        svg("text", {x: lw + w + 4, y: y + 14}, fmt(r.value))
      ]);
      if (onSelect && r.key !== undefined) {
        g.setAttribute("role", "button"); g.setAttribute("tabindex", "0");
        g.setAttribute("aria-label", "filter: " + r.label);
        g.addEventListener("click", function () { onSelect(r.key); });
        g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onSelect(r.key); } });
      }
      s.append(g);
    });
    return h("figure", {"class": "chart"}, [h("figcaption", null, title), s]);
  }
  function histogram(title, bins, onSelect) {
    var W = 380, H = 150, pad = 24, bw = (W - pad) / bins.length, max = Math.max.apply(null, [1].concat(bins));
    var s = svg("svg", {"class": "chart", viewBox: "0 0 " + W + " " + (H + 30), role: "img",
                        "aria-label": title + ": " + bins.map(function (b, i) { return (i * 10) + "-" + (i * 10 + 10) + " " + b; }).join(", ")});
    s.append(svg("title", null, title));
    bins.forEach(function (b, i) {
      var hgt = Math.round((H - 16) * b / max), x = pad + i * bw;
      var g = svg("g", {role: "button", tabindex: 0, "aria-label": "MT risk " + (i * 10) + " to " + (i * 10 + 10) + ": " + b + " articles"}, [
        svg("rect", {"class": "bar", x: x + 2, y: H - hgt, width: bw - 4, height: hgt}),
        svg("text", {x: x + bw / 2, y: H - hgt - 3, "text-anchor": "middle"}, b ? fmt(b) : ""),
        svg("text", {x: x + bw / 2, y: H + 14, "text-anchor": "middle"}, String(i * 10))
      ]);
      g.addEventListener("click", function () { onSelect(i); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onSelect(i); } });
      s.append(g);
    });
    s.append(svg("text", {x: W / 2, y: H + 28, "text-anchor": "middle"}, "MT risk (0-100)"));
    return h("figure", {"class": "chart"}, [h("figcaption", null, title), s]);
  }

  /* -- overview ----------------------------------------------------------------------------- */
  function renderOverview() {
    var arts = visibleArticles();
    var words = 0, nf = 0, byFam = {}, bySev = {error: 0, warning: 0, info: 0}, byRule = {}, bins = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], from = {};
    var edits = {applied: 0, display: 0, skipped: 0, rejected: 0};
    arts.forEach(function (a) {
      words += a.words || 0;
      a.findings.forEach(function (f) {
        if (!findingPasses(f)) return;
        nf++;
        var fam = familyOf(f.code);
        byFam[fam] = (byFam[fam] || 0) + 1;
        bySev[f.sev] = (bySev[f.sev] || 0) + 1;
        byRule[f.code] = (byRule[f.code] || 0) + 1;
      });
      if (a.risk !== null && a.risk !== undefined) bins[Math.min(9, Math.floor(a.risk / 10))]++;
      var tf = a.tf ? a.tf.lang : "none";
      from[tf] = (from[tf] || 0) + 1;
      (a.edits || []).forEach(function (e) { if (editPasses(e)) edits[e.status] = (edits[e.status] || 0) + 1; });
    });
    var cards = [["articles", fmt(arts.length) + (arts.length !== ARTICLES.length ? " / " + fmt(ARTICLES.length) : "")],
                 ["words", fmt(words)], ["findings", fmt(nf)], ["errors", fmt(bySev.error)], ["warnings", fmt(bySev.warning)], ["info", fmt(bySev.info)]];
    if (FIX) cards.push(["edits applied", fmt(edits.applied)], ["not applied", fmt((edits.display || 0) + (edits.skipped || 0))], ["rejected", fmt(edits.rejected || 0)]);
    var famRows = FAMILIES.filter(function (f) { return byFam[f]; }).map(function (f) { return {label: f, value: byFam[f], cls: famClass(f), key: f}; });
    var ruleRows = Object.keys(byRule).sort(function (x, y) { return byRule[y] - byRule[x] || (x < y ? -1 : 1); }).slice(0, 15)
      .map(function (c) { return {label: c + " " + ruleOf(c).name, value: byRule[c], cls: famClass(familyOf(c)), key: c}; });
    var fromRows = Object.keys(from).sort(function (x, y) { return from[y] - from[x]; }).slice(0, 12).map(function (l) { return {label: l, value: from[l], key: l}; });
    var charts = [
      barChart("Findings by family", famRows, function (k) { go({fam: toggle(state.fam, k), n: PAGE}); }),
      barChart("Findings by severity", SEVERITIES.map(function (s) { return {label: s, value: bySev[s] || 0, key: s}; }), function (k) { go({sev: toggle(state.sev, k), n: PAGE}); }),
      barChart("Findings by rule (top 15)", ruleRows, function (k) { go({rule: state.rule.length === 1 && state.rule[0] === k ? [] : [k], n: PAGE}); }),
      barChart("Translated from (guess)", fromRows, function (k) { go({lang: state.lang === k ? "" : k, n: PAGE}); })
    ];
    if (!FIX) charts.splice(2, 0, histogram("MT-risk histogram (articles)", bins, function (i) {
      var on = state.rmin === i * 10 && state.rmax === i * 10 + 10;
      go({rmin: on ? 0 : i * 10, rmax: on ? 100 : i * 10 + 10, n: PAGE});
    }));
    var legend = h("p", {"class": "legend", "aria-label": "family colours"}, FAMILIES.filter(function (f) { return presentFamilies[f]; }).map(function (f) {
      return h("span", {"class": famClass(f)}, [h("span", {"class": "swatch", "aria-hidden": "true"}), f]);
    }));
    overviewEl.replaceChildren(
      h("h2", null, FIX ? "Fixes" : "Overview"),
      h("ul", {"class": "cards"}, cards.map(function (c) { return h("li", null, [h("b", null, c[1]), c[0]]); })),
      legend,
      h("div", {"class": "charts"}, charts),
      h("h2", {id: "list-title"}, FIX ? "Articles, most edits first" : "Articles, riskiest first"),
      articleTable(arts)
    );
  }
  function sevCounts(a) {
    var c = {error: 0, warning: 0, info: 0};
    a.findings.forEach(function (f) { if (findingPasses(f)) c[f.sev]++; });
    return c;
  }
  function articleTable(arts) {
    if (!arts.length) return h("p", {"class": "empty-note"}, ARTICLES.length ? "No article matches the filters." : "The report holds no article.");
    var head = ["#", "MT risk", "article", "site / file", "from", "words", "findings"];
    if (FIX) head.push("edits");
    var rows = arts.slice(0, state.n).map(function (a, k) {
      var c = sevCounts(a);
      var risk = a.risk === null || a.risk === undefined ? h("td", {"class": "num"}, "-") : h("td", {"class": "num"}, [
        a.risk.toFixed(1), h("span", {"class": "meter", "aria-hidden": "true"}, h("span", {"data-w": a.risk}))]);
      var cells = [h("td", {"class": "num"}, String(k + 1)), risk,
        h("td", null, h("a", {href: withState({view: "article", a: a.i, f: -1}), "class": "open"}, label(a))),
        h("td", {"class": "path"}, host(a) || where(a)),
        h("td", null, a.tf ? a.tf.lang + " (" + a.tf.confidence.toFixed(2) + ")" : a.src || ""),
        h("td", {"class": "num"}, fmt(a.words || 0)),
        h("td", null, [c.error ? h("span", {"class": "sev sev-error"}, c.error + " error") : null, " ",
                       c.warning ? h("span", {"class": "sev sev-warning"}, c.warning + " warning") : null, " ",
                       c.info ? h("span", {"class": "sev sev-info"}, c.info + " info") : null])];
      if (FIX) cells.push(h("td", {"class": "num"}, applied(a) + " / " + (a.edits || []).length));
      return h("tr", null, cells);
    });
    var table = h("table", {"aria-labelledby": "list-title"}, [
      h("thead", null, h("tr", null, head.map(function (t, i) { return h("th", {scope: "col", "class": i === 0 || i === 1 || i === 5 ? "num" : null}, t); }))),
      h("tbody", null, rows)]);
    table.querySelectorAll(".meter > span").forEach(function (m) { m.style.width = Math.min(100, parseFloat(m.dataset.w)) + "%"; });
    var more = arts.length > state.n ? h("button", {type: "button", "class": "plain", id: "more", onclick: function () {
      go({n: state.n + PAGE});
    }}, "Show " + Math.min(PAGE, arts.length - state.n) + " more (" + fmt(arts.length - state.n) + " left)") : null;
    return h("div", null, [table, more]);
  }

  /* -- article view: findings ------------------------------------------------------------------ */
  function shownFindings(a) {
    var out = [];
    a.findings.forEach(function (f, i) { if (findingPasses(f)) out.push({f: f, i: i}); });
    return out;
  }
  /* The text cut at every span boundary; a piece covered by several findings nests their
     marks (outermost first), so crossing spans are split into fragments that share data-fid.
     The first fragment of a finding is its focusable anchor (class "first"). */
  function highlighted(text, items) {
    var len = text.length, bounds = {0: 1};
    bounds[len] = 1;
    items.forEach(function (x) { bounds[Math.min(len, x.f.s)] = 1; bounds[Math.min(len, x.f.e)] = 1; });
    var cuts = Object.keys(bounds).map(Number).sort(function (x, y) { return x - y; });
    var frag = document.createDocumentFragment();
    var started = {};
    function markFor(x, level) {
      var first = !started[x.i];
      started[x.i] = 1;
      var fam = familyOf(x.f.code);
      var m = h("mark", {"class": "hl " + famClass(fam) + " sev-" + cls(x.f.sev) + " lv" + Math.min(level, 3) + (first ? " first" : ""),
                         "data-fid": x.i});
      if (first) {
        m.setAttribute("tabindex", "0");
        m.setAttribute("data-tag", x.f.code);
        m.setAttribute("aria-describedby", "tip");
        m.setAttribute("aria-label", x.f.code + " " + fam + " " + x.f.sev + ": " + text.slice(x.f.s, x.f.e));
      }
      return m;
    }
    for (var k = 0; k < cuts.length; k++) {
      var b0 = cuts[k];
      items.forEach(function (x) {  /* insertions: an empty mark at their point */
        if (x.f.s === x.f.e && Math.min(len, x.f.s) === b0) { var m = markFor(x, 0); m.classList.add("empty"); frag.append(m); }
      });
      if (k === cuts.length - 1) break;
      var b1 = cuts[k + 1];
      var node = document.createTextNode(text.slice(b0, b1));
      var active = items.filter(function (x) { return x.f.s <= b0 && x.f.e >= b1 && x.f.s < x.f.e; });
      active.sort(function (x, y) { return (y.f.s - x.f.s) || (x.f.e - y.f.e) || (y.i - x.i); });  /* innermost first */
      active.forEach(function (x, level) { var m = markFor(x, level); m.append(node); node = m; });
      /* anchors must be in document order: the outermost mark opens first */
      frag.append(node);
    }
    return frag;
  }
  function findingTip(a, f) {
    var r = ruleOf(f.code), fam = familyOf(f.code);
    var parts = [
      h("p", null, [h("span", {"class": "sev sev-" + cls(f.sev)}, f.sev), " ", h("b", null, f.code), " " + (r.name || "") + " \u00b7 ",
                    h("span", {"class": famClass(fam)}, [h("span", {"class": "swatch", "aria-hidden": "true"}), fam])]),
      h("p", {"class": "msg"}, f.msg),
      h("p", null, "confidence " + Number(f.conf).toFixed(2) + " \u00b7 line " + f.l[0] + ", column " + f.l[1])
    ];
    if (f.reps && f.reps.length) {
      parts.push(h("p", null, "Proposed replacements:"), h("ul", null, f.reps.map(function (rep) {
        var what = rep.content === "" ? "delete " + quote(a.text.slice(rep.s, rep.e)) : rep.s === rep.e ? "insert " + quote(rep.content) : quote(rep.content);
        return h("li", null, [what + " ", h("span", {"class": "app app-" + cls(rep.app)}, rep.app), rep.desc ? " " + rep.desc : ""]);
      })));
    }
    if (f.sx) parts.push(h("p", null, "source" + (f.sl ? " (" + f.sl + ")" : "") + ": " + quote(f.sx)));
    else if (f.sl) parts.push(h("p", null, "points to source language " + f.sl));
    if (safeUrl(r.url)) parts.push(h("p", null, "Documentation: " + r.url));
    return parts;
  }
  function showTip(anchor, parts) {
    tip.replaceChildren.apply(tip, parts);
    tip.hidden = false;
    var box = anchor.getBoundingClientRect();
    var left = Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  function hideTip() {
    tip.hidden = true;
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
  }
  function activate(container, attr, id) {
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
    container.querySelectorAll("[" + attr + "=\"" + id + "\"]").forEach(function (e) { e.classList.add("active"); });
  }
  function focusFinding(i) {
    var m = articleEl.querySelector("mark.first[data-fid=\"" + i + "\"]");
    if (!m) return;
    m.scrollIntoView({block: "center"});
    m.focus({preventScroll: true});
  }
  function stepFinding(dir) {
    var a = ARTICLES[state.a];
    if (state.view !== "article" || state.tab !== "findings" || !a) return;
    var ids = shownFindings(a).map(function (x) { return x.i; });
    if (!ids.length) return;
    var pos = ids.indexOf(state.f);
    var next = pos < 0 ? (dir > 0 ? 0 : ids.length - 1) : (pos + dir + ids.length) % ids.length;
    focusFinding(ids[next]);
  }
  function findingsPane(a) {
    var items = shownFindings(a);
    var textBox = h("div", {"class": "text", id: "article-text", lang: "en"});
    textBox.append(highlighted(a.text, items));
    textBox.addEventListener("focusin", function (ev) {
      var m = ev.target.closest && ev.target.closest("mark.first");
      if (!m) return;
      var i = Number(m.dataset.fid);
      quietly({f: i});
      activate(textBox, "data-fid", i);
      showTip(m, findingTip(a, a.findings[i]));
      var pos = items.map(function (x) { return x.i; }).indexOf(i);
      document.getElementById("finding-pos").textContent = "finding " + (pos + 1) + " of " + items.length;
    });
    textBox.addEventListener("focusout", function () { hideTip(); });
    textBox.addEventListener("mouseover", function (ev) {
      var m = ev.target.closest && ev.target.closest("mark.hl");
      if (!m) return;
      var i = Number(m.dataset.fid);
      activate(textBox, "data-fid", i);
      showTip(m, findingTip(a, a.findings[i]));
    });
    textBox.addEventListener("mouseleave", function () { if (!textBox.contains(document.activeElement)) hideTip(); });
    var hidden = a.findings.length - items.length;
    var nav = h("div", {"class": "bar-nav"}, [
      h("button", {type: "button", "class": "plain", id: "prev-finding", onclick: function () { stepFinding(-1); }}, "\u2190 previous finding (p)"),
      h("button", {type: "button", "class": "plain", id: "next-finding", onclick: function () { stepFinding(1); }}, "next finding (n) \u2192"),
      h("span", {id: "finding-pos"}, plural(items.length, "finding") + (hidden ? " shown, " + hidden + " hidden by the filters" : ""))
    ]);
    var side = h("div", {"class": "side"}, [h("h3", null, "Findings"), items.length ? h("ol", null, items.map(function (x) {
      var r = ruleOf(x.f.code), fam = familyOf(x.f.code);
      return h("li", null, [h("span", {"class": "sev sev-" + cls(x.f.sev)}, x.f.sev), " ",
        h("button", {type: "button", "class": "link", onclick: function () { focusFinding(x.i); }}, x.f.code + " " + (r.name || "")),
        " ", h("span", {"class": famClass(fam)}, [h("span", {"class": "swatch", "aria-hidden": "true"}), fam]),
        " \u00b7 ", extLink(r.url, "docs"), h("br"), x.f.msg]);
    })) : h("p", {"class": "empty-note"}, "No finding" + (hidden ? " matches the filters." : "."))]);
    if (a.errors && a.errors.length) side.append(h("p", null, "Rule errors: " + a.errors.join("; ")));
    if (a.baselined) side.append(h("p", null, plural(a.baselined, "finding") + " hidden by the baseline"));
    return [nav, h("div", {"class": "read"}, [textBox, side])];
  }

  /* -- article view: fixes --------------------------------------------------------------------- */
  function editTip(a, e, k) {
    var parts = [h("p", null, ["#" + (k + 1) + " " + e.status + " \u00b7 ", h("span", {"class": "app app-" + cls(e.app)}, e.app), " \u00b7 " + originLabel(e.origin)]),
                 h("p", {"class": "msg"}, quote(e.original) + " \u2192 " + quote(e.content))];
    if (e.desc) parts.push(h("p", null, e.desc));
    if (e.reason) parts.push(h("p", null, "reason: " + e.reason));
    if (e.ev) parts.push(h("pre", {"class": "ev"}, JSON.stringify(e.ev, null, 1)));
    return parts;
  }
  function editSpan(a, e, k, which) {
    var s = h("span", {"class": "edit", tabindex: 0, "data-eid": k, "aria-describedby": "tip",
                       "aria-label": "edit " + (k + 1) + ": " + e.original + " to " + e.content});
    if (which !== "ins") s.append(h("del", null, e.original || a.text.slice(e.s, e.e)));
    if (which !== "del") s.append(h("ins", null, e.content));
    s.append(h("sup", null, String(k + 1)));
    return s;
  }
  /* the original with the applied edits spliced in (equals the corrected text when every
     edit's offsets are into the original) */
  function spliced(a) {
    var out = "", pos = 0;
    a.edits.forEach(function (e) {
      if (e.status !== "applied" || e.s < pos) return;
      out += a.text.slice(pos, e.s) + e.content;
      pos = e.e;
    });
    return out + a.text.slice(pos);
  }
  function fixText(a, kind) {
    var box = h("div", {"class": "text"});
    var text = kind === "corrected" ? a.corrected : a.text, pos = 0;
    var edits = a.edits.map(function (e, k) { return {e: e, k: k}; }).filter(function (x) { return x.e.status === "applied"; });
    var shift = 0;
    if (kind === "corrected" && spliced(a) !== a.corrected) {  /* edits not in the original's offsets */
      box.append(a.corrected);
      return box;
    }
    edits.forEach(function (x) {
      var s = kind === "corrected" ? x.e.s + shift : x.e.s, end = kind === "corrected" ? s + x.e.content.length : x.e.e;
      if (s < pos || end > text.length) return;  /* overlapping or out of range: listed in the table only */
      box.append(text.slice(pos, s));
      box.append(editSpan(a, x.e, x.k, kind === "inline" ? "both" : kind === "corrected" ? "ins" : "del"));
      pos = end;
      shift += x.e.content.length - (x.e.e - x.e.s);
    });
    box.append(text.slice(pos));
    box.addEventListener("focusin", function (ev) {
      var s = ev.target.closest && ev.target.closest(".edit");
      if (!s) return;
      activate(articleEl, "data-eid", s.dataset.eid);
      showTip(s, editTip(a, a.edits[Number(s.dataset.eid)], Number(s.dataset.eid)));
    });
    box.addEventListener("mouseover", function (ev) {
      var s = ev.target.closest && ev.target.closest(".edit");
      if (s) showTip(s, editTip(a, a.edits[Number(s.dataset.eid)], Number(s.dataset.eid)));
    });
    box.addEventListener("focusout", hideTip);
    box.addEventListener("mouseleave", function () { if (!box.contains(document.activeElement)) hideTip(); });
    return box;
  }
  function fixPane(a) {
    var counts = {};
    a.edits.forEach(function (e) { counts[e.status] = (counts[e.status] || 0) + 1; });
    var layout = h("div", {"class": "bar-nav"}, [
      h("span", null, Object.keys(counts).sort().map(function (s) { return counts[s] + " " + s; }).join(", ") || "no edit"),
      h("a", {href: withState({layout: "inline"}), "aria-current": state.layout === "inline" ? "true" : null}, "inline"),
      h("a", {href: withState({layout: "side"}), "aria-current": state.layout === "side" ? "true" : null}, "side by side"),
      a.corrected === a.text ? h("span", {"class": "empty-note"}, "(text unchanged)") : null
    ]);
    var view = state.layout === "side" ?
      h("div", {"class": "columns"}, [h("div", null, [h("h3", null, "Original"), fixText(a, "original")]),
                                     h("div", null, [h("h3", null, "Corrected"), fixText(a, "corrected")])]) :
      fixText(a, "inline");
    var rows = a.edits.map(function (e, k) {
      if (!editPasses(e)) return null;
      return h("tr", {"class": "status-" + cls(e.status)}, [
        h("td", {"class": "num"}, String(k + 1)), h("td", null, quote(e.original)), h("td", null, quote(e.content)),
        h("td", null, h("span", {"class": "app app-" + cls(e.app)}, e.app)), h("td", null, originLabel(e.origin)),
        h("td", null, e.status), h("td", null, e.reason || e.desc || ""),
        h("td", null, e.ev ? h("details", null, [h("summary", null, "gate evidence"), h("pre", {"class": "ev"}, JSON.stringify(e.ev, null, 1))]) : "")]);
    });
    var table = h("table", null, [h("thead", null, h("tr", null, ["#", "original", "replacement", "applicability", "origin", "status", "reason", "evidence"].map(function (t) {
      return h("th", {scope: "col"}, t); }))), h("tbody", null, rows)]);
    var rejected = a.edits.filter(function (e) { return e.status === "rejected"; });
    return [layout, view, h("h3", null, "Edits"), a.edits.length ? table : h("p", {"class": "empty-note"}, "No edit proposed."),
      h("h3", null, "Rejected proposals"), rejected.length ? h("ul", {id: "rejected"}, rejected.map(function (e) {
        return h("li", null, [quote(e.original) + " \u2192 " + quote(e.content) + " (" + originLabel(e.origin) + "): ", h("b", null, e.reason || "no reason given")]);
      })) : h("p", {"class": "empty-note"}, "None.")];
  }

  function renderArticle() {
    var a = ARTICLES[state.a];
    var arts = visibleArticles(), pos = arts.indexOf(a);
    var prev = pos > 0 ? arts[pos - 1] : null, next = pos >= 0 && pos < arts.length - 1 ? arts[pos + 1] : null;
    var meta = [["file", where(a)]];
    if (a.url) meta.push(["URL", extLink(a.url)]);
    meta.push(["words", fmt(a.words || 0)]);
    if (a.risk !== null && a.risk !== undefined) meta.push(["MT risk", a.risk.toFixed(1) + " / 100"]);
    if (a.tf) meta.push(["translated from (guess)", a.tf.lang + " (confidence " + a.tf.confidence.toFixed(2) + ")"]);
    if (a.src) meta.push(["declared source", a.src]);
    var title = h("h2", {tabindex: -1, id: "article-title"}, label(a));
    var head = h("div", {"class": "article-head"}, [
      h("div", {"class": "bar-nav"}, [
        h("a", {href: withState({view: "overview", a: -1, f: -1}), id: "back"}, "\u2190 overview"),
        prev ? h("a", {href: withState({a: prev.i, f: -1}), id: "prev-article"}, "previous article ([)") : null,
        next ? h("a", {href: withState({a: next.i, f: -1}), id: "next-article"}, "next article (])") : null,
        pos >= 0 ? h("span", {"class": "count"}, "article " + (pos + 1) + " of " + arts.length) : h("span", {"class": "count"}, "hidden by the filters")
      ]),
      title,
      h("dl", null, meta.reduce(function (acc, m) { return acc.concat([h("dt", null, m[0]), h("dd", null, m[1])]); }, []))
    ]);
    var parts = [head];
    var tab = a.edits ? state.tab : "findings";
    if (a.edits) {
      parts.push(h("nav", {"class": "tabs", "aria-label": "article views"}, [
        h("a", {href: withState({tab: "findings"}), "aria-current": tab === "findings" ? "page" : null}, "Findings (" + a.findings.length + ")"),
        h("a", {href: withState({tab: "fix"}), "aria-current": tab === "fix" ? "page" : null}, "Fix (" + applied(a) + " applied)")]));
    }
    parts = parts.concat(tab === "fix" ? fixPane(a) : findingsPane(a));
    articleEl.replaceChildren.apply(articleEl, parts);
    return title;
  }

  /* -- rendering and keys -------------------------------------------------------------------------- */
  var lastView = null;
  function render() {
    hideTip();
    syncFilters();
    var wasView = lastView;
    lastView = state.view + ":" + state.a + ":" + state.tab;
    if (state.view === "article") {
      overviewEl.hidden = true;
      articleEl.hidden = false;
      var title = renderArticle();
      if (wasView !== lastView) {
        if (state.f >= 0 && state.tab === "findings") focusFinding(state.f);
        else { window.scrollTo(0, 0); title.focus(); }
        announce("article " + label(ARTICLES[state.a]));
      }
    } else {
      articleEl.hidden = true;
      articleEl.replaceChildren();
      overviewEl.hidden = false;
      renderOverview();
      announce(fmt(visibleArticles().length) + " articles shown");
    }
  }
  window.addEventListener("hashchange", function () { parseHash(); render(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hideTip(); return; }
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA"))) return;
    if (ev.key === "n" || ev.key === "j") { stepFinding(1); ev.preventDefault(); }
    else if (ev.key === "p" || ev.key === "k") { stepFinding(-1); ev.preventDefault(); }
    else if (ev.key === "/") { controls.q.focus(); ev.preventDefault(); }
    else if (ev.key === "[" || ev.key === "]") {
      var l = document.getElementById(ev.key === "[" ? "prev-article" : "next-article");
      if (l) location.hash = l.getAttribute("href");
    }
  });
  parseHash();
  buildFilters();
  render();
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  document.body.setAttribute("data-ready", "1");
})();
