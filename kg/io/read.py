"""Read a report file into text: decode any common encoding, strip HTML, take
the text of a PDF (kg/io/pdf.py) or of a Word .docx (kg/io/docx.py).

The decoded text (for HTML, the text extracted from the markup; for PDF and
Word, the text extracted from the document) is what every character offset in
the output indexes. Line ends are kept as they are.
"""
from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Optional

from kg.errors import ReadError
from kg.io.docx import DOCX_SUFFIXES, LEGACY_SUFFIXES, docx_paragraphs, ole_problem
from kg.io.layout import fix_chars, pages_to_text
from kg.io.pdf import PDF_SUFFIXES, looks_like_pdf, pdf_pages, pages_without_text

TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
# Files of these types in a folder are read; a legacy Word file is read to say why it cannot be.
REPORT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + DOCX_SUFFIXES + LEGACY_SUFFIXES
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 200 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("gb18030", "big5hkscs")
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
                  "big5": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs"}
# At most this share of a text's non-ASCII characters may be undecodable bytes
# (replaced with U+FFFD and reported) before the text counts as undecodable.
_MAX_BAD_SHARE = 0.01
# At least this share of a text's non-ASCII characters must be common CJK
# characters or punctuation for a guessed encoding to be believed.
_MIN_COMMON_SHARE = 0.9
_MAX_CONTROL_SHARE = 0.01
_SAMPLE = 100_000
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Report:
    """A report as read: its file name (the `doc` key), path, decoded text, and
    the problems that did not stop it from being read (one line each)."""

    name: str
    path: str
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[str, ...]


def decode(data: bytes, hint: str | None = None) -> Decoded:
    """Decode report bytes; raise ValueError saying why they are not text.

    Order: a byte-order mark; UTF-16 without one; UTF-8; then `hint` (an
    HTML page's declared charset), GB18030 and Big5, whichever reads as
    Chinese. A few undecodable bytes become U+FFFD, with a warning.
    """
    if not data:
        raise ValueError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(_lenient(data, enc, require=False))
    warnings: list[str] = []
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        body = data.rstrip(b"\x00")
        if not body or b"\x00" in body:
            raise ValueError(f"binary data (NUL byte at offset {data.index(0)})")
        warnings.append(f"{len(data) - len(body)} NUL bytes at the end of the file ignored")
        data = body
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _control_share(text) > _MAX_CONTROL_SHARE and len(data) % 2 == 0:
            # UTF-16 of hanzi whose byte pairs hold no zero (七 is 03 4E) reads as UTF-8 controls
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16
        return _checked(Decoded(text, "utf-8", tuple(warnings)))
    if len(data) % 2 == 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None and _cjk_share(utf16.text) >= _MIN_COMMON_SHARE:
            return utf16
    order = ["utf-8", *_LEGACY]
    if hint:
        order.insert(0, hint)
    best: tuple[float, Decoded] | None = None
    for enc in dict.fromkeys(order):
        found = _lenient(data, enc, require=True)
        if found is None:
            continue
        common = _common_share(found.text)
        if common >= _MIN_COMMON_SHARE and (best is None or common > best[0]):
            best = (common, found._replace(warnings=tuple(warnings) + found.warnings))
    if best is None:
        raise ValueError("not text in a known encoding (tried UTF-8, UTF-16, GB18030, Big5)")
    return _checked(best[1])


