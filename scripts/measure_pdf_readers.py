"""Measure PDF and Word readers on Chinese reports: which library kg reads them with.

Every seed is made into documents as counties publish them (scripts/documents.py):
a PDF laid out by reportlab (STSong-Light, running header, `— 3 —` page
numbers), a PDF printed by headless Chromium (its header and footer; its text
layer gives radical code points), and a .docx written by python-docx (runs split
inside words, title in the page header, a PAGE field in the footer). Each
candidate library reads each document; its text goes through kg's page clean-up
(kg/io/layout.py: characters fixed, furniture dropped, lines joined) and then
through kg's extraction. Per library and kind of document, over all seeds:

- radicals: code points of U+2E80-U+2FDF in the library's own text (before kg maps them);
- punct: share of the seed's full-width punctuation the library's text keeps;
- furniture: header, footer and page-number lines left after kg's clean-up (the library's text had them all);
- paragraphs: share of the seed's paragraphs found whole as one line of the final text
  (text order, and lines broken inside sentences joined again);
- chars: similarity of the final text to the seed, white space ignored (difflib ratio);
- recall: share of the seed's entities (type and name) found in the final text;
- seconds: the library's reading time.

    .venv/bin/python scripts/measure_pdf_readers.py [--out docs/pdf-readers.md] [--seeds N]
"""
from __future__ import annotations

import argparse
import difflib
import io
import logging
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import documents  # noqa: E402

from kg.io.layout import fix_chars, pages_to_text  # noqa: E402
from kg.process import process_text  # noqa: E402

FULL_WIDTH = "，。、；：？！“”‘’《》（）——…"
RADICALS = re.compile("[\u2e80-\u2fdf]")


def pypdf_pages(data: bytes) -> list[str]:
    import pypdf
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    return extract_text(io.BytesIO(data)).split("\f")


def pdfplumber_pages(data: bytes) -> list[str]:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def pypdfium2_pages(data: bytes) -> list[str]:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def python_docx_text(data: bytes) -> str:
    from kg.io.docx import docx_paragraphs
    return "\n".join(docx_paragraphs(data))


def docx2python_text(data: bytes) -> str:
    from docx2python import docx2python
    with docx2python(io.BytesIO(data)) as doc:
        return doc.text


def mammoth_text(data: bytes) -> str:
    import mammoth
    return mammoth.extract_raw_text(io.BytesIO(data)).value


PDF_READERS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf": pypdf_pages, "pdfminer.six": pdfminer_pages, "pdfplumber": pdfplumber_pages,
    "pypdfium2": pypdfium2_pages}
DOCX_READERS: dict[str, Callable[[bytes], str]] = {
    "python-docx": python_docx_text, "docx2python": docx2python_text, "mammoth": mammoth_text}


def entities(text: str, name: str) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in process_text(text, name).entities}


def docx_text(text: str) -> str:
    """A Word library's text as kg takes it: a paragraph a line, blank lines dropped."""
    return "".join(fix_chars(line.strip()) + "\n" for line in text.splitlines() if line.strip())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def punct_kept(raw: str, seed: str) -> tuple[int, int]:
    want = Counter(c for c in seed if c in FULL_WIDTH)
    got = Counter(c for c in raw if c in FULL_WIDTH)
    return sum(min(n, got[c]) for c, n in want.items()), sum(want.values())


def furniture_left(final: str, title: str) -> int:
    lines = final.splitlines()
    return (max(0, sum(1 for line in lines if title in line) - 1)
            + sum(1 for line in lines if re.search(r"— \d+ —|file:|ﬁle:|\d+/\d+/\d+, \d+:\d+|^\d+/\d+$", line)))


