"""The funder report's PDF in the reader's language where its font can draw it (issue 16, item 4;
issue 18, item 2: staff pages in en, es, fr, ar, pl, pt, uk). Before, the PDF used a core font
that holds Latin-1 only and replaced every other letter by "?": a Polish or Ukrainian report came
out with holes in its words, an Arabic one as question marks."""

import pytest
from django.urls import reverse

from harbour.impact import exports
from tests.impact.conftest import FEB, help_request

pytestmark = pytest.mark.django_db


def pdf_report(client, persona, language):
    """The funder report's PDF as `persona` sees it with her staff language set to `language`."""
    persona.user.language = language
    persona.user.save(update_fields=["language"])
    url = reverse("impact_staff:report", args=[persona.organisation.public_id]) + "?period=2025&programme=help&format=pdf"
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    return response


@pytest.mark.parametrize(("language", "letters"), [("pl", "łąężźćńśó"), ("uk", "абвгдеєжзиіїйклмнопрстуфхцчшщьюя"),
                                                   ("fr", "éèàçô"), ("es", "ñáéíóú"), ("pt", "ãõçáé")])
def test_the_pdf_keeps_every_letter_of_a_latin_or_cyrillic_language(as_admin_a, admin_a, org_a, pdf_drawn_text,
                                                                     language, letters):
    help_request(org_a, FEB, ["safety"])
    pdf_report(as_admin_a, admin_a, language)
    drawn = "".join(pdf_drawn_text)
    assert "?" not in drawn.replace("?period", "")
    used = {ch for ch in drawn.lower() if ch in letters}
    assert used, f"no letter of {language} drawn: {drawn[:200]}"
    assert exports.pdf_language(language) == language


@pytest.mark.parametrize("language", ["fa", "fa-af", "ur", "ckb", "ps", "ti"])
def test_scripts_the_font_cannot_shape_or_lacks_are_written_in_english(language):
    assert exports.pdf_language(language) == "en"


def test_an_arabic_reader_gets_the_pdf_in_english_and_it_says_so(as_admin_a, admin_a, org_a, pdf_drawn_text):
    help_request(org_a, FEB, ["safety"])
    pdf_report(as_admin_a, admin_a, "ar")
    drawn = "\n".join(pdf_drawn_text)
    assert "Impact report of" in drawn
    assert "This PDF is in English" in drawn
    arabic = [line for line in pdf_drawn_text if any("\u0600" <= ch <= "\u06ff" or "\u1200" <= ch <= "\u137f" for ch in line)]
    assert arabic == []
    assert "?" not in drawn.replace("?period", "")


def test_the_font_holds_every_letter_of_the_staff_languages_it_is_used_for():
    """Each letter of the PDF languages' alphabets has a glyph in the vendored font (a missing one
    would draw as an empty box)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(exports.FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", "", 10)
    font = pdf.current_font
    alphabet = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżабвгґдеєжзиіїйклмнопрстуфхцчшщьюяàâçéèêëîïôûùüÿœãõáíúñșțăî"
    missing = [ch for ch in alphabet + alphabet.upper() if ord(ch) not in font.cmap]
    assert missing == []



def test_the_pdf_column_headers_are_whole(as_admin_a, admin_a, org_a, pdf_drawn_text):
    """A quarter's report heads its column "2025-Q1" whole, not cut to five characters ("25-Q1")."""
    help_request(org_a, FEB, ["safety"])
    url = reverse("impact_staff:report", args=[org_a.public_id]) + "?period=2025-Q1&programme=help&format=pdf"
    assert as_admin_a.get(url).status_code == 200
    assert "2025-Q1" in pdf_drawn_text and "25-Q1" not in pdf_drawn_text
