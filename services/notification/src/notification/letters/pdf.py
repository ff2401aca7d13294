"""Render a letter to PDF with WeasyPrint (Pango shapes Arabic script, fonts from the OS)."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfReader, PdfWriter


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (blocking: call it in a worker thread)."""
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def combine(pdfs: Sequence[bytes]) -> bytes:
    """One PDF of several letters, each starting on a new sheet (odd page count padded)."""
    writer = PdfWriter()
    for pdf in pdfs:
        reader = PdfReader(BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        if len(reader.pages) % 2:  # duplex printing: the next letter starts on a front side
            last = reader.pages[-1]
            writer.add_blank_page(float(last.mediabox.width), float(last.mediabox.height))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
