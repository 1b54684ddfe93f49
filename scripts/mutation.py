"""Mutation testing of kg's extraction, linking, RDF, cache and output-folder code.

mutmut (pinned in pyproject.toml, configured in its [tool.mutmut] table) copies
kg/ into ./mutants, writes every mutant of the files in `only_mutate` next to
the original functions, and runs the tests that reach a mutated function
against it, one mutant at a time. A mutant is killed when a test fails.

    .venv/bin/python scripts/mutation.py [--modules kg/cache.py kg/outdir ...]
                                         [--sample N] [--seed S] [--resume]

--modules: the modules to run in full (default: all of them); --sample N: a
uniform random sample of N mutants (seeded by --seed) from the other modules,
whose score is given with a 95% Wilson interval and labelled as sampled.
A full run of every module takes hours on two cores, hence the sample.

Every survivor is run a second time in a new Python process with the mutant
active from the start: mutmut forks each mutant from a process that has
imported kg and filled its caches, so a mutant in code that runs at import or
while a cache fills (a lexicon's parser, the pipeline's construction, the Doc
extensions) would otherwise never run. A mutant that no in-process test reaches
(code that runs only in a build's worker or in the store's loading process) is
run there against the test files that name its module.

The result goes to docs/mutation.json: per module the counts by status and the
score killed / (killed + survived), where a mutant no test reaches counts as
survived; the score again without the mutants that docs/mutation-equivalent.md
lists as equivalent (a table: | mutant name | why it is equivalent |); the
surviving mutants with their one-line diffs; commit, date and time taken.
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
RESULT = ROOT / "docs" / "mutation.json"
EQUIVALENT = ROOT / "docs" / "mutation-equivalent.md"
# The outcomes of the survivors' new-process runs, {mutant: {"code": ..., "seconds": ...}}:
# a file of its own, so that a run of them can go on beside mutmut's, which rewrites its .meta files.
FRESH = ROOT / "mutants" / "fresh.json"
# mutmut's verdicts that a new-process run decides again: survivors, and timeouts, which on a
# shared machine are mostly a fixture's build that outlasted mutmut's wall-clock bound.
AGAIN = ("survived", "no_tests", "timeout")
# mutmut's exit codes of a mutant's test run, as its own `status_by_exit_code` reads them.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no_tests", 33: "no_tests", 34: "skipped", 36: "timeout",
          -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", -9: "timeout", -11: "segfault",
          None: "not_checked"}


def pytest_collection_modifyitems(items: list) -> None:
    """As a pytest plugin in mutmut's runs: run the tests in the suite's own order.

    mutmut hands pytest a mutant's tests as a set, so their order changes from one
    mutant to the next; a test that relies on a fixture an earlier test of its module
    requested would then fail by chance (the clean run is refused)."""
    items.sort(key=lambda item: (item.path.as_posix(), item.reportinfo()[1] or 0))


def module_of(mutant: str) -> str:
    """kg/extract/laws.py for kg.extract.laws.x_f__mutmut_3."""
    return mutant.split("__mutmut_")[0].rsplit(".", 1)[0].replace(".", "/") + ".py"


def generate() -> dict[str, dict]:
    """Write the mutants (mutmut does it again, unchanged, when it runs) and return
    every module's mutmut record: {module: {"exit_code_by_key": ..., ...}}."""
    from mutmut.__main__ import create_mutants
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir

    # kg.ontology is the top-level ontology/ folder (setup.py); in ./mutants it must
    # sit inside kg/, or the editable install would serve the working tree's copy.
    shutil.copytree(ROOT / "ontology", ROOT / "mutants" / "kg" / "ontology", dirs_exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    create_mutants(1)
    return records()


def records() -> dict[str, dict]:
    """Every mutated module's mutmut record, read from mutants/**/*.py.meta."""
    metas = sorted((ROOT / "mutants" / "kg").rglob("*.py.meta"))
    found = {m.relative_to(ROOT / "mutants").as_posix()[:-5]: json.loads(m.read_text()) for m in metas}
    return {module: r for module, r in found.items() if r["exit_code_by_key"]}


def chosen(records: dict[str, dict], full: list[str], sample: int, seed: int) -> tuple[list[str], list[str]]:
    """(mutants of the modules run in full, a uniform sample of the other modules' mutants)."""
    def in_full(module: str) -> bool:
        return any(module == f or module.startswith(f.rstrip("/") + "/") for f in full)

    names = sorted(n for r in records.values() for n in r["exit_code_by_key"])
    whole = [n for n in names if in_full(module_of(n))]
    rest = [n for n in names if not in_full(module_of(n))]
    return whole, sorted(random.Random(seed).sample(rest, min(sample, len(rest))))


def mutmut_config() -> dict:
    """The [tool.mutmut] table of pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]


def mutant_env() -> dict[str, str]:
    """The environment of a mutant's tests: the mutated kg first on the path (so tests that
    start kg in a new process get it too) and this file as a pytest plugin."""
    return dict(os.environ, PYTHONPATH=str(ROOT / "mutants"), PYTEST_PLUGINS="scripts.mutation")


def run_mutmut(names: list[str], children: int = 1) -> None:
    """`mutmut run` on `names` with `children` processes (one by default: the machine
    is shared)."""
    if names:
        subprocess.run([str(MUTMUT), "run", "--max-children", str(children), *names], cwd=ROOT, env=mutant_env(),
                       check=True)


def widen_stats() -> None:
    """Link the tests that mutmut linked to no function to every function linked to
    a test of their file.

    mutmut links a test to the functions that ran during it; a test that only reads
    what a shared fixture or cache computed for an earlier test is linked to none,
    and would never run against a mutant."""
    path = ROOT / "mutants" / "mutmut-stats.json"
    stats = json.loads(path.read_text())
    linked = stats["tests_by_mangled_function_name"]
    used = {t for tests in linked.values() for t in tests}
    idle: dict[str, set] = {}
    for test in stats["duration_by_test"]:
        if test not in used:
            idle.setdefault(test.split("::")[0], set()).add(test)
    for function, tests in linked.items():
        linked[function] = sorted(set(tests).union(*(idle.get(t.split("::")[0], ()) for t in tests)))
    path.write_text(json.dumps(stats, indent=1))


def status_of(records: dict[str, dict]) -> dict[str, str]:
    """{mutant: killed | survived | no_tests | timeout | suspicious | not_checked | ...}: mutmut's
    verdict, or for a mutant it let survive, that of the mutant's run in a new process."""
    status = {n: STATUS.get(code, "suspicious") for r in records.values() for n, code in r["exit_code_by_key"].items()}
    for name, outcome in fresh_results().items():
        if status.get(name) in AGAIN:
            status[name] = STATUS.get(outcome["code"], "suspicious")
    return status


