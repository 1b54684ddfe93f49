"""Words cut on demand give exactly jieba's boundaries over the whole text, as jieba
cuts it with its whole dictionary loaded and the division names added."""
from __future__ import annotations

import re
from pathlib import Path

import jieba
import pytest

from kg.extract.doc import init_doc, word_boundaries
from kg.io.normalise import normalise
from kg.io.read import read_report

ROOT = Path(__file__).resolve().parents[2]
TEXTS = (sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "written" / "reports").iterdir())
         + sorted((ROOT / "tests" / "fixtures" / "dev" / "reports").iterdir()))


@pytest.fixture(scope="module")
def full_jieba(tmp_path_factory) -> jieba.Tokenizer:
    """jieba as it loads itself (the whole of dict.txt), taught the division names
    by the rule kg applies: full names of three or more characters at least as
    frequent as 800, short names it does not know at 300."""
    from kg.reference import gazetteer

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(tmp_path_factory.mktemp("jieba"))  # not the shared temporary folder's cache
    tk.initialize()
    gz = gazetteer.load()
    for name, entries in gz.by_name.items():
        if any(gz.divisions[e.code].level == "township" for e in entries):
            continue
        if any(e.form == "full" for e in entries) and len(name) >= 3:
            tk.add_word(name, freq=max(tk.FREQ.get(name, 0) or 0, 800))
        elif not tk.FREQ.get(name) and len(name) >= 2:
            tk.add_word(name, freq=300)
    return tk


def _jieba_edges(tk: jieba.Tokenizer, text: str) -> set[int]:
    edges, pos = {0}, 0
    for word in tk.cut(text):
        pos += len(word)
        edges.add(pos)
    return edges


def _inside_whitespace(text: str) -> set[int]:
    return {i for m in re.finditer(r"\s{2,}", text) for i in range(m.start() + 1, m.end())}


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_words_match_jieba_on_the_whole_text(nlp, full_jieba, path):
    text = normalise(read_report(path).text)
    doc = init_doc(nlp.make_doc(text), path.name, text, text)
    words = word_boundaries(doc)
    expected = _jieba_edges(full_jieba, text) - _inside_whitespace(text)
    found = {i for i in range(-1, len(text) + 2) if i in words} - _inside_whitespace(text)
    assert found == expected
    edges = sorted(expected)
    for a, b in zip(edges, edges[1:]):
        if not text[a:b].isspace():
            assert words.word_at(a) == (a, b) and words.word_at(b - 1) == (a, b)
    assert words.word_at(len(text)) is None and words.word_at(-1) is None


def test_tokens_are_blocks_and_cover_the_text(nlp):
    text = "县人大常委会2023年工作报告：  坚持“两个确立”，build-up 100%。\n\n下一步"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["县人大常委会2023年工作报告", "：", "  ", "坚持"]
    assert "build-up" in [t.text for t in doc]


def test_only_the_blocks_asked_about_are_cut(nlp):
    text = "第一句话在这里。" * 50 + "浙江省衢州市常山县"
    doc = init_doc(nlp.make_doc(text), "t.txt", text, text)
    words = word_boundaries(doc)
    assert text.index("衢州市") in words
    assert len(words._cut) == 1


def test_an_empty_text_has_one_edge_and_no_word(nlp):
    from kg.extract.segmenter import Words

    words = Words(nlp.make_doc(""), "")
    assert [p for p in (-1, 0, 1) if p in words] == [0]
    assert words.word_at(0) is None and words.word_at(-1) is None


def test_the_ends_of_a_text_are_word_edges_and_nothing_outside(nlp):
    from kg.extract.segmenter import Words

    text = "县人大常委会召开会议"
    words = Words(nlp.make_doc(text), text)
    assert [p for p in (-2, -1, 0, len(text), len(text) + 1) if p in words] == [0, len(text)]


@pytest.mark.parametrize("text, edges, spaces", [
    # a run of spaces is one word: no edge inside it, before the last word too
    ("会议 结束", [0, 2, 3, 5], (2, 3)),
    ("会议   结束", [0, 2, 5, 7], (2, 5)),
    ("召开会议   审议报告", [0, 2, 4, 7, 9, 11], (4, 7)),
])
def test_a_run_of_spaces_is_one_word(nlp, text, edges, spaces):
    from kg.extract.segmenter import Words

    words = Words(nlp.make_doc(text), text)
    assert [p for p in range(len(text) + 1) if p in words] == edges
    assert {words.word_at(p) for p in range(*spaces)} == {spaces}
