"""Stamping uploaded pages: rotated pages and shifted media boxes keep their stamp visible."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from minutebook.packs.pdf import stamp_page
from minutebook.packs.tests.builders import appendix_pdf
from minutebook.packs.tests.pdfcheck import page_sizes, page_texts


def stamp_for(width: float, height: float, number: int) -> object:
    css = (
        f"@page {{ size: {width}pt {height}pt; margin: 0 0 14mm 0; "
        f'@bottom-center {{ content: "Page {number}"; }} }}'
    )
    data = HTML(string=f"<style>{css}</style><div></div>").write_pdf()
    return PdfReader(io.BytesIO(data)).pages[0]


def test_rotated_and_shifted_pages_are_stamped_where_they_are_seen() -> None:
    source = PdfReader(io.BytesIO(appendix_pdf("ROTATED", 2)))
    writer = PdfWriter()
    rotated = writer.add_page(source.pages[0])
    rotated.rotate(90)  # shown landscape
    stamp_page(rotated, stamp_for(842, 595, 7))
    shifted = writer.add_page(source.pages[1])
    for box in (shifted.mediabox, shifted.cropbox):
        box.lower_left = (100, 100)
        box.upper_right = (695, 942)
    stamp_page(shifted, stamp_for(595, 842, 8))
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    texts = page_texts(data)
    assert "ROTATED sheet 1" in texts[0] and "Page 7" in texts[0]
    assert "ROTATED sheet 2" in texts[1] and "Page 8" in texts[1]
    assert page_sizes(data) == [(842, 595), (595, 842)]
    # The stamp sits at the bottom of the page as shown, inside the media box.
    assert stamp_height(data, 0, "Page 7") < 60
    assert 100 < stamp_height(data, 1, "Page 8") < 160


def stamp_height(data: bytes, index: int, stamp: str) -> float:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        assert page.get_rotation() == 0
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = text.index(stamp)
        return float(textpage.get_charbox(start)[1])
    finally:
        pdf.close()