def fresh_results() -> dict[str, dict]:
    """{mutant: {"code": exit code, "seconds": ...}} of the new-process runs so far."""
    return json.loads(FRESH.read_text()) if FRESH.exists() else {}


def record_fresh(name: str, code: int, seconds: float) -> None:
    """Add one new-process outcome to FRESH, under a lock (a --check may run beside a run)."""
    import fcntl

    with open(FRESH.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = fresh_results()
        results[name] = {"code": code, "seconds": round(seconds, 1)}
        part = FRESH.with_suffix(".part")
        part.write_text(json.dumps(results, indent=1, sort_keys=True))
        part.replace(FRESH)


def equivalent_rows() -> dict[str, tuple[str, str]]:
    """{mutant: (change, reason)} from the table of docs/mutation-equivalent.md
    (`| mutant | change | why |`, a `|` inside a cell written `\\|`)."""
    rows = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if len(cells) == 3 and "__mutmut_" in cells[0]:
                rows[cells[0].strip("`")] = (cells[1].strip("`"), cells[2])
    return rows


def equivalent_mutants() -> tuple[dict[str, str], list[str]]:
    """({mutant: reason} of the rows whose change is still the mutant's, [stale rows]).

    mutmut numbers a function's mutants in order, so an edit of the function gives a
    listed name another change: such a row no longer counts, and is reported."""
    current, stale = {}, []
    for name, (change, reason) in equivalent_rows().items():
        try:
            same = one_line(name) == change
        except FileNotFoundError:  # the function or the mutant is gone
            same = False
        if same:
            current[name] = reason
        else:
            stale.append(name)
    return current, sorted(stale)


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    """95% Wilson score interval of the proportion k/n."""
    if n == 0:
        return [0.0, 1.0]
    p, d = k / n, 1 + z * z / n
    centre, half = (p + z * z / (2 * n)) / d, z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return [round(centre - half, 4), round(centre + half, 4)]


def score(counts: Counter, equivalent: int = 0, sampled: bool = False) -> dict:
    """Killed over killed + survived (+ no test reaches it), less `equivalent` survivors;
    of a sample, with its 95% interval."""
    tried = counts["killed"] + counts["survived"] + counts["no_tests"] - equivalent
    out = {"score": round(counts["killed"] / tried, 4) if tried else None}
    return {**out, "interval95": wilson(counts["killed"], tried)} if sampled else out


def one_line(mutant: str) -> str:
    """The mutant's diff as `-old / +new` on one line."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    lines = get_diff_for_mutant(mutant, path=module_of(mutant)).splitlines()[3:]
    changed = [ln[0] + " " + " ".join(ln[1:].split()) for ln in lines if ln[:1] in "+-"]
    return " / ".join(changed)


def summary(records: dict[str, dict], whole: list[str], sampled: list[str], equivalent: dict[str, str],
            meta: dict) -> dict:
    """The report written to docs/mutation.json."""
    status = status_of(records)
    checked = set(whole) | set(sampled)
    fresh = fresh_results()
    modules = {}
    for module, r in sorted(records.items()):
        names = [n for n in r["exit_code_by_key"] if n in checked]
        counts = Counter(status[n] for n in names)
        survivors = sorted(n for n in names if status[n] in ("survived", "no_tests"))
        eq = [n for n in survivors if n in equivalent]
        seconds = [r["durations_by_key"][n] + fresh.get(n, {}).get("seconds", 0)
                   for n in names if n in r.get("durations_by_key", {})]
        mode = "full" if names and set(names) <= set(whole) else ("sampled" if names else "not run")
        modules[module] = {
            "mutants": len(r["exit_code_by_key"]), "checked": len(names), "mode": mode,
            "counts": {k: counts[k] for k in ("killed", "survived", "no_tests", "timeout", "suspicious",
                                              "segfault", "not_checked") if counts[k]},
            **score(counts, 0, mode == "sampled"), "non_equivalent": score(counts, len(eq), mode == "sampled"),
            "seconds_per_mutant": round(sum(seconds) / len(seconds), 2) if seconds else None,
            "rerun_fresh": sum(1 for n in names if n in fresh),
            "survivors": {n: one_line(n) for n in survivors if n not in equivalent},
            "equivalent": eq,
        }
    parts = {}
    for part, names in (("full", whole), ("sampled", sampled)):
        counts = Counter(status[n] for n in names)
        eq = sum(1 for n in names if n in equivalent and status[n] in ("survived", "no_tests"))
        parts[part] = {"mutants": len(names), "counts": dict(counts), **score(counts, 0, part == "sampled"),
                       "non_equivalent": score(counts, eq, part == "sampled"), "equivalent": eq}
    pool = len(status) - len(whole)
    parts["all_estimated"] = {"mutants": len(status), **{
        kind: estimate(parts["full"], parts["sampled"], pool, kind) for kind in ("all", "non_equivalent")}}
    return {**meta, "parts": parts, "modules": modules}


def estimate(full: dict, sampled: dict, pool: int, kind: str) -> dict:
    """The score of every mutant: the full part as counted, the `pool` mutants of the
    other modules as the sample says (its Wilson interval gives the interval)."""
    def decided(part: dict) -> tuple[int, int]:
        c = Counter(part["counts"])
        tried = c["killed"] + c["survived"] + c["no_tests"] - (part["equivalent"] if kind != "all" else 0)
        return c["killed"], tried

    (kf, df), (ks, ds) = decided(full), decided(sampled)
    if not sampled["mutants"] or not ds:
        return {"score": round(kf / df, 4) if df else None}
    weight = pool * ds / sampled["mutants"]  # the pool's mutants with a verdict, estimated
    lo, hi = wilson(ks, ds)
    return {"score": round((kf + weight * ks / ds) / (df + weight), 4),
            "interval95": [round((kf + weight * p) / (df + weight), 4) for p in (lo, hi)]}


def git(*args: str) -> str:
    """The output of a git command in the project."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


@functools.cache
def naming_tests(module: str) -> tuple[str, ...]:
    """The test files that import `module` (kg/rdf/store.py: `kg.rdf.store` or
    `from kg.rdf import store`)."""
    dotted = module[:-3].replace("/", ".")
    parent, _, name = dotted.rpartition(".")
    cues = (dotted, f"from {parent} import {name}")
    return tuple(sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")
                        if any(c in p.read_text(encoding="utf-8") for c in cues)))


