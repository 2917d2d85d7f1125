# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Plain English on the public site (issue 18, Accessibility 4): the words Harbour itself
writes for her, at a reading level a newcomer with basic English can follow.

Measured with textstat (pinned; docs/architecture.md says why that version) as the
Flesch-Kincaid grade: a US school grade, about reading age = grade + 5. The threshold is
grade 9 (reading age about 14), the level UK public-sector plain-English guidance aims at; a
few texts above it are listed in EXCEPTIONS with the reason.

What is measured: the visible text inside <main> of every public English page and posted
state (tests/web/a11y.py's walk, through Django's test client: no browser needed), and each
rights-catalogue entry's English summary. Titles and headings alone are not measured:
readability formulas need sentences, and a four-word heading scores as nonsense.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401
from tests.web.pages import public_page_names

pytestmark = pytest.mark.django_db

GRADE = 9.0

# Texts allowed above GRADE, and why. A key is a page address or a catalogue entry id.
EXCEPTIONS: dict[str, str] = {}


class _MainText(HTMLParser):
    """The visible text of <main>, as sentences: block ends and list items end a sentence."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "label", "legend", "button", "option",
              "summary", "pre", "div", "section"}

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style", "select", "pre"):
            self.skip += 1
        if tag in self.BLOCKS and self.depth:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style", "select", "pre"):
            self.skip -= 1
        if tag in self.BLOCKS and self.depth:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def sentences(html: str) -> list[str]:
    """Each full sentence of <main> (a line that ends in . ? ! or :, with at least four words)."""
    parser = _MainText()
    parser.feed(html)
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return [line for line in lines if len(line.split()) >= 4 and line[-1] in ".?!:"]


def grade(text: str) -> float:
    import textstat

    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


def english_pages(client) -> dict[str, str]:
    """Every public page and posted state in English: address or state name -> HTML."""
    pages = {}
    with translation.override("en"):
        for name in public_page_names():
            url = reverse(name)
            pages[url] = client.get(url).content.decode()
        for name, url, data in [
            ("rights result", reverse("rights:answer"), {"where": "gb-eaw", "stage": "reporting", "go": "result"}),
            ("help form with errors", reverse("help:request"), {"message": "x" * 4001}),
            ("services found", reverse("directory:search"), {"q": "refuge"}),
        ]:
            pages[name] = client.post(url, data).content.decode()
    return pages


def test_the_measure_tells_plain_from_dense_english():
    plain = "If you are in danger now, call 999. The police must take your report even if you have no papers."
    dense = ("Notwithstanding the aforementioned statutory obligations, prosecutorial authorities shall "
             "substantively facilitate comprehensive victim participation throughout adjudicative proceedings.")
    assert grade(plain) <= GRADE < grade(dense)


def test_every_public_english_page_is_plain_english(sealed_a):
    make_service(name="Northside Refuge", description="Safe housing for women and their children.")
    too_hard, measured = {}, 0
    pages = english_pages(Client())
    for page, html in pages.items():
        text = " ".join(sentences(html))
        if not text or page in EXCEPTIONS:
            continue
        measured += 1
        if (level := grade(text)) > GRADE:
            hardest = sorted(sentences(html), key=grade)[-2:]
            too_hard[page] = (level, hardest)
    assert measured >= len(pages) - 2          # nearly every page has sentences of its own
    assert too_hard == {}, "\n".join(f"{p}: grade {g}; hardest: {h}" for p, (g, h) in too_hard.items())


def test_every_rights_summary_in_english_is_plain_english():
    from harbour.rights.catalogue import get_catalogue

    too_hard = {}
    for entry in get_catalogue().entries.values():
        summary = entry.texts["en"].summary
        if entry.id not in EXCEPTIONS and (level := grade(summary)) > GRADE:
            too_hard[entry.id] = (level, summary)
    assert too_hard == {}, "\n".join(f"{e}: grade {g}: {s}" for e, (g, s) in too_hard.items())


def test_every_exception_is_still_needed_and_has_a_reason():
    assert all(reason.strip() for reason in EXCEPTIONS.values())
