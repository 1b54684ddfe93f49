"""Read a report file into text: decode any common encoding, strip HTML.

The decoded text is what every character offset in the output indexes.
"""
from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import ReadError

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Report:
    """A report as read: its file name (the `doc` key), path and decoded text."""

    name: str
    path: str
    text: str
    encoding: str


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for report bytes, or raise ValueError saying why."""
    if not data:
        raise ValueError("empty file")
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {enc} at byte {exc.start}") from None
    if b"\x00" in data:
        if _looks_utf16(data):
            enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        raise ValueError(f"binary data (NUL byte at offset {data.index(0)})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8, UTF-16 or GB18030 (undecodable byte at offset {exc.start})") from None
    if _cjk_ratio(text) < 0.2:
        raise ValueError("not text in a known encoding (decodes as GB18030 only to noise)")
    return text, "gb18030"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    zeros = sample.count(0)
    return zeros > len(sample) // 8 and (sample[1::2].count(0) > 0.3 * len(sample) / 2 or sample[0::2].count(0) > 0.3 * len(sample) / 2)


def _cjk_ratio(text: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not sample.strip():
        return 0.0
    cjk = sum(1 for c in letters if "\u3400" <= c <= "\u9fff")
    non_space = sum(1 for c in sample if not c.isspace())
    return cjk / non_space if non_space else 0.0


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one line per block element."""

    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title", "table"}
    SKIP = {"script", "style", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n", text)
    return text.strip("\n") + "\n"


def read_report(path: str | Path) -> Report:
    """Read one report file; raise ReadError naming the file and the problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(p, f"file too large ({size} bytes, limit {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(p, exc.strerror or str(exc)) from None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise ReadError(p, str(exc)) from None
    if p.suffix.lower() in (".html", ".htm") or _sniff_html(text):
        text = html_to_text(text)
    if "\x00" in text:
        raise ReadError(p, "binary data (NUL character in decoded text)")
    if not text.strip():
        raise ReadError(p, "no text (file is blank)")
    return Report(name=p.name, path=str(p), text=text, encoding=encoding)


def _sniff_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def find_reports(inputs: list[str | Path]) -> list[Path]:
    """Expand files and folders into report files, sorted, without duplicates."""
    found: dict[str, Path] = {}
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES and not f.name.startswith("."):
                    found.setdefault(str(f.resolve()), f)
        elif p.exists():
            found.setdefault(str(p.resolve()), p)
        else:
            raise ReadError(p, "no such file or folder")
    return sorted(found.values(), key=lambda f: (f.name, str(f)))
