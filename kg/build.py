"""`kg build`: every report in, graph files out, written atomically.

Reports are extracted in worker processes, each on its own: a report that
fails is named with its problem and the others still build. Each report's
results go to the cache (`kg.cache`) in the output folder as soon as they
are ready, keyed by the report's file name and the bytes extracted, the base
IRI and the extractor's version, so a rebuild extracts only new or changed
reports.

The merged files are written from the cache entries in file-name order once
every report is done: what the build decides across reports (one type and
one name per programme or slogan, a second report of one county, year and
kind told apart) needs them all, so their summaries are read first
(`_Merger.plan`), then each entry is merged. The triples of a report's own
nodes (the report, its mentions, sentences and assertions) are copied as they
are; the triples of shared nodes (areas, people, laws, concepts, posts) are
the only ones held in memory, once each.
The HTML view is drawn from those, the report nodes, and the mentions of
each entity in the first few reports that name it.

What the build may touch in the output folder, its lock and the switch from
the previous build to the new one are `kg.outdir`'s: everything is written
to a staging folder and switched in only when all files are complete.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from kg.cache import CACHE_DIR, Cache, cache_key, entry_key
from kg.errors import KGError, ReadError, UsageError
from kg.io.read import find_reports, name_key, not_a_file, report_names
from kg.outdir import (MANIFEST, OUTPUTS, Manifest, claim, discard, locked, publish, recover, report_file,
                       staging_folder)
from kg.outdir.lock import forget_in_child
from kg.rdf.namespace import DEFAULT_BASE
from kg.rdf.store import BuildStore
from kg.registry import registry
from kg.turtle import Row, TurtleWriter, blocks
from kg.types import ReportResult

# The HTML view gets the mentions (with their sentences) of an entity from
# the first reports that name it, this many, so its input stays small; it
# shows three sentences per entity, from as many reports as it can.
VIEW_REPORTS_PER_ENTITY = 3
VIEW_MENTIONS_PER_REPORT = 10
_IN_FLIGHT_PER_WORKER = 4
_REPORTS_PER_WORKER = 20

Progress = Callable[[int, int, str], None]
# What became of a report: the problem that stopped it (None if built), its warnings,
# and the key of its cache entry (the digest of the bytes extracted; None if it failed).
Answer = tuple[Optional[str], list[str], Optional[str]]


@dataclass
class BuildSummary:
    reports: int = 0
    failed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # The distinct entities (by type) and relations (by property) of the merged graph.
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    # The same summed over the reports: an entity named by ten reports counts ten times.
    entities_per_report: Counter = field(default_factory=Counter)
    relations_per_report: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    out_dir: str = ""
    extracted: int = 0
    cached: int = 0


@dataclass(frozen=True)
class _Entry:
    """A report to build, its cache key (None when its bytes cannot be read), the
    problem that stops it before extraction, if any, and whether its cache entry
    is there and sound."""

    path: Path
    name: str
    key: Optional[str]
    problem: Optional[str] = None
    cached: bool = False


def default_workers() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def build(inputs: Iterable[str | Path], out_dir: str | Path, base: str = DEFAULT_BASE,
          strict: bool = False, on_error: Optional[Callable[[ReadError], None]] = None,
          on_warning: Optional[Callable[[Path, str], None]] = None,
          progress: Optional[Progress] = None, workers: Optional[int] = None, force: bool = False,
          wait: bool = True, on_note: Optional[Callable[[str], None]] = None,
          people: Optional[str | Path] = None) -> BuildSummary:
    """Build the graph of `inputs` into `out_dir`; returns what was built.

    `workers` extraction processes (default: one per CPU) run at once;
    `progress(done, total, name)` is called as each report is done. `force`
    lets the build replace files in `out_dir` that kg did not write. When
    another build holds `out_dir`, the build waits for it (`on_note` hears
    so) or, if not `wait`, raises `kg.outdir.Busy`. `people` is a file that merges or
    splits people (kg.link.people).
    """
    from kg.link.people import use_mapping
    from kg.rdf.assemble import IRIs

    use_mapping(people)

    started = time.perf_counter()
    inputs = list(inputs)
    out = Path(out_dir)
    unreadable: list[ReadError] = []
    try:
        paths = find_reports(inputs, skip=out, outputs=(MANIFEST, CACHE_DIR), problems=unreadable, on_note=on_note)
    except ReadError as exc:
        if on_error:
            on_error(exc)
        raise
    _check_outside(inputs, out)
    summary = BuildSummary(out_dir=str(out))
    for exc in unreadable:  # folders and names that cannot be read: the others still build
        summary.failed.append(exc)
        if on_error:
            on_error(exc)
        if strict:
            raise exc
    if not paths:
        raise KGError(f"no report files (.txt, .md, .html, .pdf, .docx) found in {', '.join(map(str, inputs))}")
    iri_base = IRIs(base).base

    def warn(path: Path, warning: str) -> None:
        summary.warnings.append(f"{path}: {warning}")
        if on_warning:
            on_warning(path, warning)

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "a link to a missing folder" if out.is_symlink() and not out.exists() else exc.strerror or exc
        raise KGError(f"{out}: cannot be the output folder ({why})") from None
    with locked(out, wait, on_note):
        if recover(out) and on_note:
            on_note(f"finished publishing the build into {out} that was cut short")
        names = report_names(paths)
        claimed = claim(out, [*OUTPUTS, *(report_file(names[p]) for p in paths)], force)
        cache = Cache(out / CACHE_DIR)
        entries = _entries(paths, names, iri_base, cache, warn)
        staging = staging_folder(out)
        try:
            with BuildStore(out, on_note) as store:
                keys, written = _merge(entries, cache, staging, iri_base, workers or default_workers(), summary,
                                       strict, on_error, warn, progress, store)
                if not keys:
                    raise KGError(f"no report could be read: nothing was published, and {out} is left as it was")
                remove, left = claimed.stale(written)
                for rel in left:
                    warn(out / rel, "was changed since kg wrote it: left in place, no longer kg's")
                manifest = Manifest.of_folder(staging, written)
                store.place(manifest.files)
                publish(out, staging, manifest, remove)
        finally:
            discard(out)
        cache.prune(set(keys))
    summary.seconds = time.perf_counter() - started
    return summary


def _check_outside(inputs: list, out: Path) -> None:
    """Refuse an input inside the output folder: kg writes there."""
    where = out.resolve()
    for item in inputs:
        p = Path(item)
        if p.resolve() == where or p.resolve().is_relative_to(where):
            raise UsageError(f"{p}: is inside the output folder {out}, where kg writes; "
                             "choose another --out")


def _merge(entries: list[_Entry], cache: Cache, staging: Path, base: str, workers: int, summary: "BuildSummary",
           strict: bool, on_error: Optional[Callable[[ReadError], None]], warn: Callable[[Path, str], None],
           progress: Optional[Progress], store: BuildStore) -> tuple[list[str], list[str]]:
    """Extract what the cache lacks and merge every report into `staging`: (the keys of
    the cache entries merged, the files written, relative to `staging`). `store` loads
    graph.trig as it is written."""
    keys: list[str] = []
    built: list[tuple[Path, str]] = []
    results = _extract_all(entries, cache, base, workers, summary)
    try:
        for n, (entry, (problem, warnings, key)) in enumerate(results, 1):
            for warning in warnings:
                warn(entry.path, warning)
            if problem is None:
                if entry.key is not None and key != entry.key:
                    warn(entry.path, "changed while the build read it: built as read last")
                built.append((entry.path, key))
            else:
                exc = ReadError(entry.path, problem)
                summary.failed.append(exc)
                if on_error:
                    on_error(exc)
                if strict:
                    raise exc
            if progress:
                progress(n, len(entries), entry.path.name)
    finally:
        results.close()
    with _Merger(cache, staging, base, summary) as merger:
        plan = merger.plan(built, warn)
        store.follow(staging / "graph.trig", _turtle_bytes(cache, built))
        for _, key in built:
            keys.append(key)
            merger.add(key, plan)
        store.written(merger.trig)
        if keys:
            merger.finish()
    return keys, merger.written


def _turtle_bytes(cache: Cache, built: list[tuple[Path, str]]) -> int:
    """The bytes of the reports' Turtle, about those of the merged graph.trig."""
    return sum(cache.path(key, ".ttl").stat().st_size for _, key in built)


