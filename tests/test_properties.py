"""Property-based tests: random bytes and text never crash reading, normalising
or extracting, and every offset stays valid."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

from kg.errors import ReadError
from kg.io.normalise import normalise, to_simplified
from kg.io.read import decode, read_report
from kg.rdf.assemble import IRIs
from kg.turtle import TurtleWriter

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_LINES = [line for p in sorted(SEEDS.glob("*.txt"))
              for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
SEED_CHARS = sorted({c for line in SEED_LINES for c in line if "\u4e00" <= c <= "\u9fff"})
FRAGMENTS = [
    "《", "》", "“", "”", "「", "」", '"', "\r\n", "\r", "\n", "\x00", "\u2028", "\u3000", "\ufeff", "\t",
    "常山县", "常山縣", "人大常委会主任 孙晓", "《中华人民共和国宪法》", "《憲法", "执法检查", "“两个确立",
    "召开常委会会议8次", "2024年1月30日", "关於", "乾安县", "\\", "<", ">", "&amp;", "𠀀", "\ufffd",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Chinese text: at least 20 hanzi of the seeds, with punctuation, digits and breaks between
BETWEEN = ["", "", "", "，", "。", "、", "“", "”", "《", "》", "\n", " ", "8"]
chinese = st.lists(st.tuples(st.sampled_from(SEED_CHARS), st.sampled_from(BETWEEN)), min_size=20, max_size=200).map(
    lambda pairs: "".join(a + b for a, b in pairs))
report_like = st.lists(
    st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(FRAGMENTS), st.text(max_size=20)),
    max_size=40,
).map("".join)


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_random_bytes_gives_text_or_a_value_error(data):
    try:
        found = decode(data)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert "\x00" not in found.text
    assert all("\n" not in w for w in found.warnings)


@SETTINGS
@given(chinese, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"]))
def test_chinese_text_decodes_back_from_every_encoding(text, encoding):
    assert decode(text.encode(encoding)).text == text


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\r"), min_size=1),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_printable_text_decodes_back_from_utf(text, encoding):
    if encoding == "utf-8-sig" or encoding.startswith(("utf-16", "utf-32")) or not text.startswith("\ufeff"):
        assert decode(text.encode(encoding)).text == text


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["r.txt", "r.html"]))
def test_read_report_raises_only_read_errors(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("r") / name
    path.write_bytes(data)
    try:
        report = read_report(path)
    except ReadError as exc:
        assert exc.path == str(path) and "\n" not in exc.problem
        return
    assert report.text.strip()


@SETTINGS
@given(st.one_of(report_like, st.text()))
def test_normalise_keeps_length_and_line_breaks(text):
    out = normalise(text)
    assert len(out) == len(text)
    assert all(out[i] == "\n" for i, c in enumerate(text) if c == "\n")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", out)


def _as_name(surface: str) -> str:
    """A person's name as written, read as a name: NFKC, simplified, without pinyin
    readings, white space or invisible characters (controls, format characters)."""
    surface = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+\)", "", unicodedata.normalize("NFKC", surface))
    return to_simplified("".join(c for c in surface if not c.isspace() and unicodedata.category(c)[0] not in "CZ"))


@SETTINGS
@given(report_like)
def test_extraction_never_crashes_and_every_offset_is_valid(process, text):
    result = process(text, "random.txt")
    for entity in result.entities:
        assert entity.name
        for m in entity.mentions:
            assert 0 <= m["start"] < m["end"] <= len(text)
            assert text[m["start"]:m["end"]] == m["text"]
            if entity.type == "Official":  # the whole name stands at the mention, read as a name
                assert _as_name(text[m["start"]:m["end"]]) == entity.name, (entity.name, m)
    for relation in result.relations:
        for start, end in relation.evidence:
            assert 0 <= start <= end <= len(text)
    for start, end in result.facts.evidence.values():
        assert 0 <= start <= end <= len(text)
    for start, end in result.sentences:
        assert 0 <= start <= end <= len(text)


WRITER = TurtleWriter([("concept", IRIs().base + "concept/")])


def _parse_object(turtle: str):
    data = f"<http://example.org/s> <http://example.org/p> {turtle} .\n"
    (triple,) = Graph().parse(data=data, format="turtle")
    (quad,) = ox.parse(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return triple[2], quad.object


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_any_label_survives_the_turtle_round_trip(label):
    for literal in (Literal(label), Literal(label, lang="zh")):
        parsed, strict = _parse_object(WRITER.term(literal))
        assert str(parsed) == label and strict.value == label


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_any_name_makes_an_iri_that_survives_the_turtle_round_trip(name):
    iri = IRIs().key(f"concept/{name}")
    subject = WRITER.term(iri)
    data = WRITER.header() + f"{subject} <http://example.org/p> 1 .\n"
    (triple,) = Graph().parse(data=data, format="turtle")
    (quad,) = ox.parse(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    assert str(triple[0]) == str(iri) == quad.subject.value
