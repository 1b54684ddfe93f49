"""Who a named official is: one person per name and jurisdiction.

Reports name people by name alone, and two counties may each have a 张伟. A
person is keyed by the name and the jurisdiction of the highest post the
report gives them: the nation (national leaders are one node everywhere), a
province, a prefecture, or a county (a township's post counts as its
county's). A person the report gives no post belongs to the report's
county; without a county, to the report alone. The key is
`<jurisdiction>/<name>`: `CN/习近平`, `330822/翁旭东`; the person's IRI is
`person/<key>`.

A user who knows better merges or splits people with a small CSV file
(`kg build --people FILE`), one row per name and place:

    name,in,person
    张伟,330822,330803/张伟      # 张伟 of 常山县 is 张伟 of 柯城区: one node
    李明,h12.txt,422828/李明-2   # 李明 of this report is another 李明

`in` is a jurisdiction (a division code, CN for the nation) or a report's
name; `person` is the key to use instead. A row for a report wins over a
row for a jurisdiction.
"""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Iterable, Optional

from kg.errors import KGError
from kg.io.normalise import to_simplified
from kg.reference import gazetteer

NATION = "CN"
_RANK = {"nation": 0, "province": 1, "prefecture": 2, "county": 3}
_COLUMNS = ("name", "in", "person")
_mapping: dict[tuple[str, str], str] = {}
_mapping_file: Optional[Path] = None
_mapping_digest = ""


def jurisdiction(code: str) -> Optional[tuple[int, str]]:
    """(rank, key) of the jurisdiction a post in the area `code` belongs to: the nation,
    a province, a prefecture, or a county (a township's county); None if unknown."""
    if code == gazetteer.NATION_CODE:
        return _RANK["nation"], NATION
    gz = gazetteer.load()
    d = gz.get(code)
    while d is not None and d.level not in _RANK:
        d = gz.get(d.parent)
    return (_RANK[d.level], d.code) if d is not None else None


def person_scope(post_areas: Iterable[str], county: Optional[str], doc: str) -> str:
    """The jurisdiction of a person with posts in `post_areas`, named by report `doc` of `county`."""
    found = sorted(filter(None, map(jurisdiction, post_areas)))
    if found:
        return found[0][1]
    if county:
        return county
    return "report-" + hashlib.sha1(doc.encode("utf-8")).hexdigest()[:10]


def person_key(name: str, scope: str, doc: str) -> str:
    """The key of the person `name` of jurisdiction `scope` in report `doc`, after the mapping."""
    return _mapping.get((name, doc)) or _mapping.get((name, scope)) or f"{scope}/{name}"


def use_mapping(path: Optional[str | Path]) -> None:
    """Read the merge-and-split file at `path` (None: no mapping); KGError names its problem."""
    global _mapping, _mapping_file, _mapping_digest
    if path is None:
        _mapping, _mapping_file, _mapping_digest = {}, None, ""
        return
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{p}: cannot be read as a people file ({getattr(exc, 'strerror', None) or exc})") from None
    _mapping, _mapping_file = parse_mapping(text, str(p)), p
    _mapping_digest = hashlib.sha256(repr(sorted(_mapping.items())).encode("utf-8")).hexdigest()


def parse_mapping(text: str, where: str) -> dict[tuple[str, str], str]:
    """The rows of a people file: (name, jurisdiction or report) → person key."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row and not row[0].startswith("#")]
    if not rows or tuple(c.strip() for c in rows[0]) != _COLUMNS:
        raise KGError(f"{where}: a people file starts with the line {','.join(_COLUMNS)}")
    out: dict[tuple[str, str], str] = {}
    for n, row in enumerate(rows[1:], 2):
        cells = [c.split("#", 1)[0].strip() for c in row]
        if len(cells) != 3 or not all(cells):
            raise KGError(f"{where}: row {n}: needs a name, a place (code or report) and a person key")
        name, scope, person = cells
        if "/" not in person or person.startswith("/") or person.endswith("/"):
            raise KGError(f"{where}: row {n}: the person key {person!r} is JURISDICTION/NAME")
        out[(to_simplified(name), scope)] = person
    return out


def mapping_file() -> Optional[Path]:
    """The people file in use."""
    return _mapping_file


def mapping_digest() -> str:
    """A digest of the rows in use ("" without a file), which the cache key follows."""
    return _mapping_digest