def _entries(paths: list[Path], names: dict[Path, str], base: str, cache: Cache,
             warn: Callable[[Path, str], None]) -> list[_Entry]:
    """The entries of `paths`, named by `names`. Refused: what is not a regular file (a
    FIFO or a device, which is not opened), and a report whose name (without its
    suffix: it names the report's reports/ file and its lines in extractions.jsonl)
    an earlier one already has, compared as IRIs compare them (NFKC: `report１` is
    `report1`) and without case (as file names on a case-blind disk). A damaged cache
    entry is named and extracted again."""
    first: dict[str, Path] = {}
    entries = []
    for p in paths:
        name = names[p]
        try:
            problem = not_a_file(os.stat(p).st_mode)
        except OSError:
            problem = None  # reading it names the problem
        other = first.setdefault(name_key(name), p)
        if problem:
            entries.append(_Entry(p, name, None, problem))
        elif other is not p:
            entries.append(_Entry(p, name, None, f"has the same report name as {other} (a report is named by its "
                                                 "file name without the suffix): rename one"))
        else:
            key = cache_key(p, base, name)
            cached = cache.has(key)
            if cached:
                damage = cache.damage(key)
                if damage:
                    warn(p, f"its cache entry {cache.path(key, '.*')} is damaged ({damage}): extracting it again")
                    cached = False
            entries.append(_Entry(p, name, key, cached=cached))
    return entries


