/* The cnnews-kg explorer: a small single-page app over the server's /sparql and /api endpoints.
 * Views (by URL hash): #/ overview, #/query SPARQL editor, #/entity/IRI entity page with graph,
 * #/graph/IRI full graph, #/timeline visits and meetings, #/figures[/IRI] a subject's figures,
 * #/type/IRI the entities of one class. Every query it runs is a file in kg/queries/explorer/,
 * run by name through /api/run/NAME (parameters are bound on the server). DOM is built with
 * createElement and textContent only: no text from the graph is ever parsed as HTML. */
(function () {
  "use strict";

  const KG = "https://cnnews-kg.org/ontology#";
  const ID = "https://cnnews-kg.org/id/";
  const PREFIXES = {
    kg: KG, id: ID, rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    skos: "http://www.w3.org/2004/02/skos/core#", xsd: "http://www.w3.org/2001/XMLSchema#",
    prov: "http://www.w3.org/ns/prov#", schema: "https://schema.org/",
  };
  const TYPE_COLOURS = {
    Person: "#c0392b", Organization: "#27864a", Place: "#1f6fb2", Site: "#1a9ba5", Position: "#7d4fb0",
    Plan: "#d9822b", Visit: "#8a6d3b", Meeting: "#45526e", Figure: "#6c757d", Article: "#999999",
  };
  const view = document.getElementById("view");
  const state = { vocab: {}, queries: null, cy: null, timeline: null, charts: [] };
  window.kgExplorer = state; // for the browser tests and for curious users

  // -- small helpers ------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function local(iri) { return iri.replace(/^.*[#/]/, ""); }
  function short(iri) {
    for (const [p, ns] of Object.entries(PREFIXES)) if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    return "<" + iri + ">";
  }
  function vocabLabel(iri) {
    const v = state.vocab[iri];
    return v ? (v.zh || v.en || v.none) : local(iri);
  }
  function entityHref(iri) { return "#/entity/" + encodeURIComponent(iri); }
  function val(row, name) { return row[name] ? row[name].value : undefined; }
  function errorBox(message) { return el("div", { class: "error", text: message }); }
  function loading() { return el("p", { class: "muted", text: "加载中… loading" }); }

  async function fetchText(url, options) {
    const r = await fetch(url, options);
    const text = await r.text();
    if (!r.ok) throw new Error(text.trim() || r.statusText);
    return text;
  }
  async function run(name, params) {
    const qs = new URLSearchParams(params || {}).toString();
    const data = JSON.parse(await fetchText("/api/run/" + name + (qs ? "?" + qs : "")));
    return data.results.bindings;
  }
  async function sparql(query, accept) {
    const t0 = performance.now();
    const body = new URLSearchParams({ query: query });
    const r = await fetch("/sparql", { method: "POST", body: body, headers: { Accept: accept } });
    const text = await r.text();
    if (!r.ok) throw new Error(text.trim() || r.statusText);
    return { text: text, ctype: r.headers.get("Content-Type") || "", ms: performance.now() - t0 };
  }

  function termNode(term, labels) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri") {
      if (term.value.startsWith(ID)) {
        const label = labels && labels[term.value];
        return el("a", { href: entityHref(term.value), title: term.value, text: label || short(term.value) });
      }
      return el("span", { title: term.value, text: short(term.value) });
    }
    if (term.type === "bnode") return document.createTextNode("_:" + term.value);
    const dt = term.datatype ? local(term.datatype) : (term["xml:lang"] ? "@" + term["xml:lang"] : "");
    return el("span", {}, term.value, dt && dt !== "string" ? el("span", { class: "dt", text: dt }) : null);
  }

  function resultsTable(vars, rows) {
    // label columns next to IRI columns become the link text (?person + ?personNode, ?x + ?xLabel)
    const labels = {};
    for (const row of rows) {
      for (const v of vars) {
        const t = row[v];
        if (!t || t.type !== "uri") continue;
        const buddy = row[v + "Label"] || row[v.replace(/Node$/, "")];
        if (buddy && buddy.type === "literal") labels[t.value] = buddy.value;
      }
    }
    return el("div", { class: "results" },
      el("table", {},
        el("thead", {}, el("tr", {}, vars.map((v) => el("th", { text: v })))),
        el("tbody", {}, rows.map((row) => el("tr", {}, vars.map((v) => el("td", {}, termNode(row[v], labels))))))));
  }

  // -- evidence: the sentence with the names of both ends marked, and the stretch between them ------
  function highlight(sentence, names, otherNames) {
    // a name of the other end that is not in the sentence as a whole may be there by its head
    // (a bare 纪念馆 resolved to the named hall): then its longest tail found there counts
    const found = [];
    for (const n of otherNames || []) {
      for (let k = 0; n && k < n.length - 1; k++) {
        if (sentence.includes(n.slice(k))) { found.push(n.slice(k)); break; }
      }
    }
    const ranges = [];
    for (const n of new Set(names.concat(found).filter((x) => x && x.length > 0))) {
      let i = sentence.indexOf(n);
      while (i >= 0) { ranges.push([i, i + n.length]); i = sentence.indexOf(n, i + n.length); }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    }
    const box = el("span", { class: "evidence" });
    if (!merged.length) { box.appendChild(document.createTextNode(sentence)); return box; }
    const start = merged[0][0], end = merged[merged.length - 1][1];
    box.appendChild(document.createTextNode(sentence.slice(0, start)));
    const span = el("span", { class: "span", title: "the span that states the fact" });
    let pos = start;
    for (const [a, b] of merged) {
      if (a > pos) span.appendChild(document.createTextNode(sentence.slice(pos, a)));
      span.appendChild(el("mark", { text: sentence.slice(a, b) }));
      pos = b;
    }
    box.appendChild(span);
    box.appendChild(document.createTextNode(sentence.slice(end)));
    return box;
  }

  // -- views ------------------------------------------------------------------------------------------
  async function overview() {
    const rows = await run("overview");
    const grid = el("div", { class: "grid" });
    for (const row of rows) {
      const type = val(row, "type");
      if ([KG + "Evidence", KG + "Merge"].includes(type)) continue;
      grid.appendChild(el("a", { class: "stat", href: "#/type/" + encodeURIComponent(type) },
        el("b", { text: val(row, "count") }), vocabLabel(type) + " · " + local(type)));
    }
    const queries = await readyQueries();
    return [
      el("h1", { text: "图谱概览 · What the graph holds" }),
      el("div", { class: "card" }, grid),
      el("div", { class: "card" }, el("h2", { text: "现成查询 · Ready queries" }),
        el("ul", {}, queries.map((q) => el("li", {}, el("a", { href: "#/query?name=" + q.name, text: q.title }), " ", el("code", { class: "muted", text: q.name }))))),
    ];
  }

  async function typeList(typeIri) {
    const rows = await run("entities-of-type", { type: typeIri });
    return [
      el("h1", { text: vocabLabel(typeIri) + " · " + local(typeIri) }),
      el("div", { class: "card" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { text: "名称 name" }), el("th", { text: "文章数 articles" }))),
        el("tbody", {}, rows.map((r) => el("tr", {},
          el("td", {}, el("a", { href: entityHref(val(r, "entity")), text: val(r, "label") || short(val(r, "entity")) })),
          el("td", { text: val(r, "articles") })))))),
    ];
  }

  async function readyQueries() {
    if (!state.queries) state.queries = JSON.parse(await fetchText("/api/queries"));
    return state.queries.ready;
  }

  async function queryView(params) {
    const queries = await readyQueries();
    const area = el("textarea", {});
    const out = el("div", { id: "query-results" });
    const status = el("span", { class: "muted" });
    const button = el("button", { class: "primary", id: "run-query", text: "运行 Run (Ctrl-Enter)" });
    const list = el("ul", { class: "examples" }, queries.map((q) => el("li", {},
      el("button", { "data-query": q.name, onclick: () => { editor.setValue(q.text); exec(); } }, el("b", { text: q.name }), q.title))));
    const page = [el("h1", { text: "SPARQL 查询" }),
      el("div", { class: "query-layout" },
        el("div", {}, el("h2", { text: "示例 Examples" }), list),
        el("div", {}, area, el("div", { class: "toolbar" }, button, status), out))];
    const editor = CodeMirror.fromTextArea(area, {
      mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, indentUnit: 2,
      extraKeys: { "Ctrl-Enter": () => exec(), "Cmd-Enter": () => exec() },
    });
    state.editor = editor;
    const start = params.get("q") || (queries.find((q) => q.name === params.get("name")) || {}).text ||
      "SELECT ?person ?name WHERE {\n  ?person a kg:Person ; rdfs:label ?name .\n}\nLIMIT 50";
    editor.setValue(start);
    setTimeout(() => editor.refresh(), 0);
    button.addEventListener("click", () => exec());

    async function exec() {
      button.disabled = true;
      status.textContent = "运行中… running";
      clear(out);
      try {
        const r = await sparql(editor.getValue(), "application/sparql-results+json, text/turtle;q=0.9");
        if (r.ctype.includes("json")) {
          const data = JSON.parse(r.text);
          if ("boolean" in data) {
            out.appendChild(el("p", { class: "card", text: "ASK → " + data.boolean }));
            status.textContent = Math.round(r.ms) + " ms";
          } else {
            out.appendChild(resultsTable(data.head.vars, data.results.bindings));
            status.textContent = data.results.bindings.length + " 行 rows · " + Math.round(r.ms) + " ms";
          }
        } else {
          out.appendChild(el("pre", { class: "card", text: r.text }));
          status.textContent = Math.round(r.ms) + " ms";
        }
        const csv = "/sparql?" + new URLSearchParams({ query: editor.getValue(), format: "csv" });
        status.appendChild(document.createTextNode(" · "));
        status.appendChild(el("a", { href: csv, text: "CSV" }));
      } catch (e) {
        out.appendChild(errorBox(e.message));
        status.textContent = "";
      } finally {
        button.disabled = false;
      }
    }
    if (params.get("q") || params.get("name")) setTimeout(exec, 0);
    return page;
  }

  function nodeLabel(iri, label, type, date) {
    if (label) return label;
    const t = type ? vocabLabel(type) : "";
    return (t + (date ? " " + date : "")) || short(iri);
  }

  function drawGraph(container, rows, center) {
    const nodes = new Map();
    const edges = new Map();
    function addNode(iri, label, type, date) {
      const t = type ? local(type) : "";
      const prev = nodes.get(iri);
      if (prev && prev.data.label) return;
      nodes.set(iri, { data: { id: iri, label: nodeLabel(iri, label, type, date), type: t, center: iri === center ? 1 : 0 } });
    }
    for (const r of rows) {
      addNode(val(r, "s"), val(r, "sLabel"), val(r, "sType"), val(r, "sDate"));
      addNode(val(r, "o"), val(r, "oLabel"), val(r, "oType"), val(r, "oDate"));
      const id = val(r, "s") + " " + val(r, "p") + " " + val(r, "o");
      edges.set(id, { data: { id: id, source: val(r, "s"), target: val(r, "o"), label: vocabLabel(val(r, "p")) } });
    }
    if (!nodes.has(center)) nodes.set(center, { data: { id: center, label: state.centerLabel || short(center), type: "", center: 1 } });
    const cy = cytoscape({
      container: container,
      elements: [...nodes.values(), ...edges.values()],
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 15, "text-valign": "bottom", "text-margin-y": 4, "color": "#1d2330",
          "font-family": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
          "text-wrap": "ellipsis", "text-max-width": 140, "width": 22, "height": 22,
          "background-color": (n) => TYPE_COLOURS[n.data("type")] || "#888", "border-width": 2, "border-color": "#fff" } },
        { selector: "node[center = 1]", style: { "width": 38, "height": 38, "font-size": 16, "font-weight": "bold", "border-color": "#ffe08a", "border-width": 4 } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": 11, "color": "#5f6b7a", "curve-style": "bezier", "width": 1.5,
          "line-color": "#c3cad6", "target-arrow-shape": "triangle", "target-arrow-color": "#c3cad6",
          "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      ],
      maxZoom: 2,
      layout: nodes.size > 40
        ? { name: "cose", animate: false, nodeRepulsion: 12000, idealEdgeLength: 120, padding: 30 }
        : { name: "concentric", concentric: (n) => (n.id() === center ? 3 : n.degree() > 1 ? 2 : 1),
            levelWidth: () => 1, minNodeSpacing: 70, padding: 30, animate: false },
    });
    cy.on("tap", "node", (evt) => { const id = evt.target.id(); if (id !== center) location.hash = entityHref(id); });
    state.cy = cy;
    return cy;
  }

  function legend() {
    return el("div", { class: "legend" }, Object.entries(TYPE_COLOURS).slice(0, 9).map(([t, c]) =>
      el("span", {}, el("i", { style: "background:" + c }), vocabLabel(KG + t))));
  }

  async function entity(iri) {
    const [names, facts, articles, merges, graph, figures, events] = await Promise.all([
      run("entity-names", { entity: iri }), run("entity-facts", { entity: iri }), run("entity-articles", { entity: iri }),
      run("entity-merges", { entity: iri }), run("entity-graph", { entity: iri }), run("figures-of", { entity: iri }),
      run("timeline", { entity: iri })]);
    const labels = names.filter((r) => val(r, "kind") === "label").map((r) => val(r, "value"));
    const aliases = names.filter((r) => val(r, "kind") === "alias").map((r) => val(r, "value"));
    const types = names.filter((r) => val(r, "kind") === "type").map((r) => val(r, "value"));
    const forms = merges.map((r) => val(r, "form"));
    const title = labels[0] || (types[0] ? vocabLabel(types[0]) : short(iri));
    state.centerLabel = title;
    const ownNames = labels.concat(aliases, forms);

    const head = el("div", { class: "card" },
      el("h1", { text: title }),
      el("div", { class: "chips" }, types.filter((t) => t.startsWith(KG)).map((t) => el("span", { class: "chip type", text: vocabLabel(t) + " · " + local(t) })),
        labels.slice(1).concat(aliases).map((a) => el("span", { class: "chip", text: "又称 " + a }))),
      el("div", { class: "muted" }, el("code", { text: iri }), " · ",
        el("a", { href: "#/graph/" + encodeURIComponent(iri), text: "全屏关系图 full graph" }), " · ",
        el("a", { href: "#/query?" + new URLSearchParams({ q: "DESCRIBE <" + iri + ">" }), text: "DESCRIBE" })));

    const factRows = facts.map((r) => {
      const dir = val(r, "direction");
      const value = r.value;
      const valueName = val(r, "valueLabel") || (value && value.type === "uri" ? nodeLabel(value.value, null, val(r, "valueType"), val(r, "valueDate")) : null);
      const valueCell = value && value.type === "uri"
        ? el("a", { href: entityHref(value.value), text: valueName })
        : termNode(value);
      const sentence = val(r, "sentence");
      return el("tr", {},
        el("td", { class: "prop" }, dir === "in" ? el("span", { class: "arrow", text: "← " }) : null,
          vocabLabel(val(r, "property")), el("small", { text: short(val(r, "property")) })),
        el("td", {}, valueCell),
        el("td", {}, sentence ? highlight(sentence, ownNames, valueName ? [valueName] : []) : el("span", { class: "muted", text: "—" })),
        el("td", {}, r.article ? el("a", { href: entityHref(val(r, "article")), text: val(r, "articleTitle") || "article" }) : null));
    });
    const factsCard = el("div", { class: "card", id: "facts" }, el("h2", { text: "事实与证据 · Facts and their evidence" }),
      factRows.length ? el("table", {},
        el("thead", {}, el("tr", {}, el("th", { text: "关系" }), el("th", { text: "对象" }), el("th", { text: "证据句 evidence" }), el("th", { text: "文章" }))),
        el("tbody", {}, factRows)) : el("p", { class: "muted", text: "no facts" }));

    const graphBox = el("div", { id: "graph", class: "graph" });
    const graphCard = el("div", { class: "card" }, el("h2", { text: "关系图 · Graph" }), graphBox, legend());

    const side = [];
    side.push(el("div", { class: "card", id: "articles" }, el("h2", { text: "出现的文章 · Articles" }),
      articles.length ? el("ul", {}, articles.map((a) => el("li", {},
        el("a", { href: entityHref(val(a, "article")), text: val(a, "title") || short(val(a, "article")) }),
        val(a, "published") ? el("span", { class: "muted", text: " " + val(a, "published") }) : null))) : el("p", { class: "muted", text: "—" })));
    if (merges.length) {
      side.push(el("div", { class: "card", id: "merges" }, el("h2", { text: "别名归并 · Why these names are one entity" }),
        el("ul", {}, merges.map((m) => el("li", {}, el("b", { text: val(m, "form") }), " → ", title,
          el("span", { class: "muted", text: "（" + (val(m, "reason") || "") + "）" }), " ",
          el("a", { href: entityHref(val(m, "article")), text: val(m, "articleTitle") || "article" }))))));
    }
    const body = [head, el("div", { class: "two" }, el("div", {}, graphCard), el("div", {}, side)), factsCard];
    let chartBox = null, timelineBox = null;
    if (figures.length) {
      chartBox = el("div", { class: "card" }, el("h2", { text: "数据 · Figures over the years" }));
      body.push(chartBox);
    }
    if (events.length) {
      timelineBox = el("div", { class: "timeline" });
      body.push(el("div", { class: "card" }, el("h2", { text: "时间线 · Visits and meetings" }), timelineBox));
    }
    return { nodes: body, after: () => {
      drawGraph(graphBox, graph, iri);
      if (chartBox) drawFigures(chartBox, figures);
      if (timelineBox) drawTimeline(timelineBox, events);
    } };
  }

  async function graphView(iri) {
    const [rows, names] = await Promise.all([run("entity-graph", { entity: iri }), run("entity-names", { entity: iri })]);
    const label = (names.find((r) => val(r, "kind") === "label") || {}).value;
    state.centerLabel = label ? label.value : short(iri);
    const box = el("div", { id: "graph", class: "graph full" });
    return { nodes: [el("h1", {}, "关系图 · ", el("a", { href: entityHref(iri), text: state.centerLabel })), box, legend(),
      el("p", { class: "muted", text: "点击节点打开它的页面 · click a node to open its page" })],
      after: () => drawGraph(box, rows, iri) };
  }

  function drawTimeline(container, rows) {
    const items = rows.map((r, i) => {
      const isMeeting = val(r, "type") === KG + "Meeting";
      const what = isMeeting ? (val(r, "meeting") || "会议") : (val(r, "sites") || "调研");
      const content = (val(r, "agent") ? val(r, "agent") + " · " : "") + what;
      const start = val(r, "start"), end = val(r, "end");
      const item = { id: i, content: content, start: start, title: content + " (" + start + (end && end !== start ? " – " + end : "") + ")",
        className: isMeeting ? "meeting" : "visit", group: isMeeting ? "meeting" : "visit", event: val(r, "event") };
      if (end && end !== start) { item.end = new Date(new Date(end).getTime() + 86400000); item.type = "range"; }
      return item;
    });
    const groups = [{ id: "visit", content: "调研 Visits" }, { id: "meeting", content: "会议 Meetings" }];
    const tl = new vis.Timeline(container, items, groups, { stack: true, zoomMin: 86400000 * 3, orientation: "top", margin: { item: 6 } });
    tl.on("select", (p) => { const it = items.find((x) => x.id === p.items[0]); if (it) location.hash = entityHref(it.event); });
    state.timeline = tl;
    return tl;
  }

  async function timelineView() {
    const rows = await run("timeline");
    const box = el("div", { class: "timeline" });
    if (!rows.length) return [el("h1", { text: "时间线 · Timeline" }), el("p", { class: "card muted", text: "no dated visits or meetings in this graph" })];
    return { nodes: [el("h1", { text: "时间线 · Visits and meetings" }),
      el("p", { class: "muted", text: rows.length + " events · 点击事件打开它的页面 click an event to open it" }), el("div", { class: "card" }, box)],
      after: () => drawTimeline(box, rows) };
  }

  function drawFigures(container, rows) {
    // one chart per unit; one line per metric across the years, the point's shape telling whether
    // the value is actual (●), a forecast (▲) or a target (★), the line dashed towards a non-actual one;
    // money shown in 亿 (1e8)
    const byUnit = new Map();
    for (const r of rows) {
      const unit = val(r, "unit") || "";
      if (!val(r, "year")) continue;
      if (!byUnit.has(unit)) byUnit.set(unit, []);
      byUnit.get(unit).push(r);
    }
    const shapes = { actual: "circle", forecast: "triangle", target: "star" };
    const palette = ["#b3261e", "#1f6fb2", "#27864a", "#d9822b", "#7d4fb0", "#1a9ba5", "#6c757d"];
    for (const [unit, list] of byUnit) {
      const money = /^[A-Z]{3}$/.test(unit);
      const years = [...new Set(list.map((r) => val(r, "year")))].sort();
      const series = new Map();
      for (const r of list) {
        const metric = val(r, "metric") || "?";
        if (!series.has(metric)) series.set(metric, {});
        series.get(metric)[val(r, "year")] = { v: Number(val(r, "value")) / (money ? 1e8 : 1), status: val(r, "status") || "actual" };
      }
      const canvas = el("canvas", {});
      container.appendChild(el("h2", { class: "muted", text: (money ? "亿 " + unit : unit) + " · ● actual ▲ forecast ★ target" }));
      container.appendChild(el("div", { class: "chart-box" }, canvas));
      const datasets = [...series.entries()].map(([metric, points], i) => {
        const colour = palette[i % palette.length];
        const status = years.map((y) => (points[y] ? points[y].status : null));
        return {
          label: metric, data: years.map((y) => (points[y] ? points[y].v : null)), spanGaps: true,
          borderColor: colour, backgroundColor: colour, tension: 0.2,
          pointStyle: status.map((st) => shapes[st] || "circle"), pointRadius: status.map((st) => (st === "target" ? 9 : 6)),
          segment: { borderDash: (ctx) => (status[ctx.p1DataIndex] && status[ctx.p1DataIndex] !== "actual" ? [6, 4] : undefined) },
        };
      });
      state.charts.push(new Chart(canvas, { type: "line", data: { labels: years, datasets: datasets },
        options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } }, scales: { y: { beginAtZero: true } } } }));
    }
    container.appendChild(el("table", {},
      el("thead", {}, el("tr", {}, ["年份", "指标 metric", "值 value", "单位", "状态", "比较"].map((h) => el("th", { text: h })))),
      el("tbody", {}, rows.map((r) => el("tr", {}, ["year", "metric", "value", "unit", "status", "comparator"].map((k) =>
        el("td", {}, k === "metric" ? el("a", { href: entityHref(val(r, "figure")), text: val(r, "metric") || "?" })
          : k === "value" ? (val(r, "comparator") ? val(r, "comparator") + " " : "") + amount(val(r, "value"), val(r, "unit"))
          : val(r, k) || "")))))));
  }

  function amount(value, unit) {
    // money of 1亿 and more in 亿, as the articles write it
    const v = Number(value);
    if (/^[A-Z]{3}$/.test(unit || "") && Math.abs(v) >= 1e8) return (v / 1e8).toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + " 亿";
    return v.toLocaleString("zh-CN", { maximumFractionDigits: 4 });
  }

  async function figuresView(iri) {
    const subjects = await run("figure-subjects");
    if (!subjects.length) return [el("h1", { text: "数据 · Figures" }), el("p", { class: "card muted", text: "no figures in this graph" })];
    const chosen = iri || val(subjects[0], "subject");
    const rows = await run("figures-of", { entity: chosen });
    const chosenLabel = val(subjects.find((s) => val(s, "subject") === chosen) || {}, "label") || short(chosen);
    const box = el("div", { class: "card", id: "figures-chart" }, el("h2", {}, el("a", { href: entityHref(chosen), text: chosenLabel })));
    return { nodes: [el("h1", { text: "数据 · Figures over the years" }),
      el("div", { class: "two" }, box,
        el("div", { class: "card subjects" }, el("h2", { text: "主体 · Subjects" }), subjects.map((s) =>
          el("a", { href: "#/figures/" + encodeURIComponent(val(s, "subject")), class: val(s, "subject") === chosen ? "active" : "" },
            el("span", { text: val(s, "label") }), el("span", { class: "muted", text: val(s, "figures") })))))],
      after: () => drawFigures(box, rows) };
  }

  // -- search -----------------------------------------------------------------------------------------
  const search = document.getElementById("search");
  const dropdown = document.getElementById("search-results");
  let searchTimer = null;
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      const q = search.value.trim();
      clear(dropdown);
      if (!q) { dropdown.hidden = true; return; }
      try {
        const rows = await run("search", { q: q });
        for (const r of rows) dropdown.appendChild(el("li", {}, el("a", { href: entityHref(val(r, "entity")), onclick: () => { dropdown.hidden = true; } },
          el("span", { text: val(r, "label") }), el("span", { class: "muted", text: vocabLabel(val(r, "type")) }))));
        if (!rows.length) dropdown.appendChild(el("li", { class: "muted", text: "  —" }));
        dropdown.hidden = false;
      } catch (e) { dropdown.hidden = true; }
    }, 200);
  });
  document.addEventListener("click", (e) => { if (!dropdown.contains(e.target) && e.target !== search) dropdown.hidden = true; });

  // -- router -------------------------------------------------------------------------------------------
  function teardown() {
    if (state.cy) { state.cy.destroy(); state.cy = null; }
    if (state.timeline) { state.timeline.destroy(); state.timeline = null; }
    for (const c of state.charts) c.destroy();
    state.charts = [];
  }

  async function route() {
    teardown();
    const hash = location.hash.replace(/^#/, "") || "/";
    const [path, query] = hash.split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean);
    const section = parts[0] || "overview";
    const arg = parts.length > 1 ? decodeURIComponent(path.slice(path.indexOf("/", 1) + 1)) : null;
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.nav === section);
    clear(view).appendChild(loading());
    view.dataset.view = section;
    view.dataset.ready = "0";
    try {
      let result;
      if (section === "query") result = await queryView(params);
      else if (section === "entity" && arg) result = await entity(arg);
      else if (section === "graph" && arg) result = await graphView(arg);
      else if (section === "timeline") result = await timelineView();
      else if (section === "figures") result = await figuresView(arg);
      else if (section === "type" && arg) result = await typeList(arg);
      else result = await overview();
      const nodes = Array.isArray(result) ? result : result.nodes;
      clear(view);
      for (const n of nodes) view.appendChild(n);
      if (result.after) result.after();
    } catch (e) {
      clear(view).appendChild(errorBox(e.message));
    }
    view.dataset.ready = "1";
  }

  async function start() {
    try { state.vocab = JSON.parse(await fetchText("/api/vocab")); } catch (e) { state.vocab = {}; }
    try {
      const h = JSON.parse(await fetchText("/health"));
      document.getElementById("snapshot").textContent = "snapshot " + h.snapshot + " (" + h.opened + ")";
    } catch (e) { /* the footer stays short */ }
    window.addEventListener("hashchange", route);
    route();
  }
  start();
})();
