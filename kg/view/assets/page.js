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

  /* Groups (from the build): an area and what belongs to it, or one type's
     entities within a group. A closed group is drawn as one node, its area or
     its type, with a count; its members are hidden. Groups come top down, so
     a group's parent has a smaller index. */
  const G = data.groups;
  const isOpen = G.map((g) => g.open);
  const groupNode = (i) => (G[i].node !== undefined ? G[i].node : "group:" + i);
  const groupOf = new Map();
  G.forEach((g, i) => { if (i > 0) groupOf.set(groupNode(i), i); });
  const importanceOf = new Map(data.nodes.map((n) => [n.type, n.importance]));
  const typeGroups = G.map((g, i) => i).filter((i) => i > 0 && G[i].node === undefined);
  const groupValue = (i) => Math.min(100, 8 + 6 * Math.sqrt(G[i].count));

  const groups = {};
  for (const t of data.types) {
    groups[t.name] = {
      shape: t.shape,
      color: { background: t.colour, border: t.colour, highlight: { background: t.colour, border: "#111" },
               hover: { background: t.colour, border: "#111" } },
    };
  }

  function openChain() {
    const all = new Array(G.length);
    G.forEach((g, i) => { all[i] = isOpen[i] && (g.parent < 0 || all[g.parent]); });
    return all;
  }

  /* window.nodes holds only what is shown (a large graph opens at once):
     the filters add and remove nodes, at the build's positions. */
  function item(id) {
    const i = groupOf.get(id);
    const n = info.get(id);
    if (n === undefined) return { id: id, group: G[i].type, value: groupValue(i), x: G[i].x, y: G[i].y, borderWidth: 3 };
    const closed = i !== undefined && !isOpen[i];
    return { id: id, group: n.type, value: closed ? Math.max(n.size, groupValue(i)) : n.size, x: n.x, y: n.y,
             borderWidth: closed ? 3 : 1 };
  }
  window.nodes = new vis.DataSet();

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
  const initiallyShown = (name) => name !== "mentions" || data.report_links;
  window.edges = new vis.DataSet();

  const network = new vis.Network($("network"), { nodes: window.nodes, edges: window.edges }, {
    groups: groups,
    nodes: { borderWidth: 1, scaling: { min: 7, max: 40, label: { enabled: false } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { enabled: false },
    interaction: { hover: true, hideEdgesOnDrag: !data.report_links, hideEdgesOnZoom: !data.report_links },
  });
  window.network = network;
  times.network = performance.now();

  /* --------------------------------------------------------------- labels */

  /* The page draws the labels itself, after vis-network has drawn the nodes:
     by priority (the selected node, closed areas, then by the registry's
     importance: counties, areas, officials, laws, programmes, slogans; bigger
     first), each below its node or else above it, and only where its box
     overlaps no label drawn before. Long names are shortened; the tooltip
     has them whole. window.kgLabels holds the boxes drawn last. */
  const LABEL_PX = Math.round(13 * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) / 16);
  const LABEL_FONT = LABEL_PX + "px " + FONT;
  const LABEL_MAX = 10;
  const CELL = 64;
  const short = (text) => (text.length > LABEL_MAX ? text.slice(0, LABEL_MAX - 1) + "…" : text);
  const widths = new Map();
  let labelOrder = null;

  function labelText(id) {
    const i = groupOf.get(id);
    if (i !== undefined && G[i].node === undefined) {
      return typeOf.get(G[i].type).zh + (isOpen[i] ? "" : " " + G[i].count);
    }
    const text = short(info.get(id).label);
    return i !== undefined && !isOpen[i] ? text + " +" + G[i].count : text;
  }

  /* Closed areas first, then by the importance of the type (a type's group just after its entities), bigger first. */
  function priority(id) {
    const i = groupOf.get(id);
    const n = info.get(id);
    if (n === undefined) return [importanceOf.get(G[i].type) + 0.5, -G[i].count];
    if (i !== undefined && !isOpen[i]) return [0, -G[i].count];
    return [n.importance, -n.size];
  }

  function sortLabels() {
    const ids = window.nodes.getIds();
    const keys = new Map(ids.map((id) => [id, priority(id)]));
    ids.sort((a, b) => keys.get(a)[0] - keys.get(b)[0] || keys.get(a)[1] - keys.get(b)[1] || (a < b ? -1 : 1));
    return ids;
  }

  function drawLabels(ctx) {
    if (labelOrder === null) labelOrder = sortLabels();
    const view = network.body.view;
    const canvas = network.canvas.frame.canvas;
    const ratio = network.canvas.pixelRatio || 1;
    const W = canvas.clientWidth, H = canvas.clientHeight;
    const grid = new Map();
    const drawn = [];
    const selected = new Set(network.getSelectedNodes());
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = LABEL_FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    const free = (x, y, w, h) => {
      for (let cx = Math.floor(x / CELL); cx <= Math.floor((x + w) / CELL); cx++) {
        for (let cy = Math.floor(y / CELL); cy <= Math.floor((y + h) / CELL); cy++) {
          for (const b of grid.get(cx * 65536 + cy) || []) {
            if (x < b.x + b.w && b.x < x + w && y < b.y + b.h && b.y < y + h) return false;
          }
        }
      }
      return true;
    };
    const take = (box) => {
      for (let cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.w) / CELL); cx++) {
        for (let cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.h) / CELL); cy++) {
          const key = cx * 65536 + cy;
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(box);
        }
      }
      drawn.push(box);
    };
    const ids = [...selected, ...labelOrder.filter((id) => !selected.has(id))];
    for (const id of ids) {
      const node = network.body.nodes[id];
      if (!node) continue;
      const sx = node.x * view.scale + view.translation.x;
      const sy = node.y * view.scale + view.translation.y;
      if (sx < -100 || sx > W + 100 || sy < -40 || sy > H + 40) continue;
      const text = labelText(id);
      if (!widths.has(text)) widths.set(text, ctx.measureText(text).width);
      const w = Math.ceil(widths.get(text)) + 4, h = LABEL_PX + 4;
      const r = (node.options.size || 10) * view.scale;
      for (const y of [sy + r + 1, sy - r - 1 - h]) {
        const x = sx - w / 2;
        if (x < 0 || y < 0 || x + w > W || y + h > H || !free(x, y, w, h)) continue;
        take({ id: id, text: text, x: x, y: y, w: w, h: h });
        break;
      }
    }
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#1d2228";
    for (const b of drawn) {
      ctx.font = (selected.has(b.id) ? "bold " : "") + LABEL_FONT;
      ctx.strokeText(b.text, b.x + b.w / 2, b.y + 2);
      ctx.fillText(b.text, b.x + b.w / 2, b.y + 2);
    }
    ctx.restore();
    window.kgLabels = { font: LABEL_FONT, boxes: drawn };
  }
  network.on("afterDrawing", drawLabels);

  /* --------------------------------------------------------------- groups */

  function setOpen(i, open) {
    if (isOpen[i] === open) return;
    isOpen[i] = open;
    applyFilters();
  }

  /* Open every group above `id`, so that it can be shown. */
  function openAbove(id) {
    const n = info.get(id);
    let i = n ? n.in : G[groupOf.get(id)].parent;
    let changed = false;
    while (i >= 0) {
      if (!isOpen[i]) { isOpen[i] = true; changed = true; }
      i = G[i].parent;
    }
    return changed;
  }

  /* What a group holds, itself included: the ids of its visible nodes. */
  function shownIn(i) {
    const under = (j) => { for (; j >= 0; j = G[j].parent) if (j === i) return true; return false; };
    return window.nodes.getIds({ filter: (n) => (n.id === groupNode(i) ||
      under(info.has(n.id) ? info.get(n.id).in : G[groupOf.get(n.id)].parent)) });
  }

  function fitTo(ids) {
    if (ids.length) network.fit({ nodes: ids, minZoomLevel: 0.02, maxZoomLevel: 2 });
    else network.fit();
  }

  /* A click on a closed group opens it and fits the view to what it holds. */
  network.on("click", (p) => {
    if (p.nodes.length !== 1) return;
    const i = groupOf.get(p.nodes[0]);
    if (i !== undefined && !isOpen[i]) {
      setOpen(i, true);
      fitTo(shownIn(i));
    }
    showPanel(p.nodes[0]);
  });

  /* -------------------------------------------------------------- ready */

  function ready() {
    $("progress").hidden = true;
    network.once("afterDrawing", () => {
      window.kgReady = times.ready = performance.now();
      document.body.dataset.ready = "true";
    });
    network.redraw();
  }

  $("relayout").addEventListener("click", () => {
    window.nodes.update(window.nodes.getIds().map(item));
    fitTo(window.nodes.getIds());
  });
  $("fit").addEventListener("click", () => fitTo(window.nodes.getIds()));

  /* --------------------------------------------------------------- legend */

  const typeBoxes = new Map();
  for (const t of data.types) {
    const box = el("input", { type: "checkbox", checked: true });
    box.dataset.type = t.name;
    box.addEventListener("change", () => applyFilters(true));
    typeBoxes.set(t.name, box);
    $("type-filter").append(el("li", null, el("label", null, box, swatch(t), el("span", null, t.en, " ",
      el("span", { className: "zh" }, t.zh)), el("span", { className: "count" }, t.count))));
  }
  const relationBoxes = new Map();
  for (const r of data.relations) {
    const box = el("input", { type: "checkbox", checked: initiallyShown(r.name) });
    box.dataset.relation = r.name;
    box.addEventListener("change", () => applyFilters(false));
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
  /* A report as the list names it: county · year · title (the file if it has no title). */
  function reportName(i) {
    const r = data.reports[i];
    return [r.county ? countyName(r.county) : "?", r.year === undefined || r.year === null ? "—" : r.year,
      r.title || r.file].join(" · ");
  }
  const counties = [...reportsOfCounty.keys()].sort((a, b) => {
    const ca = (info.get(a) || {}).code || "~", cb = (info.get(b) || {}).code || "~";
    return ca.localeCompare(cb) || countyName(a).localeCompare(countyName(b), "zh");
  });
  for (const county of counties) {
    const reports = reportsOfCounty.get(county);
    const name = county ? countyName(county) : "Unknown county · 未识别县";
    const group = el("optgroup", { label: name });
    if (county) group.append(el("option", { value: "c:" + county }, name + " · all " + reports.length + " reports"));
    for (const i of reports) {
      group.append(el("option", { value: "r:" + i, title: data.reports[i].file }, reportName(i)));
    }
    select.append(group);
  }
  select.addEventListener("change", () => applyFilters(true));

  const years = $("year-filter");
  years.append(el("option", { value: "" }, "All years · 全部年份"));
  for (const y of data.years) years.append(el("option", { value: String(y) }, String(y)));
  years.addEventListener("change", () => applyFilters(true));

  $("reset").addEventListener("click", () => {
    for (const box of typeBoxes.values()) box.checked = true;
    for (const [name, box] of relationBoxes) box.checked = initiallyShown(name);
    select.value = "";
    years.value = "";
    applyFilters(true);
  });

  /* -------------------------------------------------------------- filters */

  function reportFilter() {
    const value = select.value;
    let reports = null;
    if (value.startsWith("r:")) reports = new Set([Number(value.slice(2))]);
    if (value.startsWith("c:")) reports = new Set(reportsOfCounty.get(value.slice(2)) || []);
    if (years.value) {
      const year = Number(years.value);
      const inYear = data.reports.map((r, i) => i).filter((i) => data.reports[i].year === year);
      reports = new Set(inYear.filter((i) => reports === null || reports.has(i)));
    }
    return reports;
  }

  /* With a report or year chosen, what it names is shown whatever the groups;
     otherwise a node is shown if its type is ticked and every group above it is open. */
  function isShown(n, reports, open) {
    if (!typeBoxes.get(n.type).checked) return false;
    return reports === null ? open[n.in] : n.reports.some((i) => reports.has(i));
  }

  function applyFilters(refit) {
    const reports = reportFilter();
    const open = openChain();
    const wanted = new Set();
    for (const n of data.nodes) if (isShown(n, reports, open)) wanted.add(n.id);
    const entities = wanted.size;
    if (reports === null) {
      for (const i of typeGroups) if (open[G[i].parent] && typeBoxes.get(G[i].type).checked) wanted.add(groupNode(i));
    }
    const present = new Set(window.nodes.getIds());
    window.nodes.remove([...present].filter((id) => !wanted.has(id)));
    window.nodes.update([...wanted].filter((id) => !present.has(id) || groupOf.has(id)).map(item));
    const edges = [];
    for (const [name, box] of relationBoxes) {
      if (box.checked) for (const e of edgesOf.get(name)) if (wanted.has(e.from) && wanted.has(e.to)) edges.push(e);
    }
    const keep = new Set(edges.map((e) => e.id));
    window.edges.remove(window.edges.getIds().filter((id) => !keep.has(id)));
    const had = new Set(window.edges.getIds());
    window.edges.add(edges.filter((e) => !had.has(e.id)));
    $("stats").textContent = [count(data.nodes.length, "entity", "entities"), count(data.edges.length, "link", "links"),
      count(data.reports.length, "report", "reports")].join(" · ") + (entities < data.nodes.length ? " · showing " + entities : "");
    labelOrder = null;
    if (refit) fitTo([...wanted]);
  }

  /* Show node `id`: open the groups above it and, if the filters hide it, clear them. */
  function reveal(id) {
    const n = info.get(id);
    openAbove(id);
    typeBoxes.get(n.type).checked = true;
    if (!isShown(n, reportFilter(), openChain())) {
      select.value = "";
      years.value = "";
    }
    applyFilters(false);
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
    years.value = "";
    applyFilters(true);
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

  /* The button that opens or closes group `i`, and fits the view to it. */
  function groupButton(i, id) {
    const b = el("button", { type: "button", className: "group-toggle" },
      isOpen[i] ? "Close group · 收起" : "Open group · 展开 (" + G[i].count + ")");
    b.addEventListener("click", () => {
      setOpen(i, !isOpen[i]);
      fitTo(shownIn(i));
      showPanel(id);
    });
    return b;
  }

  function showGroupPanel(id) {
    const i = groupOf.get(id);
    const g = G[i];
    const panel = $("panel");
    const above = G[g.parent].node;
    const members = data.nodes.filter((n) => n.in === i).sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
    panel.replaceChildren(el("div", null, badge(g.type)),
      el("h2", { className: "name" }, typeLabel(g.type) + " (" + g.count + ")"),
      el("p", { className: "hint" }, above ? "In · 属于 " + info.get(above).label : "Named in several provinces · 多省提及"),
      groupButton(i, id));
    const list = el("ul");
    members.slice(0, 200).forEach((n) => list.append(el("li", null, nodeLink(n.id))));
    if (members.length > 200) list.append(el("li", null, "… " + (members.length - 200) + " more"));
    panel.append(list);
  }

  function showPanel(id) {
    if (!info.has(id)) return showGroupPanel(id);
    const n = info.get(id);
    const panel = $("panel");
    panel.replaceChildren();
    panel.append(el("div", null, ...n.types.map(badge)), el("h2", { className: "name" }, n.label));
    if (groupOf.has(id)) panel.append(groupButton(groupOf.get(id), id));
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
    if (!n) {
      const g = G[groupOf.get(p.node)];
      showTooltip(p.pointer.DOM, el("div", { className: "name" }, typeLabel(g.type) + " (" + g.count + ")"),
        el("div", { className: "sub" }, "Click to open · 点击展开"));
      return;
    }
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
    if (!info.has(e.from) || !info.has(e.to)) return;
    const r = relationOf.get(e.relation);
    showTooltip(p.pointer.DOM, el("div", null, info.get(e.from).label),
      el("div", { className: "sub" }, "→ " + r.en + " · " + r.zh + " →"), el("div", null, info.get(e.to).label));
  });
  for (const event of ["blurNode", "blurEdge", "dragStart", "zoom"]) {
    network.on(event, () => { tooltip.hidden = true; });
  }

  /* --------------------------------------------------------------- search */

  /* A query matches names, aliases and division codes, in simplified or
     traditional characters (the build's map turns a query into simplified),
     and a name's pinyin with or without tone marks (computed by the build). */
  const t2s = data.t2s;
  const simplify = (text) => Array.from(text, (c) => t2s[c] || c).join("");
  const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/;
  const PINYIN = /^[a-zü1-5āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]+$/;
  const compact = (q) => q.normalize("NFC").replace(/[\s'’·・\-]/g, "");
  const names = data.nodes.map((n) => ({
    id: n.id,
    keys: [[simplify(n.label.toLowerCase()), 0], ...n.aliases.map((a) => [simplify(a.toLowerCase()), 1]),
      ...(n.code ? [[n.code, 1]] : [])],
    plain: n.py ? n.py[0] : "", toned: n.py ? n.py[1] : "",
  }));

  function level(key, q) {
    if (key === q) return 0;
    if (key.startsWith(q)) return 1;
    return key.includes(q) ? 2 : -1;
  }

  /* Best rank of a match: exact before prefix before anywhere, names before aliases, codes and pinyin. */
  function rank(entry, q, py) {
    let best = -1;
    const better = (l, weight) => { if (l >= 0 && (best < 0 || 3 * l + weight < best)) best = 3 * l + weight; };
    for (const [key, weight] of entry.keys) better(level(key, q), weight);
    if (py) better(level(py.toned ? entry.toned : entry.plain, py.q), 2);
    return best;
  }

  function find(query, limit) {
    const q = simplify(query.trim().toLowerCase());
    if (!q) return [];
    const p = compact(q);
    const py = PINYIN.test(p) ? (TONED.test(p) ? { toned: true, q: p } : { toned: false, q: p.replace(/[1-5]/g, "").replace(/[üv]/g, "u") }) : null;
    const hits = [];
    for (const entry of names) {
      const r = rank(entry, q, py && py.q ? py : null);
      if (r >= 0) hits.push([r, info.get(entry.id).label.length, -info.get(entry.id).size, entry.id]);
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
        n.aliases.length ? el("span", { className: "sub" }, n.aliases.join("、")) : null,
        n.code ? el("span", { className: "sub" }, n.code) : null);
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

  window.kg = { focusNode: focusNode, find: find, applyFilters: applyFilters, setOpen: setOpen, reveal: reveal,
    label: (id) => info.get(id).label };
  applyFilters(false);
  fitTo(window.nodes.getIds());
  ready();
})();
