"""Offsets in extractions.jsonl, checked against the report files themselves.

The files are read here on their own (UTF-8, line ends kept, as the README's
"Offsets" says kg reads them), never through kg, and what stands at each span
must be what the line says was found there: a mention's entity by its name or
an alias, an official by exactly their name, a relation's evidence holding the
entity it is about, a statistic's evidence its number. A test that compared a
mention with text kg sliced at the mention's own offsets could not fail.

The build holds the seeds, the written and the 35 development reports, and one
report longer than a piece of the pipeline (`kg.extract.pipeline.CHUNK_CHARS`),
made of the seeds written out again with every sentence numbered (a repeated
sentence would be skipped as a passage printed twice).
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import opencc
import pytest

from kg.build import build
from kg.extract.pipeline import CHUNK_CHARS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FOLDERS = (ROOT / "seeds", FIXTURES / "written" / "reports", FIXTURES / "dev" / "reports")
GOLDS = (FIXTURES / "gold", FIXTURES / "written" / "gold", FIXTURES / "dev" / "gold")
LONG = "long_report.txt"

# How a surface form compares with a name: NFKC, without quotes, brackets and white space.
_STRIP = re.compile(r"[“”\"'‘’《》〈〉「」『』\s]")
# A pinyin reading a machine conversion left inside a name: 習(xí)近平.
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)")
# A county named by deixis: 我县, 全区, 全縣.
_DEIXIS = re.compile(r"[我全本][县縣区區市州旗]")
_T2S = opencc.OpenCC("t2s")


def norm(text: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", text))


def plain(text: str) -> str:
    """A person's name as written, read as a name: simplified, without pinyin readings."""
    return _T2S.convert(_PINYIN.sub("", norm(text)))


def long_report() -> str:
    """The seeds written out again and again, each copy's sentences numbered, until
    the text is longer than one piece and a half."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    parts: list[str] = []
    copy = 0
    while sum(map(len, parts)) < CHUNK_CHARS * 3 // 2:
        copy += 1
        parts += [text.replace("。", f"（{copy}）。") for text in seeds]
    return "".join(parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("offsets")
    (folder / "in").mkdir()
    (folder / "in" / LONG).write_text(long_report(), encoding="utf-8")
    out = folder / "out"
    summary = build([*FOLDERS, folder / "in"], out)
    assert not summary.failed
    return out


@pytest.fixture(scope="module")
def lines(built) -> list[dict]:
    with open(built / "extractions.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def sources(built) -> dict[str, str]:
    """Each report's text read from its file, independently of kg."""
    files = [p for folder in (*FOLDERS, built.parent / "in") for p in folder.glob("*.txt")]
    return {p.name: p.read_bytes().decode("utf-8-sig") for p in files}


def _entities(lines: list[dict]) -> dict[tuple[str, str], dict]:
    return {(o["doc"], o["name"]): o for o in lines if o["kind"] == "entity"}


def _forms(entity: dict) -> set[str]:
    return {norm(entity["name"])} | {norm(a) for a in entity.get("aliases", [])}


def test_every_report_was_built(lines, sources):
    assert {o["doc"] for o in lines if o["kind"] == "report"} == set(sources)
    assert len(sources) == 5 + 3 + 35 + 1


def test_each_mention_is_its_entitys_name_or_alias_in_the_file(lines, sources):
    checked = 0
    for o in lines:
        if o["kind"] != "entity":
            continue
        forms = _forms(o)
        for m in o["mentions"]:
            found = sources[o["doc"]][m["start"]:m["end"]]
            assert found == m["text"], (o["doc"], o["name"], m)
            deixis = o["type"] in ("County", "Place") and _DEIXIS.fullmatch(found)
            assert norm(found) in forms or deixis, (o["doc"], o["type"], o["name"], m, found)
            checked += 1
    assert checked > 3000


def _gold_forms() -> dict[str, dict[tuple[str, str], set[str]]]:
    """{report: {(type, name): the name and aliases the annotators wrote}}, read as names."""
    out: dict[str, dict[tuple[str, str], set[str]]] = {}
    for path in (p for folder in GOLDS for p in sorted(folder.glob("*.json"))):
        gold = json.loads(path.read_text(encoding="utf-8"))
        forms = out.setdefault(gold["doc"], {})
        for e in gold["entities"]:
            for type_ in e.get("types") or [e["type"]]:
                forms.setdefault((type_, plain(e["name"])), set()).update(map(plain, [e["name"], *e.get("aliases", [])]))
    return out


