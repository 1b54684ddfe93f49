"""Benchmark `kg build` against the generic baseline on corpora of N reports.

Each corpus holds N copies of the seed reports, each copy altered so that no
cache can skip it (a line naming the copy is appended) and, after the first
copy of each seed, moved to another county of the division list, so that a
corpus holds many counties as a real one does. For every N it
runs a clean `kg build` and the baseline (scripts/baseline.py) in their own
processes and measures wall time, characters per second and peak memory
of the whole process tree (the sum of proportional set sizes, which counts a
page shared by forked processes once, sampled every 0.5 s, and the sum of
resident sets, which counts it in each, every 50 ms). The baseline runs up to
--baseline-up-to reports (default 1,000). It also runs `kg build --workers 1`
on one corpus, for the throughput of one process, and times how long an
extraction worker takes to be ready (forked from a process that has imported
kg.build, as the build's workers are). On the largest corpus of at most
--extras-at reports it then times adding one report (the incremental build),
`kg --help`, the first query of the built graph and each example query
(ontology/queries/*.rq).

    .venv/bin/python scripts/bench.py [--sizes 10 100 200 1000 5000] [--workers 2] [--single 100]
        [--repeat 3] [--baseline-up-to 1000] [--extras-at 1000] [--json bench.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
# The kg next to this script, whatever is installed.
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


@dataclass
class Measured:
    """What one command cost. CPU seconds count it and the children it waited for."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    main_peak_mb: float
    worker_peak_mb: float
    stdout: str
    peak_pss_mb: float = 0.0


@dataclass
class Run:
    """One measured command."""

    system: str
    reports: int
    chars: int
    seconds: float
    chars_per_second: float
    cpu_seconds: float
    peak_mb: float
    main_peak_mb: float
    worker_peak_mb: float
    note: str = ""
    all_seconds: list = field(default_factory=list)
    peak_pss_mb: float = 0.0


@dataclass
class Results:
    machine: dict
    workers: int
    runs: list = field(default_factory=list)
    incremental: dict = field(default_factory=dict)
    help_seconds: list = field(default_factory=list)
    worker_ready_seconds: list = field(default_factory=list)
    server_worker_ready_seconds: list = field(default_factory=list)
    store_load: dict = field(default_factory=dict)
    queries: dict = field(default_factory=dict)


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def make_corpus(seeds: list[Path], n: int, folder: Path) -> int:
    """Write `n` altered copies of the seed reports into `folder`; their characters.

    Every copy after the first of each seed is moved to another county (the
    seed's own county's full name, and its short form where that has two or
    more characters, replaced by those of a county of the division list), so
    that the corpus holds many counties, as a real one does, rather than one
    report of five counties many times over; a line naming the copy is
    appended so that no cache can skip it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    others = _counties()
    chars = 0
    for i in range(n):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8").rstrip("\n") + f"\n（基准语料副本第{i + 1}份）\n"
        if i >= len(seeds):
            own = _own_county(text)
            if own:
                full, short = others[(i - len(seeds)) % len(others)]
                text = text.replace(own, full)
                if len(own) > 2:
                    text = text.replace(own[:-1], short)
        (folder / f"{i:05d}_{seed.stem}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def _counties() -> list[tuple[str, str]]:
    """(full name, short form) of the counties named 某某县, in code order."""
    sys.path.insert(0, str(ROOT))
    from kg.reference import gazetteer

    gz = gazetteer.load()
    return [(d.name, d.name[:-1]) for code, d in sorted(gz.divisions.items())
            if d.level == "county" and len(d.name) == 3 and d.name.endswith("县")]


def _own_county(text: str) -> str:
    """The full name of the first county-level area named in a report's title lines."""
    from kg.reference import gazetteer

    gz = gazetteer.load()
    head = text[:200]
    found = [(head.find(name), name) for name, entries in gz.by_name.items()
             if len(name) >= 2 and name in head
             and any(e.form == "full" and gz.divisions[e.code].level == "county" for e in entries)]
    return min(found)[1] if found else ""


