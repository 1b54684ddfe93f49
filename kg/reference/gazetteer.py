"""The national division list as a gazetteer: names, short forms, former names.

Built from `admin_divisions.csv` and `admin_divisions_history.csv` once per
machine (then kept, see `load`); lookups go through an Aho-Corasick automaton.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional


from kg import resources
from kg.reference.matcher import WordMatcher

NATION_CODE = "000000"
NATION_NAME = "中华人民共和国"
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: Optional[str]


@dataclass(frozen=True)
class Entry:
    """One way of writing a division: its code and how the name was formed."""

    code: str
    form: str  # "full", "short", "former"


@dataclass
class Gazetteer:
    divisions: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)
    townships_by_county: dict = field(default_factory=dict)
    automaton: Optional[WordMatcher] = None

    def get(self, code: Optional[str]) -> Optional[Division]:
        return self.divisions.get(code) if code else None

    def parent(self, code: str) -> Optional[Division]:
        d = self.divisions.get(code)
        return self.divisions.get(d.parent) if d and d.parent else None

    def ancestors(self, code: str) -> list[Division]:
        out = []
        d = self.parent(code)
        while d is not None:
            out.append(d)
            d = self.parent(d.code)
        return out

    def province_of(self, code: Optional[str]) -> Optional[Division]:
        d = self.get(code)
        while d is not None and d.level != "province":
            d = self.get(d.parent)
        return d

    def prefecture_of(self, code: Optional[str]) -> Optional[Division]:
        d = self.get(code)
        while d is not None and d.level not in ("prefecture", "province"):
            d = self.get(d.parent)
        return d

    def is_within(self, code: str, ancestor: Optional[str]) -> bool:
        if not ancestor:
            return False
        return code == ancestor or any(a.code == ancestor for a in self.ancestors(code))

    def iter_matches(self, text: str) -> Iterator[tuple[int, int, str, tuple]]:
        """All (start, end, surface, entries) of known names in `text`, overlapping, by start
        and the longest first."""
        return self.automaton.iter(text)


_SUFFIXES = {
    "province": ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"),
    "prefecture": ("自治州", "地区", "市", "盟"),
    "county": ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗"),
}


@functools.lru_cache(maxsize=1)
def _ethnic_pattern() -> re.Pattern:
    groups = sorted(resources.read_lines("ethnic_groups.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, groups)) + ")+$")


def short_forms(name: str, level: str) -> list[str]:
    """Customary short forms: 浙江省 → 浙江, 长阳土家族自治县 → 长阳 and 长阳县."""
    out = []
    for suf in _SUFFIXES.get(level, ()):
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            if suf.startswith("自治") or suf in ("壮族自治区", "回族自治区", "维吾尔自治区"):
                stem = _ethnic_pattern().sub("", stem) or stem
                if level == "county" and len(stem) >= 2:
                    out.append(stem + "县")
                if level == "prefecture" and len(stem) >= 2:
                    out.append(stem + "州")
            if len(stem) >= 2:
                out.append(stem)
            break
    return [s for s in out if s != name]


def _active_codes(code: str, history: dict, divisions: dict, seen: Optional[set] = None) -> list[str]:
    """Follow the history file from an old code to the codes in use today."""
    if code in divisions:
        return [code]
    seen = seen or set()
    if code in seen:
        return []
    seen.add(code)
    out: list[str] = []
    for new in history.get(code, []):
        for c in _active_codes(new, history, divisions, seen):
            if c not in out:
                out.append(c)
    return out


# What the gazetteer's tables are made from: the data and this module.
SOURCES = (resources.path("admin_divisions.csv"), resources.path("admin_divisions_history.csv"), Path(__file__))


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, its tables read from the copy an earlier run kept (`kg.reference.derived`)."""
    import gc

    from kg.reference import derived

    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of objects, none in a cycle
    try:
        divisions, by_name, townships = derived.pickled("gazetteer", SOURCES, _tables)
    finally:
        if enabled:
            gc.enable()
    gz = Gazetteer(divisions, by_name, townships)
    gz.automaton = WordMatcher({name: entries for name, entries in by_name.items() if len(name) >= 2})
    return gz


def _tables() -> tuple[dict, dict, dict]:
    """(divisions by code, entries by name, townships by county) from the division list and its history."""
    gz = Gazetteer()
    with open(resources.path("admin_divisions.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d = Division(row["code"], row["name"], row["level"], row["parent_code"] or None)
            gz.divisions[d.code] = d
            if d.level == "township" and d.parent:
                gz.townships_by_county.setdefault(d.parent, []).append(d)
    names: dict[str, list[Entry]] = {}

    def add(name: str, entry: Entry) -> None:
        lst = names.setdefault(name, [])
        if all(e.code != entry.code for e in lst):
            lst.append(entry)

    for d in gz.divisions.values():
        if d.level == "township":
            continue
        add(d.name, Entry(d.code, "full"))
    for d in gz.divisions.values():
        if d.level == "township":
            if d.name.endswith(("镇", "乡", "街道", "苏木")) and len(d.name) >= 3:
                add(d.name, Entry(d.code, "full"))
            continue
        for s in short_forms(d.name, d.level):
            if s not in names or all(e.form != "full" for e in names[s]):
                add(s, Entry(d.code, "short"))
    history: dict[str, list[str]] = {}
    former: list[tuple[str, str, str]] = []
    with open(resources.path("admin_divisions_history.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["status"] == "deprecated" and row["new_codes"]:
                history[row["code"]] = [re.sub(r"\[\d+\]$", "", c) for c in row["new_codes"].split(";") if c]
            if row["status"] in ("deprecated", "renamed"):
                former.append((row["code"], row["name"], row["level"]))
    for code, name, level in former:
        if name in names and any(e.form == "full" for e in names[name]):
            continue
        targets = _active_codes(code, history, gz.divisions)
        if len(targets) == 1 and gz.divisions[targets[0]].level != "township":
            add(name, Entry(targets[0], "former"))
    return gz.divisions, {k: tuple(v) for k, v in names.items()}, gz.townships_by_county
