"""Read a PDF's text layer with pypdfium2 (PDFium), page by page.

PDFium was chosen by measurement (scripts/measure_pdf_readers.py,
docs/pdf-readers.md): on Chinese reports it keeps the text order and the
full-width punctuation, gives ideographs where other readers give radical code
points, and is the fastest. kg/io/layout.py then drops the page furniture and
joins the lines broken inside sentences. A PDF without any text (a scan) is
refused; pages without text among pages with text are a warning.
"""
from __future__ import annotations

PDF_SUFFIXES = (".pdf",)
_MAGIC = b"%PDF-"


def looks_like_pdf(data: bytes, named_pdf: bool = False) -> bool:
    """Whether the bytes are a PDF: they start with its header, which in a file
    named .pdf may follow a little junk (as PDF readers allow)."""
    return _MAGIC in data[:1024] if named_pdf else data.lstrip()[:5] == _MAGIC


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page as PDFium lays it out; raise ValueError saying why there is none."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ValueError(_open_problem(str(exc))) from None
    try:
        pages = []
        for page in pdf:
            try:
                pages.append(page.get_textpage().get_text_range())
            finally:
                page.close()
    except pypdfium2.PdfiumError as exc:
        raise ValueError(f"broken PDF ({exc})") from None
    finally:
        pdf.close()
    if not pages:
        raise ValueError("broken PDF (no pages)")
    if not any(text.strip() for text in pages):
        raise ValueError("no text layer (scanned PDF): run OCR first")
    return pages


def _open_problem(message: str) -> str:
    """What PDFium's failure to open a document means to the user."""
    lower = message.lower()
    if "password" in lower or "security" in lower:
        return "encrypted PDF (a password is needed to open it): save a copy without the password"
    why = message.split("PDFium: ", 1)[-1].rstrip(").") if "PDFium: " in message else message
    return f"broken or truncated PDF (cannot be opened: {why.strip().lower() or 'unknown error'})"


def pages_without_text(pages: list[str]) -> list[int]:
    """The pages (from 1) that have no text while others have: scanned pages, or pictures alone."""
    return [n for n, text in enumerate(pages, 1) if not text.strip()]
