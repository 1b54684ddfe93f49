/* The kg network view. Every text from the graph goes into the page as a text
   node (textContent), never as markup. */
(function () {
  "use strict";

  const times = { start: performance.now() };
  window.kgTimes = times;
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  times.parsed = performance.now();
  const FONT = getComputedStyle(document.documentElement).getPropertyValue("--cjk").trim() || "sans-serif";
  const typeOf = new Map(data.types.map((t) => [t.name, t]));
  const relationOf = new Map(data.relations.map((r) => [r.name, r]));
  const info = new Map(data.nodes.map((n) => [n.id, n]));
  const $ = (id) => document.getElementById(id);

  const count = (n, one, many) => n + " " + (n === 1 ? one : many);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";
  const SHAPES = {
    dot: ["circle", { cx: 8, cy: 8, r: 6 }],
    diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }],
    triangle: ["polygon", { points: "8,1 15,14 1,14" }],
    square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
    hexagon: ["polygon", { points: "8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5" }],
    star: ["polygon", { points: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.8 3.5,15 5,9.5 1,6 6,6" }],
  };

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    node.append(...children);
    return node;
  }

  function swatch(type) {
    const [tag, attrs] = SHAPES[type.shape];
    return svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" },
      svg(tag, Object.assign({ fill: type.colour }, attrs)));
  }

  function line(relation) {
    const attrs = { x1: 1, y1: 5, x2: 21, y2: 5, stroke: relation.colour, "stroke-width": Math.max(1.5, relation.width * 1.5) };
    if (relation.dashes) attrs["stroke-dasharray"] = "4 3";
    return svg("svg", { width: 22, height: 10, "aria-hidden": "true" }, svg("line", attrs));
  }

  /* ---------------------------------------------------------- the network */

  const large = !data.layout.physics;
  const groups = {};
  for (const t of data.types) {
    groups[t.name] = {
      shape: t.shape,
      color: { background: t.colour, border: t.colour, highlight: { background: t.colour, border: "#111" },
               hover: { background: t.colour, border: "#111" } },
    };
  }

  window.nodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, label: n.label, group: n.type, value: n.size, x: n.x, y: n.y,
  })));

  /* The edges of a relation are in window.edges while its box is ticked; a
     large graph starts without the many report links. */
  const edgesOf = new Map(data.relations.map((r) => [r.name, []]));
  const linksOf = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e, i) => {
    linksOf.get(e.from).push(e);
    linksOf.get(e.to).push(e);
    const r = relationOf.get(e.relation);
    const item = { id: i, from: e.from, to: e.to, relation: e.relation, color: r.colour, width: r.width };
    if (r.dashes) item.dashes = true;
    if (r.name === "mentions") item.arrows = "";
    edgesOf.get(e.relation).push(item);
  });
  const initiallyShown = (name) => name !== "mentions" || !large;
  window.edges = new vis.DataSet(data.relations.filter((r) => initiallyShown(r.name)).flatMap((r) => edgesOf.get(r.name)));

  const network = new vis.Network($("network"), { nodes: window.nodes, edges: window.edges }, {
    groups: groups,
    nodes: {
      borderWidth: 1,
      font: { face: FONT, size: 13, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { min: 7, max: 40, label: { enabled: true, min: 12, max: 30, drawThreshold: 8, maxVisible: 36 } },
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: data.layout.physics,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -20, centralGravity: 0.01, springLength: 30, springConstant: 0.08,
                          damping: 0.4, avoidOverlap: 0 },
      minVelocity: 2,
      stabilization: { enabled: true, iterations: data.layout.iterations, updateInterval: large ? 1 : 10, fit: true },
    },
    interaction: { hover: true, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
  });
  window.network = network;
  times.network = performance.now();

  /* ------------------------------------------------ bounded stabilisation */

  function ready() {
    $("progress").hidden = true;
    network.once("afterDrawing", () => {
      window.kgReady = times.ready = performance.now();
      document.body.dataset.ready = "true";
    });
    network.redraw();
  }

  let layoutStarted = 0;
  let layoutIterations = 0;
  network.on("stabilizationProgress", (p) => {
    if (!layoutStarted) layoutStarted = performance.now();
    layoutIterations = p.iterations;
    $("progress").textContent = "Laying out · 布局中 " + Math.round((100 * p.iterations) / p.total) + "%";
    if (performance.now() - layoutStarted > data.layout.budget_ms) network.stopSimulation();
  });
  network.on("stabilizationIterationsDone", () => {
    window.kgLayout = { iterations: layoutIterations, ms: Math.round(performance.now() - layoutStarted) };
    times.layout = performance.now();
    layoutStarted = 0;
    network.setOptions({ physics: { enabled: false } });
    ready();
  });
  if (!data.layout.physics) {
    window.kgLayout = { iterations: 0, ms: 0 };
    network.fit();
    ready();
  }
  $("relayout").addEventListener("click", () => {
    $("progress").textContent = "Laying out · 布局中";
    $("progress").hidden = false;
    document.body.dataset.ready = "false";
    window.nodes.update(data.nodes.map((n) => ({ id: n.id, x: n.x, y: n.y })));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(data.layout.iterations);
  });
  $("fit").addEventListener("click", () => network.fit({ animation: { duration: 400 } }));

  /* --------------------------------------------------------------- legend */

  const typeBoxes = new Map();
  for (const t of data.types) {
    const box = el("input", { type: "checkbox", checked: true });
    box.dataset.type = t.name;
    box.addEventListener("change", applyFilters);
    typeBoxes.set(t.name, box);
    $("type-filter").append(el("li", null, el("label", null, box, swatch(t), el("span", null, t.en, " ",
      el("span", { className: "zh" }, t.zh)), el("span", { className: "count" }, t.count))));
  }
  const relationBoxes = new Map();
  for (const r of data.relations) {
    const box = el("input", { type: "checkbox", checked: initiallyShown(r.name) });
    box.dataset.relation = r.name;
    box.addEventListener("change", applyFilters);
    relationBoxes.set(r.name, box);
    $("relation-filter").append(el("li", null, el("label", null, box, line(r), el("span", null, r.en, " ",
      el("span", { className: "zh" }, r.zh)), el("span", { className: "count" }, r.count))));
  }

  const select = $("report-filter");
  const reportsOfCounty = new Map();
  data.reports.forEach((r, i) => {
    if (!reportsOfCounty.has(r.county)) reportsOfCounty.set(r.county, []);
    reportsOfCounty.get(r.county).push(i);
  });
  select.append(el("option", { value: "" }, "All reports · 全部报告 (" + data.reports.length + ")"));
  const countyName = (id) => (info.has(id) ? info.get(id).label : id);
  const counties = [...reportsOfCounty.keys()].sort((a, b) => {
    const ca = (info.get(a) || {}).code || "~", cb = (info.get(b) || {}).code || "~";
    return ca.localeCompare(cb) || countyName(a).localeCompare(countyName(b), "zh");
  });
  for (const county of counties) {
    const reports = reportsOfCounty.get(county);
    const name = county ? countyName(county) : "Unknown county · 未识别县";
    const group = el("optgroup", { label: name });
    if (county) group.append(el("option", { value: "c:" + county }, name + " · all " + reports.length + " reports"));
    for (const i of reports) group.append(el("option", { value: "r:" + i }, data.reports[i].file));
    select.append(group);
  }
  select.addEventListener("change", applyFilters);

  $("reset").addEventListener("click", () => {
    for (const box of typeBoxes.values()) box.checked = true;
    for (const [name, box] of relationBoxes) box.checked = initiallyShown(name);
    select.value = "";
    applyFilters();
  });

  /* -------------------------------------------------------------- filters */

  function reportFilter() {
    const value = select.value;
    if (value.startsWith("r:")) return new Set([Number(value.slice(2))]);
    if (value.startsWith("c:")) return new Set(reportsOfCounty.get(value.slice(2)) || []);
    return null;
  }

  function isShown(n, reports) {
    return typeBoxes.get(n.type).checked && (reports === null || n.reports.some((i) => reports.has(i)));
  }

  function applyFilters() {
    const reports = reportFilter();
    const current = new Map(window.nodes.get({ fields: ["id", "hidden"] }).map((n) => [n.id, !!n.hidden]));
    const nodeUpdates = [];
    let shown = 0;
    for (const n of data.nodes) {
      const hidden = !isShown(n, reports);
      if (!hidden) shown++;
      if (current.get(n.id) !== hidden) nodeUpdates.push({ id: n.id, hidden: hidden });
    }
    window.nodes.update(nodeUpdates);
    for (const [name, box] of relationBoxes) {
      const items = edgesOf.get(name);
      const present = items.length > 0 && window.edges.get(items[0].id) !== null;
      if (!items.length || box.checked === present) continue;
      if (box.checked) window.edges.add(items);
      else window.edges.remove(items.map((e) => e.id));
    }
    $("stats").textContent = [count(data.nodes.length, "entity", "entities"), count(data.edges.length, "link", "links"),
      count(data.reports.length, "report", "reports")].join(" · ") + (shown < data.nodes.length ? " · showing " + shown : "");
  }

  function reveal(id) {
    const n = info.get(id);
    if (isShown(n, reportFilter())) return;
    typeBoxes.get(n.type).checked = true;
    if (!isShown(n, reportFilter())) select.value = "";
    applyFilters();
  }

  /* ---------------------------------------------------------------- panel */

  function typeLabel(name) {
    const t = typeOf.get(name);
    return t.en + " · " + t.zh;
  }

  function badge(name) {
    const b = el("span", { className: "badge" }, typeLabel(name));
    b.style.background = typeOf.get(name).colour;
    return b;
  }

  function sentence(ev) {
    const [report, text, start, end] = ev;
    const quote = el("blockquote");
    if (end > start) {
      quote.append(text.slice(0, start), el("mark", null, text.slice(start, end)), text.slice(end));
    } else {
      quote.append(text);
    }
    quote.append(el("cite", null, data.reports[report].file));
    return quote;
  }

  function reportItem(i) {
    const r = data.reports[i];
    return el("li", null, r.file, r.county ? " · " + countyName(r.county) : "");
  }

  function nodeLink(id) {
    const b = el("button", { type: "button", className: "link" }, info.get(id).label);
    b.addEventListener("click", () => focusNode(id));
    return b;
  }

  const KINDS = {
    "work-report": "Work report · 工作报告", news: "News · 新闻", resolution: "Resolution · 决议",
    meeting: "Meeting · 会议", announcement: "Announcement · 公告",
  };
  const yearText = (year) => (year === null || year === undefined ? "—" : String(year));

  /* A table of fields: a header row, then one row of cells per item. */
  function table(className, heads, rows) {
    const head = el("tr", null, ...heads.map((h) => el("th", { scope: "col" }, h)));
    const body = el("tbody", null, ...rows.map((cells) => el("tr", null, ...cells.map((c) => el("td", null, c)))));
    return el("table", { className: "fields " + className }, el("thead", null, head), body);
  }

  function showReport(i) {
    select.value = "r:" + i;
    applyFilters();
  }

  function reportCell(i) {
    const r = data.reports[i];
    const title = el("button", { type: "button", className: "link", title: "Show what this report names · 只显示该报告提及的实体" },
      r.title || r.file);
    title.addEventListener("click", () => showReport(i));
    return el("span", null, title, el("span", { className: "file" }, r.file));
  }

  function panelFields(n, panel) {
    if (n.posts) {
      panel.append(el("h3", null, "Posts · 职务 (" + n.posts.length + ")"),
        table("posts", ["Year · 年份", "Role · 职务", "Body · 机构"],
          n.posts.map(([role, body, year]) => [yearText(year), role, body])));
    }
    if (n.own_reports) {
      panel.append(el("h3", null, "Reports by year · 历年报告 (" + n.own_reports.length + ")"),
        table("reports", ["Year · 年份", "Kind · 类型", "Title · 标题"],
          n.own_reports.map((i) => [yearText(data.reports[i].year), KINDS[data.reports[i].kind] || data.reports[i].kind || "—",
            reportCell(i)])));
    }
    if (n.inspections) {
      panel.append(el("h3", null, "Law inspections by year · 历年执法检查 (" + n.inspections.length + ")"),
        table("inspections", ["Year · 年份", "Law · 法规"],
          n.inspections.map(([year, law, label, planned]) => [yearText(year),
            el("span", null, info.has(law) ? nodeLink(law) : label, planned ? el("span", { className: "planned" }, "planned · 计划") : null)])));
    }
  }

  function showPanel(id) {
    const n = info.get(id);
    const panel = $("panel");
    panel.replaceChildren();
    panel.append(el("div", null, ...n.types.map(badge)), el("h2", { className: "name" }, n.label));
    const dl = el("dl");
    const row = (term, value) => dl.append(el("dt", null, term), el("dd", null, value));
    row("Type · 类型", n.types.map(typeLabel).join(", "));
    row("Name · 名称", n.label);
    row("Aliases · 别名", n.aliases.length ? n.aliases.join("、") : "—");
    if (n.code) row("Division code · 区划代码", n.code);
    row("IRI", n.id);
    panel.append(dl);
    panelFields(n, panel);
    panel.append(el("h3", null, "Named in " + count(n.reports.length, "report", "reports") + " · 提及该实体的报告"));
    const reports = el("ul");
    n.reports.slice(0, 30).forEach((i) => reports.append(reportItem(i)));
    if (n.reports.length > 30) reports.append(el("li", null, "… " + (n.reports.length - 30) + " more"));
    panel.append(n.reports.length ? reports : el("p", { className: "hint" }, "No report names it; it is in the graph as a parent area."));
    if (n.evidence.length) {
      panel.append(el("h3", null, "Evidence · 证据句"));
      n.evidence.forEach((ev) => panel.append(sentence(ev)));
    }
    const links = linksOf.get(id).slice();
    if (links.length) {
      panel.append(el("h3", null, "Links · 关联 (" + links.length + ")"));
      const list = el("ul");
      links.sort((a, b) => (a.relation < b.relation ? -1 : a.relation > b.relation ? 1 : 0));
      for (const e of links.slice(0, 60)) {
        const r = relationOf.get(e.relation);
        const other = e.from === id ? e.to : e.from;
        list.append(el("li", null, e.from === id ? r.en + " → " : "← " + r.en + " · ", nodeLink(other)));
      }
      if (links.length > 60) list.append(el("li", null, "… " + (links.length - 60) + " more"));
      panel.append(list);
    }
  }

  function focusNode(id) {
    if (!info.has(id)) return;
    reveal(id);
    network.selectNodes([id]);
    window.kgFocused = null;
    network.once("animationFinished", () => { window.kgFocused = id; });
    network.focus(id, { scale: Math.max(1.1, network.getScale()), animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showPanel(id);
  }

  network.on("selectNode", (p) => { if (p.nodes.length === 1) showPanel(p.nodes[0]); });

  /* -------------------------------------------------------------- tooltip */

  const tooltip = $("tooltip");

  const clip = (text, n) => (text.length > n ? text.slice(0, n) + "…" : text);

  function showTooltip(pointer, ...lines) {
    tooltip.replaceChildren(...lines);
    tooltip.hidden = false;
    const box = $("canvas-box").getBoundingClientRect();
    const x = Math.min(pointer.x + 14, box.width - tooltip.offsetWidth - 4);
    const y = Math.min(pointer.y + 14, box.height - tooltip.offsetHeight - 4);
    tooltip.style.left = Math.max(0, x) + "px";
    tooltip.style.top = Math.max(0, y) + "px";
  }

  network.on("hoverNode", (p) => {
    const n = info.get(p.node);
    const lines = [el("div", { className: "name" }, n.label), el("div", { className: "sub" }, n.types.map(typeLabel).join(", "))];
    if (n.aliases.length) lines.push(el("div", null, "Aliases · 别名: " + n.aliases.join("、")));
    if (n.code) lines.push(el("div", null, "Code · 代码: " + n.code));
    const files = n.reports.slice(0, 3).map((i) => data.reports[i].file).join(", ");
    lines.push(el("div", { className: "sub" }, "Named in " + count(n.reports.length, "report", "reports") +
      (files ? ": " + files + (n.reports.length > 3 ? ", …" : "") : "")));
    for (const ev of n.evidence) lines.push(el("div", { className: "quote" }, "“" + clip(ev[1], 90) + "”"));
    showTooltip(p.pointer.DOM, ...lines);
  });
  network.on("hoverEdge", (p) => {
    const e = window.edges.get(p.edge);
    const r = relationOf.get(e.relation);
    showTooltip(p.pointer.DOM, el("div", null, info.get(e.from).label),
      el("div", { className: "sub" }, "→ " + r.en + " · " + r.zh + " →"), el("div", null, info.get(e.to).label));
  });
  for (const event of ["blurNode", "blurEdge", "dragStart", "zoom"]) {
    network.on(event, () => { tooltip.hidden = true; });
  }

  /* --------------------------------------------------------------- search */

  const names = data.nodes.map((n) => ({
    id: n.id, label: n.label.toLowerCase(), aliases: n.aliases.map((a) => a.toLowerCase()),
  }));

  function rank(entry, q) {
    if (entry.label === q) return 0;
    if (entry.aliases.includes(q)) return 1;
    if (entry.label.startsWith(q)) return 2;
    if (entry.aliases.some((a) => a.startsWith(q))) return 3;
    if (entry.label.includes(q)) return 4;
    if (entry.aliases.some((a) => a.includes(q))) return 5;
    return -1;
  }

  function find(query, limit) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    for (const entry of names) {
      const r = rank(entry, q);
      if (r >= 0) hits.push([r, entry.label.length, -info.get(entry.id).size, entry.id]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1));
    return hits.slice(0, limit).map((h) => h[3]);
  }

  const search = $("search");
  const results = $("search-results");
  let current = [];
  let active = 0;

  function showResults() {
    current = find(search.value, 12);
    active = 0;
    results.replaceChildren();
    if (!search.value.trim()) {
      results.hidden = true;
      return;
    }
    if (!current.length) results.append(el("li", { className: "none" }, "No match · 无匹配"));
    current.forEach((id, i) => {
      const n = info.get(id);
      const item = el("li", { role: "option" }, swatch(typeOf.get(n.type)), n.label,
        n.aliases.length ? el("span", { className: "sub" }, n.aliases.join("、")) : null);
      item.setAttribute("aria-selected", String(i === active));
      item.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
      results.append(item);
    });
    results.hidden = false;
  }

  function choose(id) {
    results.hidden = true;
    search.value = info.get(id).label;
    focusNode(id);
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!current.length) current = find(search.value, 12);
      if (current.length) choose(current[active] || current[0]);
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      [...results.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", () => { results.hidden = true; });

  window.kg = { focusNode: focusNode, find: find, applyFilters: applyFilters };
  applyFilters();
})();