def test_mentions_of_annotated_entities_are_forms_the_annotators_wrote(lines, sources):
    """The text at each mention of an entity the gold has is its gold name or a gold
    alias (an area also by its name without the level: 北京 for 北京市), or a county's
    deixis: checked against the annotations, not against aliases kg made from its mentions."""
    gold = _gold_forms()
    checked = 0
    for o in lines:
        forms = gold.get(o["doc"], {}).get((o.get("type"), plain(o.get("name", ""))))
        if o["kind"] != "entity" or forms is None:
            continue
        if o["type"] in ("County", "Place"):
            forms = forms | {plain(o["name"])[:-1]}
        for m in o["mentions"]:
            found = sources[o["doc"]][m["start"]:m["end"]]
            assert plain(found) in forms or _DEIXIS.fullmatch(found), (o["doc"], o["type"], o["name"], m, found)
            checked += 1
    assert checked > 1000


def test_a_span_is_one_mention(lines):
    for o in lines:
        if o["kind"] == "entity":
            spans = [(m["start"], m["end"]) for m in o["mentions"]]
            assert len(spans) == len(set(spans)), (o["doc"], o["name"])


def test_each_official_is_named_whole_at_their_mentions(lines, sources):
    """An official's mention holds their whole name: 近平 for 习近平 is no mention,
    and no alias of 习近平."""
    officials = [o for o in lines if o["kind"] == "entity" and o["type"] == "Official"]
    assert len(officials) > 150
    for o in officials:
        for m in o["mentions"]:
            assert plain(sources[o["doc"]][m["start"]:m["end"]]) == o["name"], (o["doc"], o["name"], m)
        for alias in o.get("aliases", []):
            assert plain(alias) == o["name"], (o["doc"], o["name"], alias)


def test_relation_evidence_holds_what_the_relation_is_about(lines, sources):
    """holdsPost and partOf: the evidence names the subject; an inspection: the law."""
    entities = _entities(lines)
    for o in lines:
        if o["kind"] != "relation":
            continue
        about = o["s"] if o["p"] in ("holdsPost", "partOf") else o["o"]
        forms = _forms(entities[(o["doc"], about)])
        for ev in o["evidence"]:
            found = norm(sources[o["doc"]][ev["start"]:ev["end"]])
            named = any(f in found or f in plain(found) for f in forms)
            assert named or (o["p"] == "partOf" and _DEIXIS.fullmatch(found)), (o["doc"], o["p"], about, ev, found)


def _number(text: str) -> set[int]:
    """The numbers written in `text`, in digits or in Chinese numerals (二百一十 is 210)."""
    digits = dict(zip("零一二三四五六七八九", range(10))) | {"两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    found = {int(n) for n in re.findall(r"\d+", text)}
    for m in re.finditer(r"[零一二两三四五六七八九十百千]+", text):
        total = digit = 0
        for ch in m.group():
            if ch in units:
                total += (digit or 1) * units[ch]
                digit = 0
            else:
                digit = digits[ch]
        found.add(total + digit)
    return found


def test_statistics_evidence_holds_the_count(lines, sources):
    reports = [o for o in lines if o["kind"] == "report"]
    assert sum(len(o["statistics"]) for o in reports) > 50
    for o in reports:
        for key, value in o["statistics"].items():
            ev = o["evidence"][key]
            found = sources[o["doc"]][ev["start"]:ev["end"]]
            assert found == ev["text"] and value in _number(found), (o["doc"], key, value, ev)


def test_the_long_report_is_checked_beyond_its_first_piece(lines, sources):
    """The checks above reach the long report's later pieces: findings lie past CHUNK_CHARS."""
    assert len(sources[LONG]) > CHUNK_CHARS
    doc = [o for o in lines if o["doc"] == LONG]
    later = lambda spans: [s for s in spans if s["start"] > CHUNK_CHARS]  # noqa: E731
    mentions = later([m for o in doc if o["kind"] == "entity" for m in o["mentions"]])
    evidence = {o["p"]: later(o["evidence"]) for o in doc if o["kind"] == "relation" and later(o["evidence"])}
    assert len(mentions) > 100
    assert "holdsPost" in evidence and {"inspectedLaw", "plansInspection"} & set(evidence)


def test_relation_evidence_is_mapped_back_over_a_pinyin_reading():
    """A machine conversion's pinyin (會(huì)議) is taken out before the components
    read the text: the evidence of a relation found there ends where its sentence
    ends in the text as read."""
    from kg.process import process_text
    from tests.extract.helpers import report

    text = report("县人大常委会主任翁旭东出席會(huì)議并讲话。")
    post = next(r for r in process_text(text, "t.txt").relations if r.p == "holdsPost")
    assert [text[s:e] for s, e in post.evidence] == ["县人大常委会主任翁旭东出席會(huì)議并讲话。"]
