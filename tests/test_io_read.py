"""Reading report files: every encoding, HTML, and broken files named with their problem."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import opencc
import pytest

from kg.errors import ReadError
from kg.io import read
from kg.io.read import bracket_problems, decode, find_reports, html_to_text, read_report

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TEXT = (SEEDS / "001_5fcb393c102b8273.txt").read_text(encoding="utf-8")
TRADITIONAL = opencc.OpenCC("s2t").convert(TEXT)
TAIWAN = opencc.OpenCC("s2tw").convert(TEXT)


@pytest.mark.parametrize("text, data, encoding", [
    (TEXT, TEXT.encode("utf-8"), "utf-8"),
    (TEXT, codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT, TEXT.encode("utf-16"), "utf-16"),
    (TEXT, codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT, TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT, TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT, TEXT.encode("utf-32"), "utf-32"),
    (TEXT, TEXT.encode("gb18030"), "gb18030"),
    (TEXT, TEXT.encode("gbk"), "gb18030"),
    (TRADITIONAL, TRADITIONAL.encode("gb18030"), "gb18030"),
    (TRADITIONAL, TRADITIONAL.encode("utf-8"), "utf-8"),
    (TAIWAN, TAIWAN.encode("big5hkscs"), "big5hkscs"),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-32",
        "gb18030", "gbk", "traditional-gb18030", "traditional-utf-8", "big5"])
def test_decode_gives_the_text_back(text, data, encoding):
    found = decode(data)
    assert found.text == text
    assert found.encoding == encoding
    assert found.warnings == ()


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_line_ends_are_kept_as_read(line_end):
    text = TEXT.replace("\n", line_end)
    assert decode(text.encode("gb18030")).text == text


def test_a_few_bad_utf8_bytes_become_replacement_characters_with_a_warning():
    data = TEXT.encode("utf-8")
    cut = data.index("常委会".encode("utf-8"))
    found = decode(data[:cut] + b"\xff" + data[cut:])
    assert found.encoding == "utf-8"
    assert found.text == TEXT[:TEXT.index("常委会")] + "\ufffd" + TEXT[TEXT.index("常委会"):]
    assert found.warnings == (f"1 undecodable utf-8 byte sequence(s) replaced with U+FFFD (first at byte {cut})",)


def test_a_truncated_gb18030_file_keeps_its_encoding():
    found = decode(TEXT.rstrip("\n").encode("gb18030")[:-1])
    assert found.encoding == "gb18030"
    assert found.text == TEXT.rstrip("\n")[:-1] + "\ufffd"
    assert "replaced with U+FFFD" in found.warnings[0]


def test_nul_padding_at_the_end_is_dropped_with_a_warning():
    found = decode(TEXT.encode("utf-8") + b"\x00" * 512)
    assert found.text == TEXT
    assert found.warnings == ("512 NUL bytes at the end of the file ignored",)


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (os.urandom(4096).replace(b"\x00", b"") + b"\x00" + os.urandom(64), "binary data (NUL byte at offset"),
    (TEXT.encode("utf-8")[:300] + b"\x00" + TEXT.encode("utf-8")[300:], "binary data (NUL byte at offset 300)"),
    (bytes(range(1, 9)) * 500, "binary data (control characters in the utf-8 text)"),
    (bytes(range(0x80, 0x100)) * 40, "not text in a known encoding"),
    ("Rapport annuel, été, créé.\n".encode("latin-1") * 40, "not text in a known encoding"),
    (b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 100, "invalid utf-8-sig"),
], ids=["empty", "binary", "nul-inside-text", "control-characters", "high-bytes", "latin-1", "bad-after-bom"])
def test_undecodable_bytes_raise_a_value_error_saying_why(data, problem):
    with pytest.raises(ValueError, match="^" + problem.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


@pytest.mark.parametrize("name, data, problem", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \r\n\t\n\xe3\x80\x80\n", "no text (file is blank)"),
    ("png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (NUL byte at offset 8)"),
    ("script.html", b"<html><body><script>var x = 1;</script></body></html>",
     "no text (HTML page without visible text)"),
])
def test_read_report_names_the_file_and_the_problem(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_report(path)
    assert info.value.path == str(path)
    assert info.value.problem == problem
    assert str(info.value) == f"{path}: {problem}"


def test_a_folder_a_missing_file_and_a_broken_link_are_read_errors(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    problems = {}
    for name in ("folder.txt", "missing.txt", "link.txt"):
        with pytest.raises(ReadError) as info:
            read_report(tmp_path / name)
        problems[name] = info.value.problem
    assert problems == {"folder.txt": "is a folder, not a file", "missing.txt": "No such file or directory",
                        "link.txt": "No such file or directory"}


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(ReadError, match=r"file too large \(\d+ bytes, limit 100\)"):
        read_report(path)


def test_no_error_message_runs_over_one_line(tmp_path):
    for i, data in enumerate([b"", os.urandom(2000), b"\x00" * 10, bytes(range(1, 30)) * 20]):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(data)
        with pytest.raises(ReadError) as info:
            read_report(path)
        assert "\n" not in str(info.value)


def test_the_seeds_read_without_warnings():
    for path in sorted(SEEDS.glob("*.txt")):
        report = read_report(path)
        assert report.text == path.read_text(encoding="utf-8")
        assert report.warnings == (), path.name


def test_unbalanced_marks_are_warned_about_with_their_line(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("第一行《就业促进法》。\n第二行《宪法。\n第三行“两个确立。\n", encoding="utf-8")
    assert read_report(path).warnings == (
        "unbalanced 《》 (2 《, 1 》; first on line 2)",
        "unbalanced “” (1 “, 0 ”; first on line 3)",
    )


@pytest.mark.parametrize("text, problems", [
    ("《宪法》和《就业促进法》", []),
    ("“第一段\n“第二段\n“第三段。”", []),
    ("他说：「好」", []),
    ("《宪法\n》", ["unbalanced 《》 (1 《, 1 》; first on line 1)"]),
    ("一\n二》", ["unbalanced 《》 (0 《, 1 》; first on line 2)"]),
    ("“甲”乙”", ["unbalanced “” (1 “, 2 ”; first on line 1)"]),
    ("「甲", ["unbalanced 「」 (1 「, 0 」; first on line 1)"]),
])
def test_bracket_problems(text, problems):
    assert bracket_problems(text) == problems


def test_html_pages_are_read_as_their_visible_text(tmp_path):
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"gb2312\"><title>网站标题</title>"
            "<style>p { color: red }</style></head>\n<body>\n<div class=\"nav\">首页 &gt; 人大</div>\n"
            "<h1>常山县人大常委会\n工作报告</h1><p>一年来，常委会&nbsp;坚持<b>依法</b>履职。<br>召开会议8次。</p>\n"
            "<script>document.write('<p>不是正文</p>')</script>"
            "<table><tr><td>代表建议</td><td>120件</td></tr></table>"
            "<pre>原样\n  保留</pre><p>&amp;lt;不是标签&amp;gt;</p></body></html>")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    report = read_report(path)
    assert report.encoding == "gb18030"
    assert report.text == ("首页 > 人大\n常山县人大常委会工作报告\n一年来，常委会\u00a0坚持依法履职。\n召开会议8次。\n"
                           "代表建议\n120件\n原样\n保留\n&lt;不是标签&gt;\n")


def test_html_without_a_closed_head_still_gives_its_body(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>标题<body><p>正文第一段</p></body></html>", encoding="utf-8")
    assert read_report(path).text == "正文第一段\n"


def test_a_txt_file_holding_a_page_is_read_as_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!doctype html><html><body><p>第一段</p><p>第二段</p></body></html>", encoding="utf-8")
    assert read_report(path).text == "第一段\n第二段\n"


def test_html_to_text_joins_source_lines_inside_chinese_text():
    assert html_to_text("<p>人大常委会\n  工作报告 and\n more</p>") == "人大常委会工作报告 and more\n"


def test_find_reports_takes_report_suffixes_skips_hidden_files_and_keeps_broken_links(tmp_path):
    for name in ("a.txt", "b.HTML", "c.htm", "d.md", "e.xlsx", ".hidden.txt", "sub/f.text", "sub/h.PDF", "i.docx"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "g.txt").symlink_to(tmp_path / "gone.txt")
    notes: list[str] = []
    assert [p.name for p in find_reports([tmp_path], on_note=notes.append)] == [
        "a.txt", "b.HTML", "c.htm", "d.md", "f.text", "g.txt", "h.PDF", "i.docx"]
    assert notes == ["note: skipped 1 file of an unsupported type (.xlsx)"]


def test_find_reports_skips_hidden_folders_and_the_output_folder(tmp_path):
    for name in ("a.txt", ".venv/lib/README.md", "output/graph.html", "output/reports/a.txt", "sub/.cache/b.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in find_reports([tmp_path], skip=tmp_path / "output")] == ["a.txt"]
    assert len(find_reports([tmp_path])) == 3
    named = tmp_path / "output" / "graph.html"
    assert find_reports([named], skip=tmp_path / "output") == [named]


def test_find_reports_names_a_missing_input():
    with pytest.raises(ReadError, match="No such file or directory"):
        find_reports([Path("no/such/folder")])