def _lenient(data: bytes, enc: str, require: bool) -> Decoded | None:
    """Decode with `enc`, replacing a few bad bytes (with a warning).

    Too many bad bytes: None if `require`, else ValueError.
    """
    try:
        return Decoded(data.decode(enc), enc, ())
    except UnicodeDecodeError as exc:
        first = exc.start
    except LookupError:
        return None
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for c in text[:_SAMPLE] if c > "\x7f")
    if bad > max(1.0, _MAX_BAD_SHARE * wide * max(1.0, len(text) / _SAMPLE)):
        if require:
            return None
        raise ValueError(f"invalid {enc} (undecodable byte at offset {first})")
    return Decoded(text, enc, (f"{bad} undecodable {enc} byte sequence(s) replaced with U+FFFD "
                               f"(first at byte {first})",))


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a byte-order mark: the byte order whose text reads as Chinese.

    The side of the zero bytes decides (ASCII in UTF-16-BE starts each pair with
    one) unless the other order reads as more hanzi: 一 (U+4E00) in UTF-16-LE
    also starts its pair with a zero, and read as big-endian would be 'N'.
    """
    sample = data[:_SAMPLE]
    orders = ["utf-16-le", "utf-16-be"]
    if sample[0::2].count(0) > sample[1::2].count(0):
        orders.reverse()
    readings = []
    for enc in orders:
        found = _lenient(data[: len(data) // 2 * 2], enc, require=True)
        if found is None or _control_share(found.text) > _MAX_CONTROL_SHARE:
            continue
        if _common_share(found.text) >= _MIN_COMMON_SHARE:
            readings.append(found)
    if not readings:
        return None
    found = max(readings, key=lambda r: _cjk_share(r.text)) if len(readings) > 1 else readings[0]
    if _cjk_share(readings[0].text) >= _cjk_share(found.text):
        found = readings[0]
    odd = ("odd trailing byte ignored",) if len(data) % 2 else ()
    return found._replace(warnings=found.warnings + odd)


def _cjk_share(text: str) -> float:
    """Share of the characters (in a sample, spaces aside) that are common hanzi or CJK punctuation."""
    common = _common_chars()
    chars = [c for c in text[:_SAMPLE] if not c.isspace()]
    return sum(1 for c in chars if c in common) / len(chars) if chars else 0.0


def _checked(found: Decoded) -> Decoded:
    """Refuse decoded text with NULs inside or full of control characters.

    NULs at the very end (padding of an interrupted download) are dropped.
    """
    text, warnings = found.text, found.warnings
    if text.endswith("\x00"):
        text = text.rstrip("\x00")
        warnings += (f"{len(found.text) - len(text)} NUL characters at the end of the file ignored",)
    if "\x00" in text:
        raise ValueError(f"binary data (NUL character at position {text.index(chr(0))} of the {found.encoding} text)")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise ValueError(f"binary data (control characters in the {found.encoding} text)")
    return Decoded(text, found.encoding, warnings)


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    return len(_CONTROLS.findall(sample)) / len(sample) if sample else 0.0


@functools.lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """CJK punctuation and the hanzi of GB 2312 and of Big5's frequent level."""
    chars: set[str] = set()
    rows = [(hi, "gb2312") for hi in (*range(0xA1, 0xA4), *range(0xB0, 0xF8))]
    rows += [(hi, "big5") for hi in range(0xA1, 0xC7)]
    for hi, enc in rows:
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((hi, lo)).decode(enc))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters (in a sample) that Chinese text uses often."""
    common = _common_chars()
    wide = [c for c in text[:_SAMPLE] if c > "\x7f" and c != "\ufffd" and not c.isspace()]
    if not wide:
        return 1.0 if _control_share(text) <= _MAX_CONTROL_SHARE else 0.0
    return sum(1 for c in wide if c in common) / len(wide)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one line per block element."""

    BLOCK = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "caption",
             "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main",
             "nav", "aside", "blockquote", "pre", "hr", "figure", "figcaption", "address", "form",
             "fieldset", "title", "body"}
    SKIP = {"script", "style", "noscript", "head", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body":
            self._skip.clear()
        if tag in self.SKIP:
            self._skip.append(tag)
        elif tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip:
            while self._skip and self._skip.pop() != tag:
                pass
        elif tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self.parts.append(data)
        else:
            self.parts.append(_collapse_space(data))


_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<={_CJK})[ \t\r\f\v]*\n\s*(?={_CJK})")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")
_AROUND_NEWLINE = re.compile(r"[ \t\r\f\v\u3000]*\n[ \t\r\f\v\n\u3000]*")