def _extract_all(entries: list[_Entry], cache: Cache, base: str, workers: int,
                 summary: BuildSummary) -> Iterator[tuple[_Entry, Answer]]:
    """(entry, answer) for every entry, in order; extracts what the cache lacks."""
    missing = [e.problem is None and not e.cached for e in entries]
    todo = [e for e, m in zip(entries, missing) if m]
    summary.extracted = len(todo)
    summary.cached = sum(1 for e in entries if e.cached)

    def known(e: _Entry) -> Answer:
        return (e.problem, [], None) if e.problem else (None, cache.warnings(e.key), e.key)

    if not todo:
        yield from ((e, known(e)) for e in entries)
        return
    from kg import forkserver
    from kg.link.people import mapping_file

    with ProcessPoolExecutor(max_workers=_pool_size(workers, len(todo)), mp_context=forkserver.context(),
                             initializer=_start_worker, initargs=(os.getpid(), mapping_file())) as pool:
        try:
            answers = _answers(pool, todo, cache, base, workers * _IN_FLIGHT_PER_WORKER)
            threading.Thread(target=_warm_up, name="kg-warm-up", daemon=True).start()
            yield from ((e, next(answers) if m else known(e)) for e, m in zip(entries, missing))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    forkserver.stop()  # every report is extracted: its memory is the merge's and the view's now


def _warm_up() -> None:
    """Import what the merge and the view need, and load pinyin's dictionaries, while the
    workers load the pipeline and extract: the main process only waits for them then.

    Started after the pool has forked its workers (it forks them all at the first
    task), so no worker is forked while this thread holds an import lock.
    """
    from kg.view import html, search  # noqa: F401

    search.pinyin("中")


