"""Where one worker's time goes, stage by stage, over a corpus of reports.

    .venv/bin/python scripts/profile_stages.py [FOLDER] [--repeat 3]

Runs what a build's worker runs for each report (default: the seeds), in
one process, timing each stage: decoding the file, normalising, making the
Doc and cutting words with jieba (segmentation), the matching components,
linking, assembling the report's triples, and serialising them (Turtle,
JSON Lines and the cache entry's summary). The pipeline is loaded first and
not counted. Times are the smallest of `--repeat` passes (CPU seconds).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def profile(paths: list[Path]) -> tuple[Counter, int]:
    """CPU seconds per stage for one pass over `paths`, and the characters read."""
    from kg import build
    from kg.cache import Cache
    from kg.extract import segmenter
    from kg.extract.pipeline import extract, make_nlp
    from kg.io.normalise import normalise
    from kg.io.read import read_report
    from kg.link.canonical import link
    from kg.rdf.assemble import report_triples

    make_nlp()
    spent: Counter = Counter()
    words = getattr(segmenter, "Words", None)  # absent before words were cut on demand
    cut = words._edges if words else None

    def timed_cut(self, i):
        started = time.process_time()
        try:
            return cut(self, i)
        finally:
            spent["segmentation"] += time.process_time() - started

    if words:
        words._edges = timed_cut
    cache = Path(tempfile.mkdtemp(prefix="kg-profile-"))
    chars = 0
    try:
        for n, path in enumerate(paths):
            t = time.process_time()
            report = read_report(path)
            chars += len(report.text)
            spent["decoding"] += time.process_time() - t
            t = time.process_time()
            text = normalise(report.text)
            spent["normalising"] += time.process_time() - t
            before = spent["segmentation"]
            t = time.process_time()
            found = extract(report.text, report.name, text)
            spent["matching"] += time.process_time() - t - (spent["segmentation"] - before)
            t = time.process_time()
            result = link(found)
            spent["linking"] += time.process_time() - t
            t = time.process_time()
            for _ in report_triples(result, build.DEFAULT_BASE):
                pass
            assembly = time.process_time() - t
            spent["graph assembly"] += assembly
            t = time.process_time()
            build._write_entry(Cache(cache), f"k{n}", result, build.DEFAULT_BASE, [])
            spent["serialisation"] += time.process_time() - t - assembly
    finally:
        if words:
            words._edges = cut
        for f in cache.iterdir():
            f.unlink()
        cache.rmdir()
    return spent, chars


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from kg.extract.pipeline import make_nlp
    from kg.io.read import find_reports

    paths = find_reports([args.folder])
    started = time.process_time()
    make_nlp()
    print(f"loading the pipeline: {time.process_time() - started:.2f} s (once per worker)")
    profile(paths[:5])  # the first reports also load the lexicons
    best: Counter = Counter()
    for _ in range(max(1, args.repeat)):
        spent, chars = profile(paths)
        best = spent if not best else Counter({k: min(v, spent[k]) for k, v in best.items()})
    total = sum(best.values())
    print(f"{len(paths)} reports, {chars:,} characters, {total:.2f} CPU s: "
          f"{total / len(paths) * 1000:.1f} ms per report, {chars / total:,.0f} characters/s on one CPU")
    for stage, seconds in best.most_common():
        print(f"  {stage:15s} {seconds:6.2f} s  {seconds / total:5.1%}")


if __name__ == "__main__":
    main()