def fresh_tests(name: str, linked: dict[str, list[str]]) -> list[str]:
    """The test files of a mutant's new-process run: those of the tests mutmut saw reach
    its function, and those that import its module. Whole files, because a test written
    since (or a table row that renamed a parametrised test) is not in mutmut's links;
    mutmut links a function that runs at import to whichever test ran first, and one
    that runs only in another process to none."""
    from mutmut.utils.format_utils import mangled_name_from_mutant_name

    reached = {t.split("::")[0] for t in linked.get(mangled_name_from_mutant_name(name), ())}
    return sorted(set(naming_tests(module_of(name))) | {f for f in reached if (ROOT / f).exists()})


def run_fresh(names: list[str], children: int, again: bool = False) -> None:
    """Run each mutant's tests in a new Python process with the mutant active from
    its start (mutmut's trampolines read $MUTANT_UNDER_TEST at every call, import
    included), `children` at a time, and record the outcomes in FRESH; mutants
    with an outcome there already are left alone unless `again`."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    stats = json.loads((ROOT / "mutants" / "mutmut-stats.json").read_text())
    linked, durations = stats["tests_by_mangled_function_name"], stats["duration_by_test"]
    env = mutant_env()
    selection = [a for a in mutmut_config()["pytest_add_cli_args_test_selection"] if a != "tests"]  # -m, --deselect

    def one(name: str) -> tuple[str, int, float]:
        tests = fresh_tests(name, linked)
        if not tests:
            return name, 33, 0.0
        files = set(tests)
        limit = 300 + 20 * sum(d for t, d in durations.items() if t.split("::")[0] in files)
        started = time.monotonic()
        try:
            code = subprocess.run([sys.executable, "-m", "pytest", "--rootdir=.", "-x", "-q", "-p", "no:cacheprovider",
                                   *selection, *tests], cwd=ROOT / "mutants", env=dict(env, MUTANT_UNDER_TEST=name),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=limit).returncode
        except subprocess.TimeoutExpired:
            code = 36
        return name, code, time.monotonic() - started

    # mutmut copies the tests into mutants/ when its run starts; a later test must be there too
    shutil.copytree(ROOT / "tests", ROOT / "mutants" / "tests", dirs_exist_ok=True)
    done = set() if again else set(fresh_results())
    todo = [n for n in names if n not in done]
    with ThreadPoolExecutor(children) as pool:
        for i, future in enumerate(as_completed([pool.submit(one, n) for n in todo]), 1):
            name, code, seconds = future.result()
            record_fresh(name, code, seconds)
            print(f"new process {i}/{len(todo)} {name}: {STATUS.get(code, 'suspicious')} ({seconds:.0f} s)", flush=True)


def measure(names: list[str], children: int = 1) -> dict:
    """Run the mutants `names` that have no result yet, then the survivors again,
    each in a new process (once); the seconds each step took."""
    clock, seconds = time.monotonic(), {}

    def lap(step: str) -> None:
        seconds[step] = round(time.monotonic() - clock - sum(seconds.values()))

    first = not (ROOT / "mutants" / "widened").exists()
    if first:
        run_mutmut(names[:1], children=children)  # also collects which tests reach which function
        widen_stats()
        (ROOT / "mutants" / "widened").write_text("")
    lap("stats")
    status = status_of(records())
    run_mutmut([n for n in names if status[n] == "not_checked" or (first and n == names[0])], children=children)
    lap("run")
    status = status_of(records())
    run_fresh([n for n in names if status[n] in AGAIN], children)
    lap("new_process_rerun")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", nargs="*", help="modules or folders run in full (default: all)")
    parser.add_argument("--sample", type=int, default=0, help="mutants sampled from the other modules")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--children", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--resume", action="store_true", help="keep the results of an earlier run")
    parser.add_argument("--report-only", action="store_true", help="only write docs/mutation.json")
    parser.add_argument("--survivors-only", action="store_true",
                        help="only run mutmut's survivors and timeouts so far in new processes (safe beside a run)")
    parser.add_argument("--check", nargs="+", metavar="MUTANT",
                        help="run these mutants again in new processes (after writing a test) and say what became of them")
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.check or args.survivors_only:
        status = status_of(records())
        names = args.check or [n for n, s in sorted(status.items()) if s in AGAIN]
        run_fresh(names, args.children, again=bool(args.check))
        return
    if not args.resume and not args.report_only:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    config = mutmut_config()
    full = [m.rstrip("*") for m in (config["only_mutate"] if args.modules is None else args.modules)]
    started = time.monotonic()
    whole, sampled = chosen(records() if args.report_only else generate(), full, args.sample, args.seed)
    previous = json.loads(RESULT.read_text()) if RESULT.exists() else {}
    seconds = previous.get("seconds", {}) if args.report_only else measure(whole + sampled, args.children)
    if not args.report_only:
        seconds["total"] = round(time.monotonic() - started)
        if args.resume:  # the time of the runs this one continues
            seconds = {k: v + previous.get("seconds", {}).get(k, 0) for k, v in seconds.items()}
    from importlib.metadata import version

    stats = json.loads((ROOT / "mutants" / "mutmut-stats.json").read_text())
    measured = {"commit": git("rev-parse", "HEAD"), "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if args.report_only:  # the figures are still those of the run
        measured = {k: previous.get(k, v) for k, v in measured.items()}
    meta = {**measured, "mutmut": version("mutmut"), "tests": config["pytest_add_cli_args_test_selection"],
            "tests_selected": len(stats["duration_by_test"]),
            "full_modules": full, "sample": args.sample, "seed": args.seed,
            "seconds": seconds,
            "score_formula": "killed / (killed + survived + no_tests); non_equivalent leaves out the survivors "
                             "docs/mutation-equivalent.md lists; timeouts and suspicious runs are left out"}
    equivalent, stale = equivalent_mutants()
    for name in stale:
        print(f"{EQUIVALENT.relative_to(ROOT)}: {name} is no longer the change its row gives; the row is not counted")
    meta["stale_equivalent_rows"] = stale
    RESULT.write_text(json.dumps(summary(records(), whole, sampled, equivalent, meta),
                                 ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