def _pool_size(workers: int, todo: int) -> int:
    """At most `workers`, and no more than there are reports to extract. A worker forked
    from this process takes about a second to load the pipeline, as long as extracting
    some 30 reports, so then one is started per `_REPORTS_PER_WORKER` reports; workers
    forked from kg.forkserver's server are ready at once."""
    from kg import forkserver

    per_worker = 1 if forkserver.context() is not None else _REPORTS_PER_WORKER
    return max(1, min(workers, -(-todo // per_worker)))


def _start_worker(parent: int, people: Optional[Path] = None) -> None:
    """Tie the worker to the main process `parent` (or to the fork server it was forked
    from, which ends with the main process), read the `people` file, load the pipeline
    (unless the server had) with the garbage collector paused, then keep the collector
    off its objects.

    Ctrl-C is left to the main process, which stops the workers; when the main
    process dies (killed, as the OOM killer does), the system kills them (Linux):
    a worker of this process by PR_SET_PDEATHSIG, a worker of the fork server
    (whose descriptors keep the server alive) by watching the main process.
    The worker lets go of the output folder's lock it inherited.
    """
    import gc

    from kg.extract.pipeline import make_nlp
    from kg.link.people import use_mapping

    preloaded = sys.modules.get("kg.extract.preload")  # forked from kg.forkserver's server
    _die_with(preloaded.SERVER_PID if preloaded else parent)
    if preloaded:
        _exit_with(parent)
    use_mapping(people)
    forget_in_child()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # the pipeline's tables are many objects and no cycles: collecting while they load is waste
    make_nlp()
    gc.freeze()
    gc.enable()


_PR_SET_PDEATHSIG = 1


def _exit_with(pid: int) -> None:
    """End this process when the process `pid` ends, watched by a thread (Linux's pidfd)."""
    import select

    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)

    def watch() -> None:
        select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="kg-exit-with-main", daemon=True).start()


def _die_with(parent: int) -> None:
    """Have the system kill this process when `parent` ends (Linux's PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it ended before the request
        os._exit(1)


def _answers(pool: ProcessPoolExecutor, todo: list[_Entry], cache: Cache, base: str,
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
            pending.append(pool.submit(_extract, str(entry.path), entry.name, str(cache.folder), base))

    for _ in range(window):
        submit()

    def answers() -> Iterator[Answer]:
        while pending:
            answer = pending.popleft().result()
            submit()
            yield answer

    return answers()


def _extract(path: str, name: str, cache: str, base: str) -> Answer:
    """Extract the report `name` at `path` into the cache (in a worker), keyed by the bytes it read."""
    from kg.io.read import read_bytes, read_report
    from kg.process import process_report

    try:
        data = read_bytes(path)
        report = read_report(path, data, name)
        result = process_report(report)
    except ReadError as exc:
        return exc.problem, [], None
    except Exception as exc:  # a bug must cost one report, not the build
        first = (str(exc).splitlines() or [""])[0][:200]
        return f"cannot be processed ({type(exc).__name__}: {first})", [], None
    key = entry_key(name, data, base)
    _write_entry(Cache(Path(cache)), key, result, base, list(report.warnings))
    return None, list(report.warnings), key


@functools.lru_cache(maxsize=4)
def _writer(base: str) -> TurtleWriter:
    from rdflib import Graph

    from kg.rdf.assemble import bind_prefixes

    g = Graph(bind_namespaces="none")
    bind_prefixes(g, base)
    return TurtleWriter((p, str(ns)) for p, ns in g.namespaces())


def _write_entry(cache: Cache, key: str, result: ReportResult, base: str, warnings: list[str]) -> None:
    """Write one report's cache entry: its Turtle (the shared nodes first, then its
    own), its extractions, and a summary of what the merge needs, last."""
    from kg.jsonl import dumps, result_lines
    from kg.rdf.assemble import KG, PROV, IRIs, report_triples

    writer = _writer(base)
    iris = IRIs(base)
    report = iris.report(result.doc, result.facts)
    own: set[Row] = set()
    shared: set[Row] = set()
    own_prefix = report + "/"
    for s, row in writer.plain_rows(report_triples(result, base)):
        (own if s.startswith(own_prefix) or s == report else shared).add(row)
    own_triples = len(own)
    shared_rows, rows = sorted(shared), sorted(own)
    del own, shared
    head = writer.header() + blocks(shared_rows, presorted=True)
    spans: dict[str, tuple[int, int]] = {}
    cache.write(key, ".ttl", head + blocks(rows, spans, len(head), presorted=True))
    report_term, denotes, derived = writer.term(report), writer.term(KG.denotes), writer.term(PROV.wasDerivedFrom)
    sentence = {s: o for s, p, o in rows if p == derived}
    denoted = [(mention, entity) for mention, p, entity in rows if p == denotes]
    report_rows = [row for row in rows if row[0] == report_term]
    del rows
    evidence: dict[str, set[tuple[int, int]]] = {}
    for mention, entity in _first_mentions(denoted, VIEW_MENTIONS_PER_REPORT):
        found = evidence.setdefault(entity, set())
        for node in (mention, sentence[mention]) if mention in sentence else (mention,):
            found.add(spans[node])
    concept_types = registry().concept_types()
    summary = {
        "doc": result.doc,
        "report": report_term,
        "report_iri": report,
        "concepts": {writer.term(iris.key(e.iri_key)): {"types": e.type_counts or {e.type: len(e.mentions)},
                                                               "label": e.name, "mentions": len(e.mentions)}
                     for e in result.entities if e.type in concept_types},
        "entities": dict(Counter(e.type for e in result.entities)),
        "relations": dict(Counter(r.p for r in result.relations)),
        "own_triples": own_triples,
        "own_from": len(head),
        "shared": shared_rows,
        "report_rows": report_rows,
        "evidence": {e: sorted(found) for e, found in sorted(evidence.items())},
        "warnings": warnings,
    }
    cache.write(key, ".jsonl", "".join(dumps(obj) + "\n" for obj in result_lines(result, base)))
    cache.write_summary(key, summary)


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


@dataclass(frozen=True)
class _Plan:
    """What the merge decided across reports (`_Merger.plan`): cache key → (report IRI,
    its new IRI) for reports told apart; per concept term the class term of its one
    type and the literal of its one name (the others become its skos:altLabel)."""

    renamed: dict[str, tuple[str, str]]
    types: dict[str, str]
    labels: dict[str, str]
    concept_classes: frozenset
    pref_label: str
    label: str
    alt_label: str

    def fix(self, rows: list[tuple]) -> set[tuple]:
        """The shared rows of one report with each concept's type and names as decided."""
        out = set()
        for s, p, o in rows:
            if p == "a" and o in self.concept_classes and s in self.types:
                o = self.types[s]
            elif p in (self.pref_label, self.label) and s in self.labels and o != self.labels[s]:
                out.add((s, self.alt_label, o))
                o = self.labels[s]
            out.add((s, p, o))
        return out


