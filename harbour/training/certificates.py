"""Certificates of attendance and of trainer accreditation, as PDF (fpdf2, pure Python).

The name is the one she types when she asks; it goes into the PDF and nowhere else: no
row, no log, no audit entry holds it. Text is drawn with DejaVu Sans when the system has
it (wide Unicode coverage, Arabic included), else with the core Helvetica font, which
knows only Latin-1: then characters outside it are replaced by "?" rather than failing.
Arabic script is drawn without contextual shaping unless uharfbuzz is installed (fpdf2's
`set_text_shaping`); docs/architecture.md says so.
"""

import os
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from harbour.core.formats import her_date

NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


def _font_path() -> str | None:
    return next((path for path in FONT_CANDIDATES if os.path.exists(path)), None)


def certificate_pdf(*, heading: str, name: str, lines: list[str], issued_by: str, on: date) -> bytes:
    """One A4 page: `heading`, the `name` large, then `lines` (already translated str),
    the issuing organisation and the date as the active language writes it (her digits included).
    Returns the PDF as bytes."""
    pdf = FPDF(format="A4")
    pdf.set_title(heading)
    pdf.set_creator("Harbour")
    pdf.add_page()
    path = _font_path()
    if path:
        pdf.add_font("body", "", path)
        family = "body"

        def fit(text):
            return text
    else:
        family = "helvetica"

        def fit(text):
            return text.encode("latin-1", "replace").decode("latin-1")
    pdf.set_font(family, size=24)
    pdf.ln(30)
    pdf.multi_cell(0, 14, fit(heading), align="C", **NEXT)
    pdf.ln(10)
    pdf.set_font(family, size=30)
    pdf.multi_cell(0, 16, fit(name), align="C", **NEXT)
    pdf.ln(10)
    pdf.set_font(family, size=14)
    for line in lines:
        pdf.multi_cell(0, 9, fit(line), align="C", **NEXT)
    pdf.ln(20)
    pdf.multi_cell(0, 9, fit(f"{issued_by} · {her_date(on)}"), align="C", **NEXT)
    return bytes(pdf.output())
