"""`kg build`: every report in, graph files out, written atomically.

Reports are extracted in worker processes, each on its own: a report that
fails is named with its problem and the others still build. Each report's
results go to a cache in the output folder as soon as they are ready, keyed
by the report's file name and bytes, the base IRI and the extractor's
version, so a rebuild extracts only new or changed reports.

The merged files are written from the cache entries in file-name order, each
report as soon as it and those before it are done. The triples of a
report's own nodes (the report, its mentions, sentences and assertions) are
copied as they are; the triples of shared nodes (areas,
people, laws, concepts, posts) are the only ones held in memory, once each.
The HTML view is drawn from those, the report nodes, and the mentions of
each entity in the first few reports that name it. Everything is written to
a staging folder inside the output folder and moved into place only when
all files are complete.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional

from kg import __version__
from kg.errors import KGError, ReadError
from kg.io.read import MAX_BYTES, find_reports
from kg.rdf.namespace import DEFAULT_BASE
from kg.turtle import Row, TurtleWriter, blocks, write_blocks
from kg.types import ReportResult

CACHE_DIR = ".kg-cache"
# The files of a cache entry: extractions, the report's Turtle (the shared
# nodes first, then its own), and a summary written last.
_SUFFIXES = (".jsonl", ".ttl", ".json")
# Bump when the layout of a cache entry changes.
CACHE_FORMAT = 2
# What decides a report's results: the code and data of these parts of kg.
_VERSIONED = ("io", "extract", "link", "rdf", "resources", "process.py", "jsonl.py", "types.py", "turtle.py")
_VERSIONED_DISTRIBUTIONS = ("spacy", "jieba", "rdflib", "opencc-python-reimplemented", "ahocorasick-rs")
# The HTML view gets the mentions (with their sentences) of an entity from
# the first reports that name it, this many, so its input stays small; it
# shows three sentences per entity, from as many reports as it can.
VIEW_REPORTS_PER_ENTITY = 3
VIEW_MENTIONS_PER_REPORT = 10
_IN_FLIGHT_PER_WORKER = 4
_REPORTS_PER_WORKER = 20

Progress = Callable[[int, int, str], None]
# What became of a report: the problem that stopped it (None if built) and its warnings.
Answer = tuple[Optional[str], list[str]]


@dataclass
class BuildSummary:
    reports: int = 0
    failed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    out_dir: str = ""
    extracted: int = 0
    cached: int = 0


@dataclass(frozen=True)
class _Entry:
    """A report to build, its cache key (None when its bytes cannot be read) and
    the problem that stops it before extraction, if any."""

    path: Path
    key: Optional[str]
    problem: Optional[str] = None


def default_workers() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of everything that decides a report's results.

    The source and data files of kg's reading, extraction, linking and RDF
    code, the versions of the libraries they use, and the cache layout.
    """
    root = Path(__file__).parent
    h = hashlib.sha256(f"kg {__version__} cache {CACHE_FORMAT}\n".encode())
    for dist in _VERSIONED_DISTRIBUTIONS:
        h.update(f"{dist} {metadata.version(dist)}\n".encode())
    for name in _VERSIONED:
        part = root / name
        files = sorted(part.rglob("*")) if part.is_dir() else [part]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def cache_key(path: Path, base: str) -> Optional[str]:
    """The cache key of the report at `path`, or None if its bytes cannot be read."""
    h = hashlib.sha256(f"{extractor_version()}\0{base}\0{path.name}\0".encode())
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha256").digest())
    except OSError:
        return None
    return h.hexdigest()


