"""Tables for spreadsheets: officials, reports, inspections and concepts, from the graph.

Each table is the answer of one SPARQL query that ships with kg
(`ontology/tables/<name>.rq`); its variables are the columns. The query
orders the rows on every column, so that the same graph gives the same
rows; lists (`GROUP_CONCAT(...; separator="; ")`) are sorted here, since
SPARQL leaves the order inside a group open.

kg writes into the tables folder only its own files: `.kg-tables.json`
lists each with the SHA-256 digest it was written with, and a file at one of
their paths that the list does not name, or that was changed since, is
left alone and the run refused.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

from kg import __version__
from kg.errors import KGError
from kg.outdir.manifest import file_digest
from kg.rdf.files import ONTOLOGY_DIR, graph_file, load_store

TABLE_QUERIES = ONTOLOGY_DIR / "tables"
# The tables in the order a workbook shows them.
TABLES = ("officials", "reports", "inspections", "concepts")
FORMATS = ("csv", "xlsx")
WORKBOOK = "tables.xlsx"
MANIFEST = ".kg-tables.json"
LIST_SEPARATOR = "; "
# Excel holds at most this many characters in a cell.
XLSX_CELL_LIMIT = 32767
# The workbook's creation date and its zip entries' dates are fixed, so that one graph gives one file.
XLSX_CREATED = datetime.datetime(1980, 1, 1)
_NUMBERS = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#gYear"}
_LIST = re.compile(r'GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*separator\s*=\s*"; "\s*\)\s*AS\s+\?(\w+)',
                   re.IGNORECASE)

Cell = Union[str, int]


class TablesError(KGError):
    """The tables cannot be written where asked."""


@dataclass
class Table:
    """One table: its name, column names and rows (integers for the graph's counts and years)."""

    name: str
    columns: list[str]
    rows: list[list[Cell]]


def default_out(data: Path) -> Path:
    """Where the tables of a build folder (or graph file) go by default: its `tables/` folder."""
    return graph_file(data).parent / "tables"


def read_tables(data: Path, on_load: Optional[Callable[[Path], None]] = None) -> list[Table]:
    """The tables of a build folder or graph file, in the order of TABLES."""
    store = load_store(data, on_load=on_load, named=False)  # the tables' queries name no graph
    return [_table(store, name) for name in TABLES]


def _table(store: object, name: str) -> Table:
    text = (TABLE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text)
    columns = [v.value for v in result.variables]
    lists = {columns.index(c) for c in _LIST.findall(text) if c in columns}
    rows = []
    for solution in result:
        row = [_cell(solution[c]) for c in columns]
        for i in lists:
            row[i] = LIST_SEPARATOR.join(sorted(set(row[i].split(LIST_SEPARATOR)))) if row[i] else ""
        rows.append(row)
    return Table(name, columns, rows)


def _cell(term: object) -> Cell:
    """A value as a spreadsheet shows it: integers and years as numbers, the rest as text."""
    if term is None:
        return ""
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value in _NUMBERS and term.value.isascii() and term.value.isdigit():
        return int(term.value)
    return term.value


def write_tables(data: Path, out: Optional[Path] = None, fmt: str = "csv",
                 on_load: Optional[Callable[[Path], None]] = None) -> list[tuple[Path, list[Table]]]:
    """Write the tables of `data` into `out` (default: `default_out(data)`) as one CSV file per
    table or one XLSX workbook; the files written, each with the tables it holds."""
    if fmt not in FORMATS:
        raise TablesError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    out = default_out(data) if out is None else Path(out)
    tables = read_tables(data, on_load)
    if fmt == "csv":
        files = {f"{t.name}.csv": (csv_bytes(t), [t]) for t in tables}
    else:
        files = {WORKBOOK: (xlsx_bytes(tables), tables)}
    owned = _claim(out, files)
    for name, (content, _) in files.items():
        _replace(out / name, content)
        owned[name] = file_digest(out / name) or ""
    _replace(out / MANIFEST, _manifest(owned))
    return [(out / name, held) for name, (_, held) in files.items()]


def csv_bytes(table: Table) -> bytes:
    """A table as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def xlsx_bytes(tables: list[Table]) -> bytes:
    """The tables as one workbook, a sheet each: bold, frozen header row with filters, columns
    wide enough for Chinese text, numbers as numbers. Text is never read as a formula, a number
    or a link. The same tables give the same bytes (fixed dates)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"title": "kg tables", "comments": f"written by kg {__version__}",
                             "created": XLSX_CREATED})
    bold = workbook.add_format({"bold": True})
    for table in tables:
        _sheet(workbook.add_worksheet(table.name), table, bold)
    workbook.close()
    return buffer.getvalue()


def _sheet(sheet: object, table: Table, bold: object) -> None:
    for col, name in enumerate(table.columns):
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            elif value:
                sheet.write_string(r, col, xlsx_text(value))
    for col, width in enumerate(_widths(table)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table.rows), max(len(table.columns) - 1, 0))


def xlsx_text(value: str) -> str:
    """Text as a cell holds it: cut, with an ellipsis, to Excel's limit of 32,767 characters."""
    return value if len(value) <= XLSX_CELL_LIMIT else value[:XLSX_CELL_LIMIT - 1] + "…"


def _widths(table: Table, most: int = 60) -> list[int]:
    """Column widths in characters: the widest value (wide CJK characters count twice), at most `most`."""
    widths = [_width(c) + 3 for c in table.columns]  # room for the filter button
    for row in table.rows:
        for col, value in enumerate(row):
            widths[col] = max(widths[col], _width(str(value)) + 1)
    return [min(w, most) for w in widths]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:200])


def _claim(out: Path, files: dict) -> dict[str, str]:
    """Check that the files may be written into `out`; the files kg wrote there before and that
    are still as written ({name: digest}). Raises TablesError naming a file kg did not write."""
    if out.exists() and not out.is_dir():
        raise TablesError(f"{out}: is a file, not a folder: choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise TablesError(f"{out}: cannot be made a folder (a file is in its way): choose another --out") from None
    owned = {name: digest for name, digest in _read_manifest(out).items() if file_digest(out / name) == digest}
    for name in sorted(files):
        path = out / name
        if name in owned or not os.path.lexists(path):
            continue
        if path.is_dir() and not path.is_symlink():
            raise TablesError(f"{path}: kg writes a table here, but it is a folder: move it or choose another --out")
        raise TablesError(f"{path}: was not written by kg tables (or was changed since); kg will not replace it: "
                          "move it or choose another --out")
    return owned


def _read_manifest(out: Path) -> dict[str, str]:
    path = out / MANIFEST
    try:
        data = json.loads(path.read_bytes())
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) and _ours(k)
                                                  for k, v in files.items()):
            raise ValueError("it names files kg tables does not write")
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise TablesError(f"{path}: kg tables keeps its list of files here, but it is a folder: "
                          "move it or choose another --out") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TablesError(f"{path}: not a list of files kg tables can read ({exc}): "
                          "move it or choose another --out") from None
    return files


def _ours(name: str) -> bool:
    """Whether `name` is a file kg tables writes (the only names its list may hold)."""
    return name == WORKBOOK or name in {f"{t}.csv" for t in TABLES}


def _manifest(files: dict[str, str]) -> bytes:
    return (json.dumps({"format": 1, "kg": __version__, "files": dict(sorted(files.items()))},
                       ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _replace(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all: a new file beside it (mode as the umask says), then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".kg-tables-{os.getpid()}-{path.name}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
