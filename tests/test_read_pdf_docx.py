"""PDF and Word input: real documents made from the seeds find the seeds' entities.

The documents are made here with real libraries and a Chinese font
(scripts/documents.py): PDFs laid out by reportlab with its built-in CID font
STSong-Light (running header, `— 3 —` page numbers), PDFs printed by headless
Chromium (its header and footer; its text layer gives radical code points such
as ⼈ U+2F08 for 人), and .docx files written by python-docx (title in the page
header, a PAGE field in the footer). One build reads the seeds as text and as
each kind of document; the entities (type and name) of each document are
compared with those of its text.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

import browser_support
from browser_support import CHROMIUM

from kg.cli import cli
from kg.io.layout import _width, fix_chars, join_lines, pages_to_text
from kg.io.read import find_reports, read_report

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import documents  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RADICALS = re.compile("[\u2e80-\u2fdf]")


def _chromium_or_skip() -> str:
    """Chromium's path; without it the test fails in CI and skips elsewhere (tests/browser_support.py)."""
    browser_support.need([] if CHROMIUM else ["Chromium (Debian package chromium; or set KG_CHROMIUM)"])
    return CHROMIUM


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds as text, as reportlab PDFs, as Chromium PDFs and as .docx files, a folder each."""
    chromium = _chromium_or_skip()
    root = tmp_path_factory.mktemp("documents")
    for kind in ("txt", "reportlab", "chromium", "docx"):
        (root / kind).mkdir()
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        shutil.copy(path, root / "txt" / path.name)
        documents.reportlab_pdf(text, root / "reportlab" / f"{path.stem}.pdf")
        documents.chromium_pdf(text, root / "chromium" / f"{path.stem}.pdf", chromium)
        documents.word_docx(text, root / "docx" / f"{path.stem}.docx")
    return root


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    """One build of the four folders: (CLI result, {(kind, seed stem): {(type, name)}}, extraction lines)."""
    out = tmp_path_factory.mktemp("documents-out")
    result = CliRunner().invoke(cli, ["build", *(str(corpus / k) for k in ("txt", "reportlab", "chromium", "docx")),
                                      "--out", str(out)])
    entities: dict[tuple[str, str], set] = defaultdict(set)
    lines = [json.loads(line) for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if line["kind"] == "entity":
            kind, name = line["doc"].split("/")
            entities[(kind, Path(name).stem)].add((line["type"], line["name"]))
    return result, entities, lines


def test_the_documents_build_without_errors(built):
    result, entities, _ = built
    assert result.exit_code == 0, result.output
    assert "kg: error" not in result.output
    assert {kind for kind, _ in entities} == {"txt", "reportlab", "chromium", "docx"}


@pytest.mark.parametrize("kind", ["reportlab", "chromium"])
def test_a_pdf_finds_the_entities_of_its_text(built, kind):
    _, entities, _ = built
    want = found = 0
    for path in SEEDS:
        text = entities[("txt", path.stem)]
        want += len(text)
        found += len(text & entities[(kind, path.stem)])
    assert want > 300
    assert found / want >= 0.98, (kind, found, want)


def test_a_docx_finds_all_the_entities_of_its_text(built):
    _, entities, _ = built
    for path in SEEDS:
        assert entities[("docx", path.stem)] == entities[("txt", path.stem)], path.name


@pytest.mark.parametrize("kind, suffix", [("reportlab", ".pdf"), ("chromium", ".pdf"), ("docx", ".docx")])
def test_offsets_index_the_extracted_text(corpus, built, kind, suffix):
    _, _, lines = built
    texts = {}
    checked = 0
    for line in lines:
        if line["kind"] != "entity" or not line["doc"].startswith(kind + "/"):
            continue
        name = line["doc"].split("/")[1]
        text = texts.get(name) or texts.setdefault(name, read_report(corpus / kind / name).text)
        for m in line["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
            checked += 1
    assert checked > 500


def _to_unicode_targets(pdf: bytes) -> set[int]:
    """The code points a PDF's ToUnicode maps give (its text layer), read from the raw streams."""
    found: set[int] = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"beginbfchar" in data or b"beginbfrange" in data:
            found |= {int(h, 16) for h in re.findall(rb"<([0-9A-Fa-f]{4})>\s*(?:\n|$)", data)}
            found |= {int(h, 16) for _, h in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", data)}
    return found


def test_chromium_text_layer_gives_radicals_and_kg_reads_ideographs(corpus):
    path = corpus / "chromium" / f"{SEEDS[0].stem}.pdf"
    targets = _to_unicode_targets(path.read_bytes())
    assert {0x2F08, 0x2EA0} & targets, "the printed PDF should map glyphs to radical code points"
    text = read_report(path).text
    assert not RADICALS.search(text)
    assert "人民代表大会" in text


def test_radicals_map_to_ideographs_by_the_table():
    assert fix_chars("⼈⺠代表⼤会，⻅⻔⼾⸺") == "人民代表大会，见门户——"
    assert fix_chars("人民，“”《》") == "人民，“”《》"


@pytest.mark.parametrize("kind", ["reportlab", "chromium"])
def test_page_furniture_is_dropped_and_every_line_is_the_seeds(corpus, kind):
    seed = SEEDS[0].read_text(encoding="utf-8")
    paragraphs = documents.paragraphs(seed)
    text = read_report(corpus / kind / f"{SEEDS[0].stem}.pdf").text
    assert not re.search(r"— \d+ —|file:|ﬁle:|\d+/\d+/\d+|^\d+/\d+$", text, re.M)
    assert text.count(paragraphs[0]) == seed.count(paragraphs[0])
    sentences = [s for line in text.splitlines() for s in re.findall(r"[^。！？]+[。！？]*", line)]
    squeezed = [re.sub(r"\s", "", p) for p in paragraphs]
    strays = [s for s in sentences if not any(re.sub(r"\s", "", s) in p for p in squeezed)]
    assert not strays  # no junk, no sentence cut or run into another paragraph
    whole = sum(1 for p in paragraphs if p in text.splitlines())
    assert whole / len(paragraphs) >= 0.8


def test_lines_broken_inside_a_sentence_are_joined():
    lines = ["一年来，常委会坚持以习近平新时代中国特色", "社会主义思想为指导，认真履行宪法和法律赋", "予的职责。",
             "二、主要工作",
             "常委会听取和审议了县人民政府关于《中华人", "民共和国食品安全法》实施情况的报告，组织", "开展了执法检查。",
             "常委会围绕中心，审议通过了“十四",  # short: 五” could not start the next line alone
             "五”规划纲要实施情况的评估报告。",
             "某县第十七届人民代表大会会议上", "人大常委会主任 王某"]
    assert {_width(line) for line in lines[:2] + lines[4:6]} == {20}
    assert join_lines(lines).splitlines() == [
        "一年来，常委会坚持以习近平新时代中国特色社会主义思想为指导，认真履行宪法和法律赋予的职责。",
        "二、主要工作",
        "常委会听取和审议了县人民政府关于《中华人民共和国食品安全法》实施情况的报告，组织开展了执法检查。",
        "常委会围绕中心，审议通过了“十四五”规划纲要实施情况的评估报告。",
        "某县第十七届人民代表大会会议上", "人大常委会主任 王某"]


def test_running_headers_and_page_numbers_are_dropped_but_the_title_stays():
    title = "某县人民代表大会常务委员会工作报告"
    body = [f"常委会听取和审议了县人民政府关于{work}工作情况的报告，提出了意见。"
            for work in ("安全生产", "食品安全", "生态环境", "教育", "医疗", "养老", "交通", "水利", "文化")]
    pages = [f"{title}\n{title}\n" + "\n".join(body[:3]) + "\n— 1 —",
             f"{title}\n" + "\n".join(body[3:6]) + "\n第 2 页 共 3 页",
             f"{title}\n" + "\n".join(body[6:]) + "\n- 3 -"]
    text = pages_to_text(pages)
    assert text.splitlines() == [title] + body


def _build(tmp_path: Path, *files: Path):
    return CliRunner().invoke(cli, ["build", *map(str, files), "--out", str(tmp_path / "out")])


def _good_pdf(tmp_path: Path) -> Path:
    return documents.reportlab_pdf(SEEDS[1].read_text(encoding="utf-8"), tmp_path / "good.pdf")


def test_a_pdf_without_a_text_layer_is_one_error_line_and_the_others_build(tmp_path):
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(scan))
    page.rect(60, 60, 400, 600, fill=1)  # a scanned page: a picture, no text
    page.showPage()
    page.save()
    result = _build(tmp_path, scan, _good_pdf(tmp_path))
    assert f"kg: error: {scan}: no text layer (scanned PDF): run OCR first\n" in result.output
    assert result.output.count("kg: error") == 1
    assert "reports read: 1 (1 failed)" in result.output
    assert result.exit_code == 1


