"""PDF and Word files made from a report's text, as counties publish them.

Used by the tests of PDF and Word input and by scripts/measure_pdf_readers.py.
Each maker lays out real text with a real library and a Chinese font:

- `reportlab_pdf`: reportlab with its built-in CID font STSong-Light (no font
  file needed), A4, paragraphs indented by two characters, a running header
  with the title and a page number in the footer (`— 3 —`, as official
  documents number pages);
- `chromium_pdf`: the text as a web page, printed by headless Chromium with
  its own header (date and title) and footer (address and `2/6`); its text
  layer gives Kangxi radicals and radical-supplement code points (⼈ for 人,
  ⺠ for 民) where the font shares a glyph;
- `word_docx`: python-docx, one paragraph per line, runs split inside words
  (as Word splits them), the title in the page header and a PAGE field in the
  footer.
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a report, stripped: one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def reportlab_pdf(text: str, path: Path, title: str = "") -> Path:
    """Lay `text` out on A4 pages with reportlab and STSong-Light; return `path`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=14, leading=24, firstLineIndent=28,
                          wordWrap="CJK", alignment=4)
    title = title or paragraphs(text)[0]

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, title)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=28 * mm, title=title, author="", creator="", producer="",
                            invariant=1)
    doc.build([Paragraph(html.escape(p), body) for p in paragraphs(text)], onFirstPage=furniture,
              onLaterPages=furniture)
    return path


def chromium_pdf(text: str, path: Path, chromium: str, title: str = "") -> Path:
    """Print `text` as a web page to PDF with headless Chromium (header and footer on); return `path`."""
    title = title or paragraphs(text)[0]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    page = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;font-size:15pt;line-height:1.6}'
            'p{text-indent:2em;margin:0 0 .4em}</style></head>'
            f"<body>{body}</body></html>")
    work = Path(tempfile.mkdtemp(prefix="kg-print-"))
    try:
        source = work / "report.html"
        source.write_text(page, encoding="utf-8")
        out = work / "report.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={work / 'profile'}", "--disable-background-networking",
                        f"--print-to-pdf={out}", source.as_uri()],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "LANG": "C.UTF-8"})
        shutil.move(out, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return path


def word_docx(text: str, path: Path, title: str = "") -> Path:
    """Write `text` as a Word document with python-docx; return `path`."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(14)
    title = title or paragraphs(text)[0]
    section = document.sections[0]
    section.header.paragraphs[0].text = title
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    for n, line in enumerate(paragraphs(text)):
        para = document.add_paragraph()
        cut = 3 + n % 7
        for piece in (line[:cut], line[cut:]):  # Word splits runs anywhere, even inside a name
            if piece:
                run = para.add_run(piece)
                run.font.east_asia = "SimSun"
    document.core_properties.author = ""
    document.save(str(path))
    return path