def _children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux /proc)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds the process has used so far (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _pss_mb(pid: int) -> float:
    """The proportional set size: the process's own pages, and its share of pages it shares
    (a forked worker shares its parent's), so that a tree's sum counts each page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(cmd: list[str], cwd: Path) -> Measured:
    """Run `cmd`, sampling the memory of its process tree every 50 ms: the sum of resident
    sets (shared pages counted in every process), the main process's, the largest other
    process's, and (every 0.5 s) the sum of proportional set sizes (each page once)."""
    peaks = [0.0, 0.0, 0.0, 0.0]
    cpu_of: dict[int, float] = {}  # the last CPU time seen of every process of the tree
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        n = 0
        while not done.is_set():
            # the proportional set size makes the kernel walk every page of the tree: read it
            # every tenth sample only (each 50 ms, it took a tenth of a CPU from the command)
            with_pss = n % 10 == 0
            n += 1
            main = _rss_mb(proc.pid)
            kids, pss = [], _pss_mb(proc.pid) if with_pss else 0.0
            cpu_of[proc.pid] = max(cpu_of.get(proc.pid, 0.0), _cpu_seconds(proc.pid))
            todo = _children(proc.pid)
            while todo:
                pid = todo.pop()
                kids.append(_rss_mb(pid))
                pss += _pss_mb(pid) if with_pss else 0.0
                cpu_of[pid] = max(cpu_of.get(pid, 0.0), _cpu_seconds(pid))
                todo += _children(pid)
            peaks[0] = max(peaks[0], main + sum(kids))
            peaks[1] = max(peaks[1], main)
            peaks[2] = max([peaks[2], *kids])
            peaks[3] = max(peaks[3], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    # what the system accounts to this process's waited-for children, or the tree's
    # processes as sampled where more (a fork server's workers are not this process's children)
    cpu_seconds = max(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, sum(cpu_of.values()))
    return Measured(seconds, cpu_seconds, peaks[0], peaks[1], peaks[2], out, peaks[3])


def bench(sizes: list[int], workers: int, single: int, work: Path, repeat: int = 1,
          baseline_up_to: int = 1000, extras_at: int = 1000) -> Results:
    """Measure kg and the baseline on every corpus size (the baseline up to `baseline_up_to`
    reports: it takes ten minutes at 5,000), then the extras on the largest corpus of at
    most `extras_at` reports.

    With `repeat`, every command runs that many times, in turns, and the run
    with the median wall time is reported (all times are kept).
    """
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    results = Results(machine=machine(), workers=workers)
    for n in sizes:
        corpus = work / f"corpus-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        chars = make_corpus(seeds, n, corpus)
        out = work / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        runs = [("kg", out, [*KG, "build", str(corpus), "--out", str(out), "--workers", str(workers)])]
        if n <= baseline_up_to:
            runs.append(("baseline", None, [sys.executable, str(ROOT / "scripts" / "baseline.py"), str(corpus),
                                            "--out", str(work / f"baseline-{n}.jsonl")]))
        if n == single and workers != 1:
            single_out = work / f"out-{n}-single"
            runs.append(("kg, 1 worker", single_out,
                         [*KG, "build", str(corpus), "--out", str(single_out), "--workers", "1"]))
        measured: dict[str, list[Measured]] = {system: [] for system, _, _ in runs}
        for _ in range(repeat):
            # the systems take turns, so that a machine slowing down weighs on all of them
            for system, built, cmd in runs:
                if built is not None:
                    shutil.rmtree(built, ignore_errors=True)  # a clean build: no cache
                measured[system].append(measure(cmd, work))
        for system, _, cmd in runs:
            times = sorted(measured[system], key=lambda m: m.seconds)
            m = times[len(times) // 2]
            results.runs.append(Run(system, n, chars, round(m.seconds, 2), round(chars / m.seconds),
                                    round(m.cpu_seconds, 1), round(m.peak_mb), round(m.main_peak_mb),
                                    round(m.worker_peak_mb),
                                    f"--workers {cmd[-1]}" if system.startswith("kg") else "1 process",
                                    [round(t.seconds, 2) for t in measured[system]], round(m.peak_pss_mb)))
            print(_row(results.runs[-1]), flush=True)
    largest = max([n for n in sizes if n <= extras_at] or sizes[:1])
    corpus, out = work / f"corpus-{largest}", work / f"out-{largest}"
    extra = corpus / "99999_extra.txt"
    extra.write_text(seeds[0].read_text(encoding="utf-8") + "（新增的一份报告）\n", encoding="utf-8")
    m = measure([*KG, "build", str(corpus), "--out", str(out), "--workers", str(workers)], work)
    results.incremental = {"reports": largest + 1, "seconds": round(m.seconds, 2), "peak_mb": round(m.peak_mb),
                           "summary": m.stdout.splitlines()[0] if m.stdout else ""}
    print(f"incremental: one report added to {largest}: {m.seconds:.1f} s ({results.incremental['summary']})")
    extra.unlink()
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*KG, "--help"], check=True, capture_output=True, env=ENV)
        results.help_seconds.append(round(time.perf_counter() - started, 3))
    print(f"kg --help: {max(results.help_seconds):.2f} s (slowest of 5)")
    results.worker_ready_seconds = worker_ready()
    print(f"a worker forked from a process that imported kg.build, ready to extract: "
          f"{sorted(results.worker_ready_seconds)[2]:.2f} s after the fork (median of 5)")
    results.server_worker_ready_seconds = server_worker_ready()
    print(f"the first worker of `kg build` (forked from the fork server) ready to extract: "
          f"{sorted(results.server_worker_ready_seconds)[2]:.2f} s after the command started (median of 5)")
    m = measure([*KG, "query", "ASK { ?s ?p ?o }", "--data", str(out / "graph.ttl")], work)
    results.store_load = {"seconds": round(m.seconds, 2), "peak_mb": round(m.peak_mb)}
    print(f"first query of the built graph.ttl (opens the store the build prepared, or loads it once): {m.seconds:.2f} s, "
          f"{m.peak_mb:,.0f} MB", flush=True)
    for q in sorted((ROOT / "ontology" / "queries").glob("*.rq")):
        m = measure([*KG, "query", str(q), "--data", str(out / "graph.ttl")], work)
        results.queries[q.stem] = {"seconds": round(m.seconds, 2), "rows": max(0, len(m.stdout.splitlines()) - 3)}
        print(f"query {q.stem}: {m.seconds:.2f} s", flush=True)
    return results


# A process that has imported kg.build, as the build's main process has, forks a worker
# and times its start (kg.build._start_worker) in it; prints the seconds.
WORKER_READY = """
import os, sys, time
import kg.build
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    started = time.perf_counter()
    kg.build._start_worker(os.getppid())
    os.write(write, repr(time.perf_counter() - started).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(os.read(read, 100).decode())
"""


# As the command does: start kg.forkserver's server first thing, import kg.build, then
# time from the process's start until a worker forked from the server has run a task.
SERVER_WORKER_READY = """
import time
started = time.perf_counter()
import os
from kg import forkserver
forkserver.start()
import kg.build
from concurrent.futures import ProcessPoolExecutor
with ProcessPoolExecutor(1, mp_context=forkserver.context(), initializer=kg.build._start_worker,
                         initargs=(os.getpid(),)) as pool:
    pool.submit(os.getpid).result()
    print(time.perf_counter() - started)
"""


def server_worker_ready(runs: int = 5) -> list[float]:
    """Seconds from the start of a process like `kg build` to its first worker (forked from
    the fork server) being ready to extract, `runs` times."""
    return _seconds_printed(SERVER_WORKER_READY, runs)


def worker_ready(runs: int = 5) -> list[float]:
    """Seconds from a worker's fork to its being ready to extract, `runs` times."""
    return _seconds_printed(WORKER_READY, runs)


def _seconds_printed(code: str, runs: int) -> list[float]:
    """The seconds each of `runs` Python processes running `code` prints."""
    return [round(float(subprocess.run([sys.executable, "-c", code], env=ENV, check=True,
                                       capture_output=True, text=True).stdout), 3) for _ in range(runs)]


def _row(r: Run) -> str:
    return (f"| {r.system} | {r.reports} | {r.chars:,} | {r.seconds:.1f} | {r.chars_per_second:,} | {r.cpu_seconds:.1f} | {r.cpu_seconds / r.seconds:.2f} "
            f"| {r.peak_pss_mb:,.0f} | {r.peak_mb:,.0f} | {r.main_peak_mb:,.0f} | {r.worker_peak_mb:,.0f} | {r.note} |")


def table(results: Results) -> str:
    """The runs as a Markdown table, with the ratios the targets name."""
    lines = ["| system | reports | characters | seconds | chars/s | CPU s | CPUs busy | peak MB (tree, PSS) "
             "| peak MB (tree, RSS sum) | main MB | largest other process MB | note |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [_row(r) for r in results.runs]
    kg = {r.reports: r for r in results.runs if r.system == "kg"}
    base = {r.reports: r for r in results.runs if r.system == "baseline"}
    single = {r.reports: r for r in results.runs if r.system == "kg, 1 worker"}
    lines.append("")
    for n in sorted(kg):
        if n in base:
            lines.append(f"N={n}: kg throughput / baseline throughput = {kg[n].chars_per_second / base[n].chars_per_second:.2f}")
    for n in sorted(single):
        if n in base:
            lines.append(f"N={n}: kg with 1 worker / baseline (1 process) = "
                         f"{single[n].chars_per_second / base[n].chars_per_second:.2f}")
    ns = sorted(kg)
    for a, b in zip(ns, ns[1:]):
        ratio = (kg[b].seconds / kg[b].chars) / (kg[a].seconds / kg[a].chars)
        lines.append(f"time per character, N={b} / N={a}: {ratio:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 200, 1000, 5000])
    parser.add_argument("--baseline-up-to", type=int, default=1000,
                        help="run the baseline on corpora of at most this many reports")
    parser.add_argument("--extras-at", type=int, default=1000,
                        help="time the incremental build and the queries on the largest corpus of at most this size")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--single", type=int, default=100, help="also build this corpus with one worker")
    parser.add_argument("--repeat", type=int, default=1, help="run each command this many times; report the median")
    parser.add_argument("--json", type=Path, default=Path("bench.json"), help="where to write the results")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = bench(sorted(args.sizes), args.workers, args.single, work.resolve(), max(1, args.repeat),
                        args.baseline_up_to, args.extras_at)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    m = results.machine
    print(f"\nmachine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, {m['system']}")
    args.json.write_text(json.dumps({**asdict(results), "table": table(results)}, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
