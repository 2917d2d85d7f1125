"""Files made from a case: the MARAC referral as a PDF (fpdf2, pure Python).

The PDF holds only what the gate let through (its `shared` argument), and nothing about
immigration or residence status (F1). No organisation logo, no web font: the PDF core font
(Helvetica, Latin-1) is used, so a text in another script cannot be printed faithfully;
rather than drop her words silently, making the PDF is refused and the member is asked to
send the referral by e-mail, which carries any script.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from fpdf import FPDF

from harbour.firewall import policy


def _latin1(text: str) -> str:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        raise ValidationError(_("This referral holds characters the PDF cannot print. Send it by e-mail instead: "
                                "nothing was shared.")) from None
    return text


def _text(value) -> str:
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def marac_pdf(*, reference: str, shared: dict) -> bytes:
    """A one-section-per-category PDF of a MARAC referral. `reference` is the case's
    pseudonymous reference (never her name); `shared` maps firewall data categories to
    content. Returns the PDF's bytes; raises ValidationError for text outside Latin-1."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("MARAC referral %(reference)s") % {"reference": reference}))
    pdf.set_creator("Harbour")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 10, _latin1(_("MARAC referral %(reference)s") % {"reference": reference}),
             new_x="LMARGIN", new_y="NEXT")
    for category in sorted(shared):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 8, _latin1(str(policy.CATEGORY_LABELS.get(category, category))), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, _latin1(_text(shared[category]) or "-"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