def build(inputs: Iterable[str | Path], out_dir: str | Path, base: str = DEFAULT_BASE,
          strict: bool = False, on_error: Optional[Callable[[ReadError], None]] = None,
          on_warning: Optional[Callable[[Path, str], None]] = None,
          progress: Optional[Progress] = None, workers: Optional[int] = None) -> BuildSummary:
    """Build the graph of `inputs` into `out_dir`; returns what was built.

    `workers` extraction processes (default: one per CPU) run at once;
    `progress(done, total, name)` is called as each report is done.
    """
    from kg.rdf.assemble import IRIs

    started = time.perf_counter()
    inputs = list(inputs)
    out = Path(out_dir)
    paths = find_reports(inputs, skip=out)
    if not paths:
        raise KGError(f"no report files (.txt, .md, .html) found in {', '.join(map(str, inputs))}")
    iri_base = IRIs(base).base
    summary = BuildSummary(out_dir=str(out))
    cache = out / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    entries = _entries(paths, iri_base)
    built: list[_Entry] = []
    for stale in [*out.glob(".kg-staging-*"), *out.glob(".kg-old-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out))
    try:
        results = _extract_all(entries, cache, iri_base, workers or default_workers(), summary)
        try:
            with _Merger(cache, staging, iri_base, summary) as merger:
                for n, (entry, (problem, warnings)) in enumerate(results, 1):
                    for warning in warnings:
                        summary.warnings.append(f"{entry.path}: {warning}")
                        if on_warning:
                            on_warning(entry.path, warning)
                    if problem is None:
                        built.append(entry)
                        merger.add(entry)
                    else:
                        exc = ReadError(entry.path, problem)
                        summary.failed.append(exc)
                        if on_error:
                            on_error(exc)
                        if strict:
                            raise exc
                    if progress:
                        progress(n, len(entries), entry.path.name)
                merger.finish()
        finally:
            results.close()
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(cache, {e.key for e in built})
    summary.seconds = time.perf_counter() - started
    return summary


def _entries(paths: list[Path], base: str) -> list[_Entry]:
    """The entries of `paths`; a report whose name (the file name without its suffix, which
    names its IRI and its reports/ file) an earlier one already has is refused."""
    first: dict[str, Path] = {}
    entries = []
    for p in paths:
        other = first.setdefault(p.stem.casefold(), p)
        if other is p:
            entries.append(_Entry(p, cache_key(p, base)))
        else:
            entries.append(_Entry(p, None, f"has the same report name as {other} (a report is named by its "
                                           "file name without the suffix): rename one"))
    return entries


def _extract_all(entries: list[_Entry], cache: Path, base: str, workers: int,
                 summary: BuildSummary) -> Iterator[tuple[_Entry, Answer]]:
    """(entry, (problem or None, warnings)) for every entry, in order; extracts what the cache lacks."""
    missing = [e.problem is None and not _cached(cache, e.key) for e in entries]
    todo = [e for e, m in zip(entries, missing) if m]
    summary.extracted = len(todo)
    summary.cached = sum(1 for e, m in zip(entries, missing) if e.problem is None and not m)

    def known(e: _Entry) -> Answer:
        return (e.problem, []) if e.problem else (None, _cached_warnings(cache, e.key))

    if not todo:
        yield from ((e, known(e)) for e in entries)
        return
    with ProcessPoolExecutor(max_workers=_pool_size(workers, len(todo)), initializer=_start_worker) as pool:
        try:
            answers = _answers(pool, todo, cache, base, workers * _IN_FLIGHT_PER_WORKER)
            yield from ((e, next(answers) if m else known(e)) for e, m in zip(entries, missing))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _pool_size(workers: int, todo: int) -> int:
    """At most `workers`, and one per `_REPORTS_PER_WORKER` reports to extract: a worker
    takes about two seconds to load the pipeline, as long as extracting some 80 reports,
    so a few reports are done sooner by fewer workers."""
    return max(1, min(workers, -(-todo // _REPORTS_PER_WORKER)))


def _start_worker() -> None:
    """Load the pipeline, then keep the garbage collector off its objects.

    Ctrl-C is left to the main process, which stops the workers.
    """
    import gc

    from kg.extract.pipeline import make_nlp

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    make_nlp()
    gc.freeze()


def _answers(pool: ProcessPoolExecutor, todo: list[_Entry], cache: Path, base: str,
             window: int) -> Iterator[Answer]:
    """The workers' answers in the order of `todo`, with at most `window` tasks queued.

    The first tasks are submitted at once, so that the workers load the
    pipeline while the cached reports before them are merged.
    """
    pending: deque[Future] = deque()
    tasks = iter(todo)

    def submit() -> None:
        entry = next(tasks, None)
        if entry is not None:
            pending.append(pool.submit(_extract, str(entry.path), entry.key, str(cache), base))

    for _ in range(window):
        submit()

    def answers() -> Iterator[Answer]:
        while pending:
            answer = pending.popleft().result()
            submit()
            yield answer

    return answers()


def _cached_warnings(cache: Path, key: Optional[str]) -> list[str]:
    """The warnings a cached report was read with, to say them again."""
    try:
        return json.loads((cache / f"{key}.json").read_text(encoding="utf-8")).get("warnings", [])
    except (OSError, ValueError):
        return []


def _cached(cache: Path, key: Optional[str]) -> bool:
    return key is not None and all((cache / f"{key}{suffix}").exists() for suffix in _SUFFIXES)


def _extract(path: str, key: Optional[str], cache: str, base: str) -> Answer:
    """Extract one report into the cache (in a worker): (the problem if it failed, warnings)."""
    from kg.io.read import read_report
    from kg.process import process_report

    try:
        report = read_report(path)
        result = process_report(report)
    except ReadError as exc:
        return exc.problem, []
    except Exception as exc:  # a bug must cost one report, not the build
        first = (str(exc).splitlines() or [""])[0][:200]
        return f"cannot be processed ({type(exc).__name__}: {first})", []
    if key is None:
        return "changed while it was read", []
    _write_entry(Path(cache), key, result, base, list(report.warnings))
    return None, list(report.warnings)


@functools.lru_cache(maxsize=4)
def _writer(base: str) -> TurtleWriter:
    from rdflib import Graph

    from kg.rdf.assemble import bind_prefixes

    g = Graph(bind_namespaces="none")
    bind_prefixes(g, base)
    return TurtleWriter((p, str(ns)) for p, ns in g.namespaces())


def _write_entry(cache: Path, key: str, result: ReportResult, base: str, warnings: list[str]) -> None:
    """Write one report's cache entry (the files of `_SUFFIXES`).

    The summary (`.json`) is written last: an entry is complete when it exists.
    """
    from rdflib.namespace import PROV

    from kg.jsonl import dumps, result_lines
    from kg.rdf.assemble import IRIs, report_triples
    from kg.rdf.namespace import KG

    writer = _writer(base)
    report_node = IRIs(base).report(result.doc)
    report = str(report_node)
    own: set[Row] = set()
    shared: set[Row] = set()
    own_prefix = report + "/"
    for (s, _, _), row in writer.rows(report_triples(result, base)):
        (own if str.startswith(s, own_prefix) or str.__eq__(s, report) else shared).add(row)
    head = writer.header() + blocks(shared)
    report_term, denotes, derived = writer.term(report_node), writer.term(KG.denotes), writer.term(PROV.wasDerivedFrom)
    sentence = {s: o for s, p, o in own if p == derived}
    denoted = [(mention, entity) for mention, p, entity in own if p == denotes]
    own_triples = len(own)
    spans: dict[str, tuple[int, int]] = {}
    rows = sorted(own)
    own = None
    report_rows = [row for row in rows if row[0] == report_term]
    def write_turtle(fh: IO[str]) -> None:
        fh.write(head)
        write_blocks(fh, rows, spans, len(head), presorted=True)

    _write_stream(cache / f"{key}.ttl", write_turtle)
    del rows
    evidence: dict[str, set[tuple[int, int]]] = {}
    for mention, entity in _first_mentions(denoted, VIEW_MENTIONS_PER_REPORT):
        found = evidence.setdefault(entity, set())
        for node in (mention, sentence[mention]) if mention in sentence else (mention,):
            found.add(spans[node])
    summary = {
        "doc": result.doc,
        "report": report_term,
        "entities": dict(Counter(e.type for e in result.entities)),
        "relations": dict(Counter(r.p for r in result.relations)),
        "own_triples": own_triples,
        "own_from": len(head),
        "shared": sorted(shared),
        "report_rows": report_rows,
        "evidence": {e: sorted(found) for e, found in sorted(evidence.items())},
        "warnings": warnings,
    }
    def write_lines(fh: IO[str]) -> None:
        for obj in result_lines(result, base):
            fh.write(dumps(obj) + "\n")

    _write_stream(cache / f"{key}.jsonl", write_lines)
    _write_text(cache / f"{key}.json", json.dumps(summary, ensure_ascii=False))


def _first_mentions(denoted: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """The first `limit` (mention, entity) pairs of each entity in the text: the view's evidence
    needs only a few, and a huge report would otherwise hand it every mention."""
    def offsets(term: str) -> tuple[int, int]:
        m = _MENTION_SPAN.search(term)
        return (int(m.group(1)), int(m.group(2))) if m else (-1, -1)

    by_entity: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for mention, entity in denoted:
        by_entity.setdefault(entity, []).append((offsets(mention), mention))
    return [(mention, entity) for entity, found in by_entity.items() for _, mention in sorted(found)[:limit]]


_MENTION_SPAN = re.compile(r"/mention/(\d+)-(\d+)")


def _write_stream(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write a file through `write(fh)`, atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        write(fh)
    os.replace(tmp, path)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


class _Merger:
    """Write the merged files into `staging`, one cached report at a time as they arrive.

    Each report's own triples go straight to the files (graph.ttl's body is
    kept aside until the shared triples, which come first, are complete);
    only the shared triples, the report nodes and the view's evidence stay
    in memory.
    """

    def __init__(self, cache: Path, staging: Path, base: str, summary: BuildSummary) -> None:
        self.cache, self.staging, self.summary = cache, staging, summary
        self.header = _writer(base).header()
        self.shared: set[Row] = set()
        self.report_rows: list[Row] = []
        self.view_blocks: list[str] = []
        self.view_reports: Counter = Counter()
        self.own_triples = 0
        (staging / "reports").mkdir()
        self.body = open(staging / ".graph.ttl.body", "w", encoding="utf-8", newline="\n")
        self.trig = open(staging / "graph.trig", "w", encoding="utf-8", newline="\n")
        self.jsonl = open(staging / "extractions.jsonl", "w", encoding="utf-8", newline="\n")
        self.trig.write(self.header)

    def __enter__(self) -> "_Merger":
        return self

    def __exit__(self, *exc: object) -> None:
        for fh in (self.body, self.trig, self.jsonl):
            fh.close()

    def add(self, entry: _Entry) -> None:
        """Merge the cache entry of one report."""
        with open(self.cache / f"{entry.key}.json", encoding="utf-8") as fh:
            info = json.load(fh)
        summary = self.summary
        summary.reports += 1
        summary.entities.update(info["entities"])
        summary.relations.update(info["relations"])
        self.own_triples += info["own_triples"]
        self.shared.update(map(tuple, info["shared"]))
        self.report_rows += map(tuple, info["report_rows"])
        turtle = self.cache / f"{entry.key}.ttl"
        text = turtle.read_text(encoding="utf-8")
        wanted = [e for e in info["evidence"] if self.view_reports[e] < VIEW_REPORTS_PER_ENTITY]
        if wanted:
            spans = sorted({tuple(span) for e in wanted for span in info["evidence"][e]})
            self.view_blocks += [text[a:b] for a, b in spans]
            self.view_reports.update(wanted)
        self.body.write(text[info["own_from"]:])
        self.trig.write(f"{info['report']} {{\n{text[len(self.header):].rstrip()}\n}}\n\n")
        _copy_into(self.cache / f"{entry.key}.jsonl", self.jsonl)
        _link(turtle, self.staging / "reports" / f"{Path(info['doc']).stem}.ttl")

    def finish(self) -> None:
        """Write graph.ttl (prefixes, shared triples, then the reports' own) and the view."""
        self.summary.triples = self.own_triples + len(self.shared)
        shared_text = blocks(self.shared)
        self.body.close()
        body = self.staging / ".graph.ttl.body"
        with open(self.staging / "graph.ttl", "wb") as ttl, open(body, "rb") as own:
            ttl.write((self.header + shared_text).encode("utf-8"))
            shutil.copyfileobj(own, ttl, 1 << 20)
        body.unlink()
        _write_view(self.header + shared_text + blocks(self.report_rows) + "".join(self.view_blocks),
                    self.staging / "graph.html")


def _copy_into(path: Path, out: IO[str]) -> None:
    with open(path, encoding="utf-8") as fh:
        shutil.copyfileobj(fh, out)


def _link(source: Path, target: Path) -> None:
    """Hard-link `target` to the cached `source` (copy where links are impossible)."""
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_view(turtle: str, path: Path) -> None:
    """Write the HTML view of the graph in `turtle` (parsed from a file beside `path`).

    The graph has no named graphs, so rdflib's context-free store does (twice as fast to fill).
    """
    from rdflib import Graph

    from kg.rdf.files import load_graph
    from kg.view.html import write_view

    source = path.with_name(".view.ttl")
    source.write_text(turtle, encoding="utf-8", newline="\n")
    g = load_graph(source, into=Graph(store="SimpleMemory"))
    source.unlink()
    write_view(g, path)


def _publish(staging: Path, out: Path) -> None:
    """Move the finished files into `out`, replacing the previous build's as one step.

    The previous files are set aside first; if the moves are interrupted
    (an error, Ctrl-C), they are put back, so `out` holds one whole build.
    """
    names = ["reports"] + sorted(f.name for f in staging.iterdir() if f.is_file())
    trash = Path(tempfile.mkdtemp(prefix=".kg-old-", dir=out))
    set_aside: list[str] = []
    placed: list[str] = []
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, trash / name)
                set_aside.append(name)
            os.replace(staging / name, out / name)
            placed.append(name)
    except BaseException:
        for name in placed:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        for name in set_aside:
            os.replace(trash / name, out / name)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _prune(cache: Path, keep: set) -> None:
    """Remove the cache entries (and stray temporary files) this build did not use."""
    for f in cache.iterdir():
        if f.name.split(".", 1)[0] not in keep:
            f.unlink(missing_ok=True)