def measure(kind: str, reader: str, read: Callable[[bytes], object], docs: list[tuple[str, str, bytes]]) -> dict:
    """The figures of one library on one kind of document, summed over the seeds."""
    row = Counter()
    for name, seed, data in docs:
        started = time.perf_counter()
        got = read(data)
        row["seconds"] += time.perf_counter() - started
        raw = "\n".join(got) if isinstance(got, list) else got
        final = pages_to_text(got) if isinstance(got, list) else docx_text(got)
        title = documents.paragraphs(seed)[0]
        row["radicals"] += len(RADICALS.findall(raw))
        kept, total = punct_kept(raw, seed)
        row["punct_kept"] += kept
        row["punct"] += total
        row["furniture"] += furniture_left(final, title)
        lines = set(final.splitlines())
        paras = documents.paragraphs(seed)
        row["paras_whole"] += sum(1 for p in paras if p in lines)
        row["paras"] += len(paras)
        row["chars"] += difflib.SequenceMatcher(None, squeeze(seed), squeeze(final), autojunk=False).ratio()
        want = entities(seed, name)
        row["found"] += len(want & entities(final, name))
        row["entities"] += len(want)
        row["docs"] += 1
    return row


def table(rows: list[tuple[str, str, dict]]) -> str:
    head = ("| document | library | radicals | punct kept | furniture left | paragraphs whole | chars | "
            "entity recall | seconds |\n|---|---|---|---|---|---|---|---|---|\n")
    out = []
    for kind, reader, r in rows:
        out.append(f"| {kind} | {reader} | {r['radicals']} | {r['punct_kept'] / r['punct']:.3f} | {r['furniture']} | "
                   f"{r['paras_whole'] / r['paras']:.3f} | {r['chars'] / r['docs']:.4f} | "
                   f"{r['found'] / r['entities']:.3f} ({r['found']}/{r['entities']}) | {r['seconds']:.2f} |")
    return head + "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the table into this Markdown file")
    parser.add_argument("--seeds", type=int, default=5, help="how many seeds to use")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # pdfminer's font warnings
    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[: args.seeds]
    work = Path(tempfile.mkdtemp(prefix="kg-measure-"))
    kinds: dict[str, list[tuple[str, str, bytes]]] = {"reportlab PDF": [], "Chromium PDF": [], "python-docx .docx": []}
    for path in seeds:
        seed = path.read_text(encoding="utf-8")
        kinds["reportlab PDF"].append((path.name, seed, documents.reportlab_pdf(seed, work / "r.pdf").read_bytes()))
        if chromium:
            kinds["Chromium PDF"].append((path.name, seed, documents.chromium_pdf(seed, work / "c.pdf", chromium).read_bytes()))
        kinds["python-docx .docx"].append((path.name, seed, documents.word_docx(seed, work / "w.docx").read_bytes()))
    shutil.rmtree(work)
    rows = []
    for kind, docs in kinds.items():
        readers = DOCX_READERS if kind.endswith(".docx") else PDF_READERS
        for reader, read in readers.items():
            if docs:
                rows.append((kind, reader, measure(kind, reader, read, docs)))
                print(kind, reader, dict(rows[-1][2]), file=sys.stderr)
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(report(text, len(seeds)), encoding="utf-8")


def report(text: str, seeds: int) -> str:
    """The Markdown page: what was measured, the versions, the table."""
    from importlib import metadata

    doc = __doc__.split("\n\n    .venv")[0].split("\n", 1)[1].strip()
    versions = ", ".join(f"{d} {metadata.version(d)}" for d in (
        "pypdf", "pdfminer.six", "pdfplumber", "pypdfium2", "python-docx", "docx2python", "mammoth", "reportlab"))
    return (f"# PDF and Word readers on Chinese reports\n\nWritten by `scripts/measure_pdf_readers.py` "
            f"({seeds} seeds; {versions}). Seconds are wall-clock time on a shared machine: compare them "
            f"within one run. The choice and its reasons are in the README (Input formats and errors)."
            f"\n\n{doc}\n\n{text}")


if __name__ == "__main__":
    main()
