"""The fifteen languages of issue 18: every one reachable, named, in the right direction."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from harbour.core.languages import language_name, languages_with_drafts

CODES = [code for code, _name in settings.LANGUAGES]
RIGHT_TO_LEFT = {"ar", "fa", "fa-af", "ps", "ur", "ckb"}


def test_the_site_speaks_the_fifteen_languages_of_the_issue():
    assert set(CODES) == {"en", "ar", "es", "fr", "pt", "fa", "fa-af", "ps", "ur", "ckb", "ti", "so", "sq", "uk",
                          "pl", "ro"}


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_its_info_direction_and_a_url_prefix(client, code):
    name = dict(settings.LANGUAGES)[code]
    info = translation.get_language_info(code)
    assert info["bidi"] is (code in RIGHT_TO_LEFT)
    rendered = Template("{% load i18n %}{% get_language_info for code as l %}{{ l.code }}|{{ l.bidi }}").render(
        Context({"code": code}))
    assert rendered == f"{code}|{code in RIGHT_TO_LEFT}"
    with translation.override(code):
        assert translation.get_language_bidi() is (code in RIGHT_TO_LEFT)
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{"rtl" if code in RIGHT_TO_LEFT else "ltr"}">' in html
    assert f'aria-current="true">{name}</a>' in html


def test_the_language_switcher_keeps_the_page_for_each_of_the_fifteen(client):
    html = client.get("/ps/staying-safe-online/").content.decode()
    for code in CODES:
        assert f'href="/{code}/staying-safe-online/" lang="{code}"' in html


def test_the_switcher_on_an_interview_page_sends_the_interviews_own_form_for_every_language(client):
    html = client.post("/en/rights/answer/", {"where": "gb-eaw", "step": "where", "go": "next"}, follow=True).content.decode()
    # Once, in the interview's own form, which every language's button submits (no copy).
    assert html.count('name="where" value="gb-eaw"') == 1
    for code in CODES:
        assert f'<button form="rights-step" formaction="/{code}/rights/answer/" formnovalidate name="go" value="stay"' in html


def test_staff_pages_are_offered_in_the_staff_languages_and_otherwise_in_english(client):
    assert {"en", "es", "fr", "ar", "pl", "pt", "uk"} <= set(settings.STAFF_LANGUAGES)
    html = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<html lang="pl"' in html
    html = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE="ti").content.decode()
    assert '<html lang="en"' in html


def test_the_draft_notice_follows_the_review_state_in_the_catalogues(client):
    assert {"ar", "es"} <= languages_with_drafts()
    assert "en" not in languages_with_drafts()
    assert 'class="draft"' in client.get("/ar/").content.decode()
    assert 'class="draft"' not in client.get("/en/").content.decode()


def test_language_names_come_from_cldr():
    assert language_name("pa", "ar") == "البنجابية"
    assert language_name("ckb", "en") == "Central Kurdish"
    assert language_name("fa", "fa-af") == "فارسی"
    assert language_name("xx-nothing", "en") is None


@pytest.mark.parametrize("code", CODES)
def test_every_language_gets_a_status_code_she_can_read(code):
    from harbour.firewall import codes

    status_code = codes.new_code(code)
    if code in codes.WORD_LISTS:
        assert len(status_code.split()) == codes.WORDS_PER_CODE
    else:
        digits = status_code.replace(" ", "")
        assert all(ch.isdecimal() for ch in digits)
        # Right-to-left scripts write their own digits; the others Western ones.
        assert digits.isascii() is (code not in RIGHT_TO_LEFT), (code, status_code)


def test_a_help_request_made_in_dari_keeps_dari_as_her_language():
    from harbour.help.views import current_language

    with translation.override("fa-af"):
        assert current_language() == "fa-af"
    with translation.override("es-mx"):
        assert current_language() == "es"


@pytest.mark.parametrize(("tag", "in_language", "name"), [
    ("zh-hant-tw", "en", "Traditional Chinese (Taiwan)"),  # CLDR names zh_Hant; Taiwan is added
    ("zh-Hant-TW", "zh-Hant-TW", "繁體中文 (台灣)"),  # in itself: traditional characters, not zh's
    ("sr-Latn-RS", "en", "Serbian (Latin, Serbia)"),
    ("pt_BR", "en", "Brazilian Portuguese"),
    ("ti-ER-u-nu-latn", "en", "Tigrinya (Eritrea)"),  # extensions are not named
    ("kmr", "en", "Kurdish"),
    ("PRS", "ar", "الدارية"),
    ("ar", "zh-TW", "阿拉伯文"),
    ("x-private", "en", None),
    # Languages CLDR does not name: the IANA registry's description, after its macrolanguage.
    ("apc", "en", "Arabic (North Levantine Arabic)"),
    ("apc", "ar", "العربية (North Levantine Arabic)"),
    ("zh-cmn", "en", "Chinese (Mandarin Chinese)"),
    ("nys", "en", "Nyungar"),
    ("ar", "xx-nothing", None),
])
def test_language_tags_are_named_by_their_parts(tag, in_language, name):
    assert language_name(tag, in_language) == name


def test_the_staff_pages_name_a_tag_django_does_not_list():
    from django.utils import translation

    from harbour.core.templatetags.staff_labels import language_name as staff_name

    with translation.override("en"):
        assert staff_name("zh-hant-tw") == "Traditional Chinese (Taiwan)"
        assert staff_name("qaa-x-ours") == "qaa-x-ours"  # a private-use language
    with translation.override("ar"):
        assert staff_name("ar") == "العربية"