def _encrypted_pdf(path: Path, user: str) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user, ownerPassword="owner", canCopy=0))
    page.setFont("STSong-Light", 12)
    page.drawString(60, 700, "常山县人民代表大会常务委员会召开会议。")
    page.showPage()
    page.save()
    return path


@pytest.mark.parametrize("name, make, problem", [
    ("locked.pdf", lambda p, good: _encrypted_pdf(p, "secret"),
     "encrypted PDF (a password is needed to open it): save a copy without the password"),
    ("cut.pdf", lambda p, good: p.write_bytes(good.read_bytes()[:len(good.read_bytes()) // 2]),
     "broken or truncated PDF (cannot be opened: data format error)"),
    ("page.pdf", lambda p, good: p.write_text("<html><body>404 Not Found</body></html>"),
     "not a PDF (no %PDF header): a broken download, or another kind of file renamed"),
    ("old.doc", lambda p, good: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)),
     "legacy Word format (.doc, Word 97-2003): kg reads .docx: save it as .docx or PDF"),
    ("cut.docx", lambda p, good: p.write_bytes(documents.word_docx("常山县人大常委会召开会议。", p).read_bytes()[:900]),
     "not a readable .docx (broken or truncated: File is not a zip file)"),
    ("sheet.docx", lambda p, good: p.write_bytes(_workbook()),
     "not a Word document ("),
])
def test_a_document_that_cannot_be_read_is_one_error_line(tmp_path, name, make, problem):
    good = _good_pdf(tmp_path)
    bad = tmp_path / name
    make(bad, good)
    result = _build(tmp_path, bad, good)
    errors = [line for line in result.output.splitlines() if line.startswith("kg: error")]
    assert errors and errors[0].startswith(f"kg: error: {bad}: {problem}"), result.output
    assert len(errors) == 1
    assert "reports read: 1 (1 failed)" in result.output


