"""Language tags of directory translations: stored in their canonical case (RFC 5646 2.1.1),
and a page's language finding the translation to show (RFC 4647 3.4)."""

import pytest

from harbour.core.languages import canonical_case, lookup_language_tag


@pytest.mark.parametrize(("typed", "canonical"), [
    ("pt-br", "pt-BR"), ("PT-BR", "pt-BR"), ("pt-BR", "pt-BR"), ("fa", "fa"), ("FA", "fa"),
    ("zh-hant", "zh-Hant"), ("ZH-HANT-TW", "zh-Hant-TW"), ("sr-latn-rs", "sr-Latn-RS"),
    ("es-419", "es-419"), ("de-ch-1901", "de-CH-1901"), ("zh-CMN-hans", "zh-cmn-Hans"),
    # After a singleton (extensions, private use) everything is lower case.
    ("en-ca-x-ca", "en-CA-x-ca"), ("az-latn-x-latn", "az-Latn-x-latn"), ("X-DARI-KABUL", "x-dari-kabul"),
    ("ti-er-u-nu-latn", "ti-ER-u-nu-latn"),
    # The RFC's own examples.
    ("SGN-BE-FR", "sgn-BE-FR"), ("en-gb-oed", "en-GB-oed"),
])
def test_a_tag_is_put_in_its_canonical_case(typed, canonical):
    assert canonical_case(typed) == canonical


@pytest.mark.parametrize(("page", "available", "shown"), [
    # The exact tag first, in any case.
    ("pt", ["pt-BR", "pt"], "pt"),
    ("ar", ["AR"], "AR"),
    # A page in a language finds a regional translation when it has none without a region:
    # the most generic, then in code order, whatever the order given.
    ("pt", ["pt-BR"], "pt-BR"),
    ("pt", ["pt-PT", "pt-BR"], "pt-BR"),
    ("pt", ["pt-BR-x-sp", "pt-PT"], "pt-PT"),
    # Dari: Persian of Afghanistan, then Dari by its own code, then Persian.
    ("fa-af", ["fa", "prs", "fa-AF"], "fa-AF"),
    ("fa-af", ["fa", "prs"], "prs"),
    ("fa-af", ["fa"], "fa"),
    ("fa-af", ["fa-IR"], "fa-IR"),
    ("prs", ["fa", "fa-AF"], "fa-AF"),
    # A range is truncated one subtag at a time, a singleton left last going with it.
    ("zh-hant-tw", ["zh", "zh-Hant"], "zh-Hant"),
    ("en-a-bbb-x-ccc", ["en"], "en"),
    # Nothing in the language, or no page language: none.
    ("ar", ["fa", "pt-BR"], None),
    ("pt", ["ptx"], None),
    ("", ["fa"], None),
    ("fa", [], None),
])
def test_a_page_finds_its_translation_by_lookup(page, available, shown):
    assert lookup_language_tag(page, available) == shown