def _collapse_space(data: str) -> str:
    """White space as a browser shows it; a source line break inside Chinese vanishes."""
    return _SPACE_RUN.sub(" ", _BREAK_BETWEEN_CJK.sub("", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = _AROUND_NEWLINE.sub("\n", "".join(parser.parts))
    return text.strip("\n ") + "\n"


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def not_a_file(mode: int) -> Optional[str]:
    """Why a file of `mode` (from stat) cannot be a report, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a report file; raise ReadError naming the file and the problem.

    The file is opened without blocking and read only when it is a regular
    file, so a FIFO or a device is refused rather than waited on.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise ReadError(p, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        problem = not_a_file(info.st_mode)
        if problem:
            raise ReadError(p, problem)
        if info.st_size > MAX_BYTES:
            raise ReadError(p, f"file too large ({info.st_size} bytes, limit {MAX_BYTES})")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(p, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise ReadError(p, f"file too large (more than {MAX_BYTES} bytes)")
    return data


def read_report(path: str | Path, data: Optional[bytes] = None, name: Optional[str] = None) -> Report:
    """Read one report file (or decode `data`, its bytes as already read); raise
    ReadError naming the file and the problem. The report is named `name`
    (see `report_names`), by default its file name."""
    p = Path(path)
    if data is None:
        data = read_bytes(p)
    suffix = p.suffix.lower()
    if data and (suffix in PDF_SUFFIXES + DOCX_SUFFIXES + LEGACY_SUFFIXES or looks_like_pdf(data[:1024])):
        try:
            text, kind, warnings = _document_text(data, suffix)
        except ValueError as exc:
            raise ReadError(p, str(exc)) from None
        return Report(name=name or p.name, path=str(p), text=text, encoding=kind,
                      warnings=warnings + tuple(bracket_problems(text)))
    is_html = p.suffix.lower() in HTML_SUFFIXES or _sniff_html(data[:1024])
    try:
        text, encoding, warnings = decode(data, _declared_charset(data) if is_html else None)
    except ValueError as exc:
        raise ReadError(p, str(exc)) from None
    if is_html and re.search(r"<[A-Za-z!/]", text[:_SAMPLE]):
        text = html_to_text(text)
    if not text.strip():
        raise ReadError(p, "no text (file is blank)" if not is_html else "no text (HTML page without visible text)")
    return Report(name=name or p.name, path=str(p), text=text, encoding=encoding,
                  warnings=warnings + tuple(bracket_problems(text)))


def _document_text(data: bytes, suffix: str) -> tuple[str, str, tuple[str, ...]]:
    """The text of a PDF or Word document (its kind, and warnings); ValueError says why there is none."""
    if looks_like_pdf(data, suffix in PDF_SUFFIXES):
        pages = pdf_pages(data)
        blank = pages_without_text(pages)
        whose = "its" if len(blank) == 1 else "their"
        warnings = (f"{_pages(blank)} of {len(pages)} without a text layer (scanned?): {whose} text is missing",) \
            if blank else ()
        return _some_text(pages_to_text(pages), "PDF"), "pdf", warnings
    if suffix in PDF_SUFFIXES:
        raise ValueError("not a PDF (no %PDF header): a broken download, or another kind of file renamed")
    if suffix in LEGACY_SUFFIXES and not data.startswith(b"PK"):
        raise ValueError(ole_problem(data, suffix) or f"legacy Word format ({suffix}): kg reads .docx: "
                         "save it as .docx or PDF")
    text = "".join(fix_chars(line) + "\n" for line in docx_paragraphs(data))
    return _some_text(text, "Word document"), "docx", ()


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _some_text(text: str, kind: str) -> str:
    if not text.strip():
        raise ValueError(f"no text ({kind} without text)")
    return text


def _sniff_html(head: bytes) -> bool:
    head = head.replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, as a Python codec name."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(_CODEC_ALIASES.get(name, name)).name
    except LookupError:
        return None
    return _CODEC_ALIASES.get(name, name)


_PAIRS = (("《", "》", True), ("“", "”", False), ("「", "」", False))


def bracket_problems(text: str) -> list[str]:
    """One line per kind of unbalanced book-title mark or quote, naming where."""
    problems = []
    for left, right, per_line in _PAIRS:
        line = _first_unbalanced_line(text, left, right, per_line)
        if line is not None:
            problems.append(f"unbalanced {left}{right} ({text.count(left)} {left}, {text.count(right)} {right}; "
                            f"first on line {line})")
    return problems


def _first_unbalanced_line(text: str, left: str, right: str, per_line: bool) -> int | None:
    """The first line (from 1) where `left` and `right` fail to pair, or None.

    Book-title marks pair within a line. A quotation may run over several
    paragraphs, each opening again with `left`, and close only at its end.
    """
    depth = opened = 0
    line, pos = 1, 0
    for m in re.finditer(f"[{left}{right}]", text):
        breaks = text.count("\n", pos, m.start())
        pos = m.start()
        if breaks and depth and per_line:
            return opened
        line += breaks
        if m.group() == right:
            if not depth:
                return line
            depth -= 1
        elif depth and breaks and not text[text.rfind("\n", 0, pos) + 1:pos].strip():
            continue
        else:
            opened = line if not depth else opened
            depth += 1
    return opened if depth else None


def find_reports(inputs: list[str | Path], skip: Optional[Path] = None, outputs: tuple[str, ...] = (),
                 problems: Optional[list[ReadError]] = None,
                 on_note: Optional[Callable[[str], None]] = None) -> list[Path]:
    """Expand files and folders into report files, sorted, without duplicates.

    In a folder, hidden files and folders (.venv, .kg-cache), the folder
    `skip` (the build's own output) and any folder holding one of the files
    or folders named in `outputs` (another kg output folder; `on_note` hears
    of it) are left out; a file named itself is always taken. A broken link
    with a report's suffix is kept, so that reading it fails with its name
    rather than the report going missing without a word. Links to folders are
    not followed. Files of other types in a folder are left out, all told
    in one note to `on_note` (`note: skipped 3 files of unsupported types (.xlsx, .jpg)`).

    A folder that cannot be read (no permission, a name too long for the
    system) and a name that is not UTF-8 are each a ReadError added to
    `problems` (raised, without it); the rest is still found. A missing input
    is raised.
    """
    found: dict[str, Path] = {}
    skipped = skip.resolve() if skip is not None else None

    def problem(exc: ReadError) -> None:
        if problems is None:
            raise exc
        problems.append(exc)

    unsupported: Counter[str] = Counter()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in _walk(p, skipped, outputs, problem, on_note, unsupported):
                found.setdefault(str(f.resolve()), f)
        elif not _utf8(p.name):
            problem(ReadError(p, _NOT_UTF8))
        elif p.exists() or p.is_symlink():
            found.setdefault(str(p.resolve()), p)
        else:
            raise ReadError(p, _why_missing(p))
    if unsupported and on_note:
        on_note(skipped_note(unsupported))
    return sorted(found.values(), key=lambda f: (f.name, str(f)))


def skipped_note(suffixes: Counter[str]) -> str:
    """The note on the files of unsupported types left out, most frequent type first."""
    n = sum(suffixes.values())
    kinds = ", ".join(s for s, _ in sorted(suffixes.items(), key=lambda kv: (-kv[1], kv[0])))
    if n == 1:
        return f"note: skipped 1 file of an unsupported type ({kinds})"
    return f"note: skipped {n} files of unsupported type{'s' if len(suffixes) > 1 else ''} ({kinds})"


_NOT_UTF8 = "its name is not valid UTF-8: rename it"


def _utf8(name: str) -> bool:
    """Whether a file name (as os gives it, undecodable bytes as surrogates) is UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def name_key(name: str) -> str:
    """How report names compare: as IRIs and file names on a case-blind disk do (NFKC,
    case folded), without the suffix (report.txt and report.html are one report name)."""
    stem = name.rsplit("/", 1)
    stem[-1] = Path(stem[-1]).stem
    return unicodedata.normalize("NFKC", "/".join(stem)).casefold()


def report_names(paths: list[Path]) -> dict[Path, str]:
    """The name of each report: its file name, or, where several reports share a file
    name, the shortest end of their paths that tells them apart (2023/changshan.txt and
    2024/changshan.txt). Reports a whole path cannot tell apart (report1.txt and
    report１.txt, x.txt and x.html in one folder) keep names that compare equal."""
    parts = {p: p.absolute().parts[1:] for p in paths}
    whole = {p: name_key("/".join(parts[p])) for p in paths}
    depth = dict.fromkeys(paths, 1)
    while True:
        groups: dict[str, list[Path]] = {}
        for p in paths:
            groups.setdefault(name_key("/".join(parts[p][-depth[p]:])), []).append(p)
        longer = [p for group in groups.values() if len({whole[q] for q in group}) > 1
                  for p in group if depth[p] < len(parts[p])]
        if not longer:
            return {p: "/".join(parts[p][-depth[p]:]) for p in paths}
        for p in longer:
            depth[p] += 1


def _why_missing(p: Path) -> str:
    """Why `p`, which does not exist as far as Path.exists() tells, cannot be read."""
    try:
        os.stat(p)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "No such file or directory"


def _walk(top: Path, skipped: Optional[Path], outputs: tuple[str, ...], problem: Callable[[ReadError], None],
          on_note: Optional[Callable[[str], None]], unsupported: Counter[str]) -> Iterator[Path]:
    """The report files under `top` (see find_reports), folder by folder, without recursion;
    the suffixes of the other files are counted in `unsupported`."""
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problem(ReadError(folder, f"folder cannot be read ({exc.strerror or exc})"))
            continue
        marker = next((e.name for e in entries if e.name in outputs), None)
        if marker is not None:
            if on_note:
                on_note(f"{folder}: not read as input: it is a kg output folder (it holds {marker})")
            continue
        below = []
        for e in entries:
            if e.name.startswith("."):
                continue
            path = folder / e.name
            if not _utf8(e.name):
                problem(ReadError(path, _NOT_UTF8))
                continue
            try:
                is_dir = e.is_dir(follow_symlinks=False)
                if is_dir:
                    if not (skipped and path.resolve() == skipped):
                        below.append(path)
                elif Path(e.name).suffix.lower() in REPORT_SUFFIXES and (e.is_file() or e.is_symlink()):
                    yield path
                elif e.is_file():
                    unsupported[Path(e.name).suffix.lower() or "no suffix"] += 1
            except OSError as exc:
                problem(ReadError(path, exc.strerror or str(exc)))
        folders.extend(reversed(below))
