"""Directory labels in her language (issue 18, item 7; issue 8 leftovers): need terms, places
and the languages staff speak, in every language of the site."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from harbour.directory import gazetteer
from harbour.directory.labels import language_label, need_label, need_labels, place_label
from harbour.directory.models import TaxonomyTerm
from tests.directory.factories import HOUSING, make_service, needs_taxonomy

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_every_need_term_is_named_in_every_language_with_a_review_state():
    assert len(need_labels()) >= 8
    for code, texts in need_labels().items():
        assert set(texts) == {c for c, _ in settings.LANGUAGES}, code
        for language, text in texts.items():
            assert text["name"].strip(), (code, language)
            assert text["review"] in {"draft", "reviewed"}, (code, language)
        assert len({texts[language]["name"] for language in ("en", "ar", "es", "pl")}) == 4, code


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_need_term_is_named_in_her_language_by_code_or_english_name(language):
    by_code = TaxonomyTerm(code="legal", name="Legal advice")
    by_name = TaxonomyTerm(code="", name="Safe housing")
    assert need_label(by_code, language) == (need_labels()["legal"][language]["name"], True)
    assert need_label(by_name, language) == (need_labels()["housing"][language]["name"], True)
    unknown = TaxonomyTerm(code="x-unknown", name="Goat rescue")
    assert need_label(unknown, language) == ("Goat rescue", False)


@pytest.mark.django_db
def test_the_need_list_on_arabic_pages_is_in_arabic_and_an_unknown_term_says_it_is_english(client):
    needs_taxonomy()
    TaxonomyTerm.objects.create(id="00000000-0000-4000-8000-0000000000aa", name="Goat rescue",
                                taxonomy_detail_id=TaxonomyTerm.objects.get(pk=HOUSING).taxonomy_detail_id)
    html = client.get("/ar/services/").content.decode()
    assert ">سكن آمن</option>" in html
    assert ">استشارة قانونية</option>" in html
    assert ">Goat rescue (بالإنجليزية)</option>" in html
    assert ">Safe housing<" not in html


@pytest.mark.django_db
def test_a_service_page_names_what_it_offers_in_her_language(client):
    needs_taxonomy()
    service = make_service(name="Casa Lumbre", terms=(HOUSING,))
    assert "سكن آمن" in client.get(f"/ar/services/{service.pk}/").content.decode()
    assert "Bezpieczne schronienie" in client.get(f"/pl/services/{service.pk}/").content.decode()


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Vienna (Austria)"), ("ar", "فيينا (النمسا)"), ("ti", "ቭየና (ኦስትርያ)"), ("uk", "Відень (Австрія)"),
])
def test_places_are_named_from_cldr_in_her_language(language, expected):
    assert place_label(gazetteer.find("Vienna"), language) == expected


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_country_of_the_gazetteer_has_a_name_in_every_language(language):
    for place in gazetteer.places():
        label = place_label(place, language)
        assert not re.search(r"\([A-Z]{2}\)$", label), (language, label)


@pytest.mark.django_db
def test_the_place_list_on_arabic_pages_names_countries_in_arabic(client):
    html = client.get("/ar/services/").content.decode()
    assert ">فيينا (النمسا)</option>" in html
    assert "(AT)" not in html


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_languages_staff_speak_have_a_name_in_every_language(language):
    with translation.override(language):
        for code in ("pa", "ku", "ti", "so", "ps", "am", "om", "prs", "ar", "es", "fa", "ckb", "uk"):
            assert language_label(code) != code, (language, code)


def test_punjabi_has_an_arabic_name():
    assert language_label("pa", "ar") == "\u2068ਪੰਜਾਬੀ\u2069 (البنجابية)"
    assert language_label("prs", "en") == "\u2068دری\u2069 (Dari)"
    assert language_label("xx-not-a-language", "ar") == "xx-not-a-language"