def _workbook() -> bytes:
    """A zip package that is not a Word document (a spreadsheet's content types)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def test_an_owner_password_alone_does_not_stop_reading(tmp_path):
    text = read_report(_encrypted_pdf(tmp_path / "restricted.pdf", "")).text
    assert text == "常山县人民代表大会常务委员会召开会议。\n"


def test_a_folder_reads_pdf_and_word_and_notes_the_other_types_once(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    documents.reportlab_pdf(SEEDS[0].read_text(encoding="utf-8"), folder / "a.pdf")
    documents.word_docx(SEEDS[1].read_text(encoding="utf-8"), folder / "sub" / "b.docx")
    for name in ("stats.xlsx", "more.xlsx", "sub/photo.jpg"):
        (folder / name).write_bytes(b"PK\x03\x04")
    notes: list[str] = []
    found = find_reports([folder], on_note=notes.append)
    assert [p.name for p in found] == ["a.pdf", "b.docx"]
    assert notes == ["note: skipped 3 files of unsupported types (.xlsx, .jpg)"]
    result = _build(tmp_path, folder)
    assert result.output.count("kg: note: skipped 3 files of unsupported types (.xlsx, .jpg)\n") == 1
    assert "reports read: 2\n" in result.output and result.exit_code == 0


def test_word_tables_and_line_breaks_are_read_and_the_page_header_left_out(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("常委会听取和审议了").add_run("县人民政府工作报告。")
    para = document.add_paragraph("第一行")
    para.add_run().add_break()
    para.add_run("第二行")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "会议", (0, 1): "次数", (1, 0): "常委会会议", (1, 1): "8次"}.items():
        table.cell(r, c).text = value
    document.sections[0].header.paragraphs[0].text = "页眉标题"
    path = tmp_path / "t.docx"
    document.save(str(path))
    text = read_report(path).text
    assert text == "常委会听取和审议了县人民政府工作报告。\n第一行\n第二行\n会议\t次数\n常委会会议\t8次\n"


def test_pages_without_text_among_pages_with_text_are_a_warning(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    page.drawString(60, 700, "常山县人民代表大会常务委员会召开会议。")
    page.showPage()
    page.rect(60, 60, 400, 600, fill=1)
    page.showPage()
    page.save()
    report = read_report(path)
    assert report.text == "常山县人民代表大会常务委员会召开会议。\n"
    assert report.warnings == ("page 2 of 2 without a text layer (scanned?): its text is missing",)


def test_a_pdf_under_another_name_is_read_and_a_text_naming_pdf_is_text(tmp_path):
    pdf = _good_pdf(tmp_path)
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(pdf.read_bytes())
    assert read_report(renamed).encoding == "pdf"
    note = tmp_path / "note.txt"
    note.write_text("说明：文件头为 %PDF-1.7 的是PDF文件。\n", encoding="utf-8")
    assert read_report(note).text == "说明：文件头为 %PDF-1.7 的是PDF文件。\n"
