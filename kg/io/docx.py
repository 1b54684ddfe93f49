"""Read a Word (.docx) file's text with python-docx: the body, paragraph by paragraph.

python-docx opens the package and gives the body's XML; the text is taken from
it in document order: paragraphs (with their hyperlinks, fields and tracked
insertions; a line break as a line end), table rows (cells apart by a tab),
content controls, and text boxes after the paragraph holding them. Page
headers and footers (a running title, page numbers) and footnotes are other
parts of the package and are left out. Deleted text (w:delText) and the
fallback copy of a drawing (mc:Fallback) are not text.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import Iterator

DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
LEGACY_SUFFIXES = (".doc", ".dot", ".wps")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_BREAKS = {_W + "br": "\n", _W + "cr": "\n", _W + "tab": "\t", _W + "noBreakHyphen": "-"}


def ole_problem(data: bytes, suffix: str) -> str | None:
    """Why an OLE2 compound file (a legacy .doc, or an encrypted .docx) is not read; None otherwise."""
    if not data.startswith(_OLE):
        return None
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted Word document (password-protected): save a copy without a password"
    return (f"legacy Word format ({suffix or 'OLE2 compound file'}, Word 97-2003): "
            "kg reads .docx: save it as .docx or PDF")


def docx_paragraphs(data: bytes) -> list[str]:
    """The body's paragraphs and table rows; raise ValueError saying why the file cannot be read."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    problem = ole_problem(data, ".docx")
    if problem:
        raise ValueError(problem)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
        return [line for line in _blocks(body) if line.strip()]
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, PackageNotFoundError, XMLSyntaxError) as exc:
        raise ValueError(f"not a readable .docx (broken or truncated: {_first_line(exc)})") from None
    except ValueError as exc:  # python-docx: a package of another kind (a renamed .xlsx)
        raise ValueError(f"not a Word document ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]


def _blocks(parent) -> Iterator[str]:
    """The lines of the paragraphs, tables and content controls below `parent`, in order."""
    for el in parent:
        if el.tag == _W + "p":
            yield from _paragraph(el)
        elif el.tag == _W + "tbl":
            yield from _table(el)
        elif el.tag == _W + "sdt":
            for content in el.iterchildren(_W + "sdtContent"):
                yield from _blocks(content)


def _table(tbl) -> Iterator[str]:
    """One line per row, its cells apart by a tab (a nested table's rows after it)."""
    for row in tbl.iterchildren(_W + "tr"):
        cells, nested = [], []
        for cell in row.iter(_W + "tc"):
            if cell.getparent() is not row and cell.getparent().tag != _W + "sdtContent":
                continue
            cells.append(" ".join(_paragraph_text(p) for p in cell.iterchildren(_W + "p")).strip())
            nested += [line for t in cell.iterchildren(_W + "tbl") for line in _table(t)]
        yield "\t".join(cells)
        yield from nested


def _paragraph(p) -> Iterator[str]:
    """A paragraph's text, then the paragraphs of the text boxes in it."""
    yield _paragraph_text(p)
    for box in p.iter(_W + "txbxContent"):
        if not any(a.tag == _FALLBACK for a in box.iterancestors()):
            yield from _blocks(box)


def _paragraph_text(p) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(el, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag in (_W + "txbxContent", _FALLBACK, _W + "del", _W + "instrText"):
            continue
        elif isinstance(tag, str):
            _collect(child, parts)
