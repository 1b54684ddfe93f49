// The query page of `kg serve`: pick an example or write a query, run it against
// /sparql, see the answer as a table (SELECT, ASK) or as Turtle (CONSTRUCT, DESCRIBE).
// Every text goes into the page as text, never as markup.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const examples = $("examples"), query = $("query"), run = $("run"), status = $("status");
  const error = $("error"), table = $("results"), triples = $("triples"), box = $("table-box");
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  const NUMBERS = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger|gYear)$/;

  function fillExamples() {
    const blank = new Option("(your own query · 自定义)", "");
    examples.add(blank);
    for (const ex of data.examples) examples.add(new Option(ex.name, ex.name));
    examples.addEventListener("change", () => pick(examples.value));
    const first = data.examples[0];
    if (first) { examples.value = first.name; pick(first.name); }
  }

  function pick(name) {
    const ex = data.examples.find((e) => e.name === name);
    $("comment").textContent = ex ? ex.comment : "";
    if (ex) query.value = ex.query;
  }

  function prefixes(text) {
    const out = [];
    for (const m of text.matchAll(/^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>/gim)) out.push([m[1] || "", m[2]]);
    return out.sort((a, b) => b[1].length - a[1].length);
  }

  function shortIri(iri, known) {
    for (const [p, ns] of known) if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    return "<" + iri + ">";
  }

  function cell(term, known) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.className = "iri";
      td.textContent = shortIri(term.value, known);
      td.title = term.value;
    } else {
      td.textContent = term.value;
      if (term.datatype && NUMBERS.test(term.datatype)) td.className = "num";
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = shortIri(term.datatype, known);
    }
    return td;
  }

  function showTable(json, known) {
    const head = table.tHead, body = table.tBodies[0];
    head.replaceChildren(); body.replaceChildren();
    const columns = json.head.vars || ["ask"];
    const rows = "boolean" in json ? [{ ask: { type: "literal", value: String(json.boolean) } }] : json.results.bindings;
    const tr = head.insertRow();
    for (const c of columns) {
      const th = document.createElement("th");
      th.textContent = c;
      tr.append(th);
    }
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const r = document.createElement("tr");
      for (const c of columns) r.append(cell(row[c], known));
      fragment.append(r);
    }
    body.append(fragment);
    table.hidden = false;
    box.hidden = false;
    return rows.length;
  }

  function downloads(text) {
    for (const a of document.querySelectorAll("#downloads a")) {
      a.href = "/sparql?" + new URLSearchParams({ query: text, format: a.dataset.format });
    }
  }

  function reset() {
    error.hidden = true; table.hidden = true; triples.hidden = true; box.hidden = false;
    $("downloads").hidden = true;
    document.body.dataset.state = "running";
  }

  async function execute() {
    const text = query.value;
    reset();
    run.disabled = true;
    status.textContent = "Running… · 运行中…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST", headers: { Accept: ACCEPT }, body: new URLSearchParams({ query: text }),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        error.textContent = `HTTP ${response.status}: ${await response.text()}`;
        error.hidden = false;
        status.textContent = `Failed after ${seconds} s · 失败`;
        document.body.dataset.state = "error";
        return;
      }
      if (type.startsWith("application/sparql-results+json")) {
        const n = showTable(await response.json(), prefixes(text));
        status.textContent = `${n} row${n === 1 ? "" : "s"} in ${seconds} s · ${n} 行`;
        downloads(text);
        $("downloads").hidden = false;
      } else {
        triples.textContent = await response.text();
        triples.hidden = false;
        box.hidden = true;
        status.textContent = `Triples (Turtle) in ${seconds} s · 三元组`;
      }
      document.body.dataset.state = "done";
    } catch (e) {
      error.textContent = String(e);
      error.hidden = false;
      status.textContent = "Failed · 失败";
      document.body.dataset.state = "error";
    } finally {
      run.disabled = false;
    }
  }

  function viewLink() {
    const link = $("view-link");
    if (!data.view) {
      link.classList.add("missing");
      link.title = "No graph.html beside the graph: kg view writes it";
      link.textContent += " (not built)";
    }
  }

  fillExamples();
  viewLink();
  $("endpoint").textContent = location.origin + "/sparql";
  status.textContent = `A query may run ${data.timeout} s (kg serve --timeout) · 查询限时 ${data.timeout} 秒`;
  run.addEventListener("click", execute);
  query.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); execute(); }
  });
  query.addEventListener("input", () => { if (examples.value) examples.value = ""; });
  document.body.dataset.ready = "true";
})();