def _same(text: str) -> str:
    return text


def _renamer(writer: TurtleWriter, old: str, new: str) -> Callable[[str], str]:
    """Replace the report IRI `old` by `new` in Turtle text: the term itself and the IRIs
    of its own nodes (`<old/mention/…>`)."""
    from rdflib import URIRef

    old_term, new_term = writer.term(URIRef(old)), writer.term(URIRef(new))
    own = f"<{old}/"
    pattern = re.compile(re.escape(own) + "|" + re.escape(old_term) + r"(?![^\s;,.\]\)}])")

    def rename(text: str) -> str:
        return pattern.sub(lambda m: f"<{new}/" if m.group() == own else new_term, text)

    return rename


class _Merger:
    """Write the merged files into `staging`, one cached report at a time, as `plan` decided.

    A summary is read twice (by `plan`, then by `add`) rather than kept: keeping
    them all would hold every report's shared rows again. Each report's own
    triples go straight to the files (graph.ttl's body is
    kept aside until the shared triples, which come first, are complete);
    only the shared triples, the report nodes and the view's evidence stay
    in memory.
    """

    def __init__(self, cache: Cache, staging: Path, base: str, summary: BuildSummary) -> None:
        self.cache, self.staging, self.summary = cache, staging, summary
        self.writer = _writer(base)
        self.header = self.writer.header()
        self.shared: set[Row] = set()
        self.report_rows: list[Row] = []
        self.view_blocks: list[str] = []
        self.view_reports: Counter = Counter()
        self.own_triples = 0
        self.written: list[str] = list(OUTPUTS)
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

    def plan(self, built: list[tuple[Path, str]], warn: Callable[[Path, str], None]) -> "_Plan":
        """Decide what needs every report before any is written: a new IRI for a report
        whose county, year and kind an earlier one has (both kept, told apart), and one
        type and one name per programme or slogan, by its mentions in all reports."""
        from rdflib import RDFS, SKOS, Literal

        from kg.link.concepts import concept_label, concept_type

        reg = registry()
        first: dict[str, Path] = {}
        taken: set[str] = set()
        renamed: dict[str, tuple[str, str]] = {}
        counts: dict[str, Counter] = {}
        labels: dict[str, Counter] = {}
        for path, key in built:
            info = self.cache.summary(key)
            iri = info["report_iri"]
            if iri in first:
                n = 2
                while f"{iri}-{n}" in taken:
                    n += 1
                renamed[key] = (iri, f"{iri}-{n}")
                warn(path, f"has the county, year and kind of {first[iri]} (both <{iri}>): both kept, "
                           f"this one as <{iri}-{n}>")
            else:
                first[iri] = path
            taken.add(renamed[key][1] if key in renamed else iri)
            for term, concept in info["concepts"].items():
                counts.setdefault(term, Counter()).update(concept["types"])
                labels.setdefault(term, Counter())[concept["label"]] += concept["mentions"]
        cls = {t: self.writer.term(reg.entity(t).cls) for t in reg.concept_types()}
        return _Plan(renamed, {term: cls[concept_type(c)] for term, c in counts.items()},
                     {term: self.writer.term(Literal(concept_label(c), lang="zh")) for term, c in labels.items()},
                     frozenset(cls.values()), *map(self.writer.term, (SKOS.prefLabel, RDFS.label, SKOS.altLabel)))

    def add(self, key: str, plan: "_Plan") -> None:
        """Merge the cache entry `key` of one report, as `plan` says."""
        info = self.cache.summary(key)
        summary = self.summary
        summary.reports += 1
        summary.entities_per_report.update(info["entities"])
        summary.relations_per_report.update(info["relations"])
        self.own_triples += info["own_triples"]
        text = self.cache.text(key, ".ttl", info["files"][".ttl"])
        head, own = text[:info["own_from"]], text[info["own_from"]:]
        stored = [tuple(row) for row in info["shared"]]
        shared = sorted(plan.fix(stored))
        changed = shared != stored
        if changed:
            head = self.header + blocks(shared)
        rename = _same
        if key in plan.renamed:
            rename = _renamer(self.writer, *plan.renamed[key])
            head, own = self.header + rename(head[len(self.header):]), rename(own)
            shared = [tuple(map(rename, row)) for row in shared]
        self.shared.update(shared)
        self.report_rows += (tuple(map(rename, row)) for row in info["report_rows"])
        wanted = [e for e in info["evidence"] if self.view_reports[e] < VIEW_REPORTS_PER_ENTITY]
        if wanted:
            spans = sorted({tuple(span) for e in wanted for span in info["evidence"][e]})
            self.view_blocks += [rename(text[a:b]) for a, b in spans]
            self.view_reports.update(wanted)
        text = head + own
        self.body.write(own)
        self.trig.write(f"{rename(info['report'])} {{\n{text[len(self.header):].rstrip()}\n}}\n\n")
        if changed:
            self._retyped_lines(key, info, plan)
        else:
            self.cache.copy_into(key, ".jsonl", info["files"][".jsonl"], self.jsonl)
        rel = report_file(info["doc"])
        (self.staging / rel).write_text(text, encoding="utf-8", newline="\n")
        self.written.append(rel)

    def _retyped_lines(self, key: str, info: dict, plan: "_Plan") -> None:
        """Copy the report's extractions with each programme or slogan typed as the build decided."""
        import json

        from rdflib import URIRef

        from kg.jsonl import dumps

        reg = registry()
        by_class = {self.writer.term(reg.entity(t).cls): reg.entity(t).evaluation for t in reg.concept_types()}
        evaluation = set(by_class.values())
        marks = tuple(f'"type": "{t}"' for t in evaluation)
        for line in self.cache.text(key, ".jsonl", info["files"][".jsonl"]).splitlines():
            if not any(mark in line for mark in marks):  # most lines: no concept, copied as they are
                self.jsonl.write(line + "\n")
                continue
            obj = json.loads(line)
            if obj.get("kind") == "entity" and obj.get("type") in evaluation:
                term = self.writer.term(URIRef(obj["iri"]))
                if term in plan.types:
                    obj["type"] = by_class[plan.types[term]]
                line = dumps(obj)
            self.jsonl.write(line + "\n")

    def _count_distinct(self) -> None:
        """The distinct entities and relations of the merged graph, from its shared triples
        (entities and their relations are shared nodes), for the types and properties
        the reports found."""
        summary = self.summary
        reg = registry()
        terms = {self.writer.term(t.cls): t.name for t in reg.entity_types}
        terms.update({self.writer.term(r.property): r.name for r in reg.graph_relations})
        entities: dict[str, set] = {}
        relations: Counter = Counter()
        for s, p, o in self.shared:
            if p == "a" and o in terms and terms[o] in summary.entities_per_report:
                entities.setdefault(terms[o], set()).add(s)
            elif p in terms and terms[p] in summary.relations_per_report:
                relations[terms[p]] += 1
        summary.entities = Counter({t: len(entities.get(t, ())) for t in summary.entities_per_report})
        summary.relations = Counter({r: relations[r] for r in summary.relations_per_report})

    def finish(self) -> None:
        """Write graph.ttl (prefixes, shared triples, then the reports' own) and the view."""
        self.summary.triples = self.own_triples + len(self.shared)
        self._count_distinct()
        shared_text = blocks(self.shared)
        self.body.close()
        body = self.staging / ".graph.ttl.body"
        with open(self.staging / "graph.ttl", "wb") as ttl, open(body, "rb") as own:
            ttl.write((self.header + shared_text).encode("utf-8"))
            shutil.copyfileobj(own, ttl, 1 << 20)
        body.unlink()
        view = self.header + shared_text + blocks(self.report_rows) + "".join(self.view_blocks)
        del shared_text
        # the view needs more memory than the merge: let go of the merge's first
        self.shared, self.report_rows, self.view_blocks = set(), [], []
        _write_view(view, self.staging / "graph.html")


def _write_view(turtle: str, path: Path) -> None:
    """Write the HTML view of the graph in `turtle`."""
    from kg.view.html import write_view
    from kg.view.triples import Triples

    write_view(Triples.parse(turtle), path)
