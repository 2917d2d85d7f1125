"""Interface text in her language, in the right form (issue 8, item 6): every catalogue gives
every plural form its header declares, and no public page in Arabic or Spanish shows an
interface string left in English."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harbour.core.catalogues import is_translated, plural_faults, read_catalogue
from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.pages import translated_languages
from tests.web.states import public_states

ROOT = Path(__file__).resolve().parents[2]


def catalogues() -> list[Path]:
    return sorted([*ROOT.glob("locale/*/LC_MESSAGES/django.po"), *ROOT.glob("harbour/*/locale/*/LC_MESSAGES/django.po")])


def test_every_catalogue_gives_every_plural_form_its_header_declares():
    assert catalogues()
    faults = [fault for path in catalogues() for fault in plural_faults(path)]
    assert faults == []


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ ?[a-z_.]+ ?\}\}")


def english_interface_strings() -> dict[str, re.Pattern]:
    """Every translated interface string of at least two words, as a pattern of how English
    shows it (a placeholder matches any value): {msgid: pattern}."""
    found = {}
    for path in catalogues():
        for entry in read_catalogue(path):
            strings = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
            ids = entry.id if isinstance(entry.id, (list, tuple)) else (entry.id,)
            if not is_translated(entry) or strings[0] == ids[0]:
                continue
            for english in ids:
                words = PLACEHOLDER.split(english)
                if len(" ".join(words).split()) < 2:
                    continue
                found[english] = re.compile(r"[^\s]+".join(re.escape(w) for w in words))
    return found


class _Text(HTMLParser):
    """The text of a page in the page's own language: content marked with another `lang` is left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True inside an element in another language, or a script
        self.page_language = ""
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang", "")
            return
        if tag in self.VOID:
            return
        # Left out: scripts, content marked in another language, and the need list, whose
        # terms are directory content (HSDS taxonomy terms have no translations yet).
        foreign = bool(self.stack and self.stack[-1]) or tag in ("script", "style") or (
            "lang" in attributes and attributes["lang"] != self.page_language) or (
            tag == "select" and attributes.get("name") == "need")
        self.stack.append(foreign)

    def handle_endtag(self, tag):
        if tag not in self.VOID and tag != "html" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.chunks))


@pytest.fixture
def a_service(db):
    return make_service(name="Casa Lumbre", city="Madrid", country="ES", languages=("es", "ar", "ku", "ti"),
                        hours=("09:00", "17:00", "MO"))


def test_no_translated_public_page_shows_an_english_interface_string(client, sealed_a, a_service):  # noqa: F811
    english = english_interface_strings()
    left = {}
    assert {"ar", "es"} <= set(translated_languages())
    for description, _url, response in public_states(client, translated_languages()):
        # A name kept in English beside its translation, "(Home Office)", is not left untranslated.
        text = re.sub(r"\([^()]*\)", "", page_text(response.content.decode()))
        found = sorted(msgid for msgid, pattern in english.items() if pattern.search(text))
        if found:
            left[description] = found
    assert left == {}


def test_the_page_text_reader_leaves_out_content_marked_in_another_language():
    html = '<html lang="ar"><body><p>مرحبا</p><p lang="en">Only in English</p><p>Open now.</p></body></html>'
    assert page_text(html).strip() == "مرحبا Open now."


def test_languages_staff_speak_are_named_in_the_page_language_never_as_bare_codes(client, a_service):
    html = client.get(f"/ar/services/{a_service.pk}/").content.decode()
    # Names from CLDR (issue 18, item 7), in the language itself, then in the page's language.
    # A name that holds a bracket is not bracketed again.
    assert "<bdi><bdi>kurdî (kurmancî)</bdi> · الكردية</bdi>" in html
    assert "<bdi><bdi>ትግርኛ</bdi> (التغرينية)</bdi>" in html
    assert "<bdi><bdi>español</bdi> (الإسبانية)</bdi>" in html
    assert "<bdi>ku</bdi>" not in html and "<bdi>ti</bdi>" not in html


def test_distance_choices_are_in_the_page_language(client, a_service):
    assert "في حدود 5 كم" in client.get("/ar/services/").content.decode()
    assert "a menos de 5 km" in client.get("/es/services/").content.decode()
