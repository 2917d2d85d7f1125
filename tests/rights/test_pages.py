import gzip
import logging
import re
from html import unescape

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection

from harbour.rights.catalogue import get_catalogue
from harbour.rights.engine import find_rights
from tests.web.pages import translated_languages

BUDGET = 14_336
NEUTRAL_FORBIDDEN = re.compile(r"abuse|violence|refuge|rape|trafficking|domestic", re.IGNORECASE)
CANARY = "canary-7f3a9e"
EVERYTHING = {"where": "gb-eaw", "stage": "", "gbv": "yes", "interpreter": "yes", "stay": "yes",
              "more": ["child", "disability", "repeat_harm", "abroad"], "step": "more", "go": "next"}


NEXT_PAGE = re.compile(r'<button name="page" value="(\d+)">')


def page_bytes(html: bytes) -> int:
    """The page with its stylesheets and scripts, gzip-compressed, as the shell test counts it."""
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', text)
    assets += re.findall(r'<script src="/static/([^"]+)"', text)
    total = html
    for asset in assets:
        with open(finders.find(asset), "rb") as handle:
            total += handle.read()
    return len(gzip.compress(total, compresslevel=9))


def all_pages(client, url: str, data: dict) -> str:
    """Every page of a result, one after the other."""
    pages = [client.post(url, data).content.decode()]
    while following := NEXT_PAGE.search(pages[-1]):
        pages.append(client.post(url, {**data, "go": "result", "page": following.group(1)}).content.decode())
    return "\n".join(pages)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.django_db
def test_the_interview_asks_one_question_a_page_and_ends_with_her_rights(client):
    answers = {"where": "gb-eaw"}
    html = client.post("/en/rights/answer/", {**answers, "step": "where", "go": "next"}, follow=True).content.decode()
    assert "Question 2 of 6" in html
    assert '<input type="hidden" name="where" value="gb-eaw">' in html
    for step in ("stage", "gbv", "interpreter", "stay"):
        html = client.post("/en/rights/answer/", {**answers, "step": step, "go": "skip"}, follow=True).content.decode()
    assert "Question 6 of 6" in html
    html = client.post("/en/rights/answer/", {**answers, "step": "more", "go": "next"}, follow=True).content.decode()
    assert "<h1>Your rights</h1>" in html
    assert "Right 4. Support for you, even without reporting" in html
    assert "Where it happened: England and Wales." in html


@pytest.mark.django_db
def test_back_returns_to_the_previous_question_with_the_answer_kept(client):
    html = client.post("/en/rights/answer/", {"where": "ES", "stage": "trial", "step": "gbv",
                                              "go": "back"}, follow=True).content.decode()
    assert "Question 2 of 6" in html
    assert 'value="trial" checked' in html


@pytest.mark.django_db
def test_skipping_the_place_asks_for_it_on_the_result_page(client):
    html = client.post("/en/rights/answer/", {"step": "more", "go": "next"}, follow=True).content.decode()
    assert "Which laws apply depends on where it happened." in html


@pytest.mark.django_db
def test_the_result_names_the_duty_source_and_status(client):
    html = all_pages(client, "/en/rights/answer/", EVERYTHING)
    assert '<b><bdi lang="en">Home Office</bdi>:</b>' in html
    assert "Istanbul Convention, Article 59." in html
    assert "The country has made a reservation: this does not bind it" in html
    assert "No law in the UK stops the police from passing your details to immigration enforcement." in html


@pytest.mark.django_db
def test_the_immigration_note_links_to_the_directory_only_when_it_exists(client, monkeypatch):
    html = client.post("/en/rights/answer/", EVERYTHING, follow=True).content.decode()
    assert '<a href="/en/services/">Find services that promise not to share your data with immigration</a>' in html
    assert '<a href="/en/services/">Find a support service</a>' in html
    monkeypatch.setattr("harbour.rights.views._services_url", lambda: None)
    html = client.post("/en/rights/answer/", EVERYTHING, follow=True).content.decode()
    assert "promise not to share your data with immigration</a>" not in html
    assert "Find a support service" not in html


@pytest.mark.django_db
def test_rights_can_be_shown_in_another_content_language_with_a_draft_notice(client, untranslate):
    untranslate("gb-victims-code-right-1")
    html = all_pages(client, "/en/rights/answer/", {**EVERYTHING, "lang": "fa", "go": "result"})
    assert '<div lang="fa" dir="rtl">' in html
    assert "حمایت به رفتن پیش پلیس بستگی ندارد" in html
    assert 'class="draft"' in html
    # A right with no Farsi text yet is shown in English, marked as such.
    assert '<section class="r" lang="en" dir="ltr">' in html


@pytest.mark.django_db
def test_arabic_interview_and_result_are_right_to_left(client):
    html = client.get("/ar/rights/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    html = client.post("/ar/rights/answer/", EVERYTHING, follow=True).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div lang="ar" dir="rtl">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("ui", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("content", ["en", "ar", "fa", "es", "fr", "uk"])
@pytest.mark.parametrize("where", ["gb-eaw", "ES", "gb-sct"])
def test_the_largest_result_fits_the_budget_on_every_page(client, ui, content, where):
    data = {**EVERYTHING, "where": where, "lang": content}
    shown, page = 0, "1"
    while page:
        response = client.post(f"/{ui}/rights/answer/", {**data, "go": "result", "page": page}, follow=True)
        assert response.status_code == 200
        assert page_bytes(response.content) <= BUDGET, (ui, content, where, page)
        html = response.content.decode()
        shown += html.count("<h3>")
        following = NEXT_PAGE.search(html)
        page = following.group(1) if following else None
    # Every matching right is reachable across the pages, once.
    expected = find_rights(jurisdiction=where, circumstances=["gbv", "interpreter", "immigration", "child",
                                                               "disability", "repeat_harm", "abroad"])
    assert shown == len(expected.rights)


@pytest.mark.django_db
def test_every_instrument_page_has_a_neutral_title_and_fits_the_budget(client):
    for instrument_id in get_catalogue().instruments:
        response = client.get(f"/en/rights/instruments/{instrument_id}/")
        assert response.status_code == 200
        assert not NEUTRAL_FORBIDDEN.search(title(response.content.decode()))
        assert not NEUTRAL_FORBIDDEN.search(instrument_id)


@pytest.mark.django_db
def test_unknown_instrument_is_404(client):
    assert client.get("/en/rights/instruments/no-such-thing/").status_code == 404


@pytest.mark.django_db
def test_interview_and_result_titles_are_neutral(client):
    for data in ({"where": "gb-eaw", "step": "where"}, {"step": "stage"}, {"step": "gbv"}, EVERYTHING):
        html = client.post("/en/rights/answer/", data, follow=True).content.decode()
        assert not NEUTRAL_FORBIDDEN.search(title(html)), title(html)


@pytest.mark.django_db
def test_the_answer_page_reached_by_get_starts_again_and_reads_nothing_from_the_address(client):
    response = client.get("/en/rights/answer/?where=gb-eaw")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="gb-eaw" selected>' not in html
    assert 'type="hidden" name="where"' not in html


def all_table_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            chunks += [repr(row) for row in cursor.fetchall()]
    return "\n".join(chunks)


@pytest.mark.django_db
def test_the_interview_leaves_no_trace_in_urls_tables_logs_or_cookies(client, caplog):
    caplog.set_level(logging.DEBUG)
    before = all_table_text()
    forms = [
        {"where": CANARY, "step": "where", "go": "next"},
        {"where": "gb-eaw", "stage": CANARY, "gbv": CANARY, "interpreter": "yes", "stay": "yes",
         "more": [CANARY, "child"], "lang": CANARY, "step": "more", "go": "next", "page": CANARY},
        {**EVERYTHING, "stay": "yes", "go": "result", "lang": "ar"},
    ]
    for data in forms:
        response = client.post("/en/rights/answer/", data, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        # An answer is never echoed unless it is one of the known choices.
        assert CANARY not in html
        # Every link and form on the page goes to a plain address: no answer rides in a URL.
        for url in re.findall(r'(?:href|action)="([^"]*)"', html):
            assert "?" not in url and "gb-eaw" not in url and "immigration" not in url, url
        assert "no-store" in response["Cache-Control"]
        assert "sessionid" not in response.cookies
    assert all_table_text() == before
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert CANARY not in logged and "gb-eaw" not in logged


@pytest.mark.django_db
def test_the_rights_app_enrols_its_public_pages_and_home_entry(client):
    config = apps.get_app_config("rights")
    assert config.public_pages == ["rights:start", "rights:instruments"]
    html = client.get("/en/").content.decode()
    assert '<a href="/en/rights/">Know your rights</a>' in html


def test_the_rights_app_has_no_models():
    assert list(apps.get_app_config("rights").get_models()) == []


@pytest.mark.parametrize("code", ["ar", "es"])
def test_the_rights_ui_catalogues_are_marked_draft(code):
    from pathlib import Path

    from harbour.core.catalogues import header_fields

    po = Path(apps.get_app_config("rights").path) / "locale" / code / "LC_MESSAGES" / "django.po"
    assert header_fields(po)["X-Harbour-Review"] == "draft"


@pytest.mark.django_db
def test_the_spanish_interview_is_translated(client):
    html = client.get("/es/rights/").content.decode()
    assert "¿Dónde ocurrió?" in html
    assert "Pregunta 1 de 6" in html


@pytest.mark.django_db
def test_the_trainer_page_shows_status_per_jurisdiction_and_what_is_unverified(client):
    html = client.get("/en/rights/instruments/coe-istanbul/").content.decode()
    assert "England and Wales, Scotland and Northern Ireland." in html
    assert ('Not fully checked: Bulgaria, Czechia, Hungary, Lithuania and Slovakia: <span class="blk" lang="en" '
            'dir="ltr">That this country has not ratified') in html
    assert '<a href="https://rm.coe.int/168008482e" rel="noreferrer">' in html


@pytest.mark.django_db
def test_the_trainer_list_names_every_instrument(client):
    html = client.get("/en/rights/instruments/").content.decode()
    for instrument_id in get_catalogue().instruments:
        assert f'href="/en/rights/instruments/{instrument_id}/"' in html


@pytest.mark.django_db
def test_a_drafted_note_alone_brings_the_draft_notice(client):
    # Denmark, Spanish content: no Spanish right is shown there, but the notes are drafted in Spanish.
    html = client.post("/en/rights/answer/", {"where": "DK", "stay": "yes", "gbv": "no", "lang": "es",
                                              "step": "more", "go": "next"}, follow=True).content.decode()
    assert "No conocemos ninguna norma en Dinamarca" in html
    assert 'class="draft"' in html


# Issue 8 item 5: content shown in a language other than the page's says so, in the page's
# language, and is isolated for direction; interface labels inside English content are isolated.
SECTION = re.compile(r'<section class="r"([^>]*)>(.*?)</section>', re.S)
ONLY_ENGLISH = {"en": "Only in English so far", "ar": "بالإنجليزية فقط حتى الآن",
                "es": "Solo en inglés por ahora"}


@pytest.mark.django_db
@pytest.mark.parametrize(("ui", "direction"), [("ar", "rtl"), ("es", "ltr")])
def test_every_right_in_english_on_another_language_page_says_so_and_is_isolated(client, ui, direction,
                                                                                  half_untranslated):
    html = all_pages(client, f"/{ui}/rights/answer/", EVERYTHING)
    sections = SECTION.findall(html)
    english = [body for attrs, body in sections if 'lang="en"' in attrs]
    translated = [body for attrs, body in sections if 'lang="en"' not in attrs]
    assert english and translated
    notice = f'<p class="ol" lang="{ui}" dir="{direction}">{ONLY_ENGLISH[ui]}</p>'
    for body in english:
        assert notice in body
        # Every interface label inside English text is isolated in the page's language.
        for label in re.findall(r"<b>(.*?)</b>", body):
            assert re.fullmatch(rf'<bdi lang="{ui}">[^<]+</bdi>:', label), label
        assert re.search(rf'<p class="ob" lang="{ui}" dir="{direction}">', body)
    for body in translated:
        assert ONLY_ENGLISH[ui] not in body


@pytest.mark.django_db
def test_notes_in_english_on_an_arabic_page_say_so(client, half_untranslated):
    html = client.post("/ar/rights/answer/", EVERYTHING, follow=True).content.decode()
    # The UK firewall note is drafted in Arabic; instrument notes (e.g. the reservation) are English.
    english_notes = re.findall(r'<p class="notice" lang="en" dir="ltr">', html)
    assert english_notes
    assert html.count(f'<p class="ol">{ONLY_ENGLISH["ar"]}</p>') >= len(english_notes)


@pytest.mark.django_db
def test_rights_in_a_chosen_content_language_say_which_language_on_the_page(client):
    html = client.post("/en/rights/answer/", {**EVERYTHING, "lang": "fa", "go": "result"}, follow=True).content.decode()
    assert '<p class="ol">The rights below are shown in فارسی, as you chose.</p>' in html.replace(
        "<bdi lang=\"fa\">فارسی</bdi>", "فارسی")


@pytest.mark.django_db
@pytest.mark.parametrize("ui", [settings.LANGUAGE_CODE, *translated_languages()])
def test_every_right_shows_its_kind_of_obligation_in_the_page_language(client, ui):
    from django.utils import translation

    from harbour.rights.vocabulary import OBLIGATIONS

    html = all_pages(client, f"/{ui}/rights/answer/", EVERYTHING)
    with translation.override(ui):
        labels = {str(label) for label in OBLIGATIONS.values()}
    shown = [unescape(label) for label in re.findall(r'<p class="ob"[^>]*>(.*?)</p>', html)]
    assert len(shown) == len(SECTION.findall(html))
    assert set(shown) <= labels
    assert len(set(shown)) >= 3
    if ui != "en":
        with translation.override("en"):
            assert not set(shown) & {str(label) for label in OBLIGATIONS.values()}


@pytest.mark.django_db
def test_an_entry_with_a_directory_link_points_to_services_that_pledge_not_to_share(client):
    html = all_pages(client, "/en/rights/answer/", EVERYTHING)
    body = next(body for attrs, body in SECTION.findall(html) if "What the police may tell immigration" in body)
    assert '<a href="/en/services/">Find services that promise not to share your data with immigration</a>' in body


# Issue 8 item 13: no page shows an internal code.
def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def internal_codes() -> list[re.Pattern]:
    from harbour.rights.vocabulary import (
        CIRCUMSTANCES,
        DUTY_HOLDERS,
        EU_MEMBER_STATES,
        OBLIGATIONS,
        STAGES,
        STATUSES,
        UK_JURISDICTIONS,
    )

    words = [*STAGES, *CIRCUMSTANCES, *STATUSES, *OBLIGATIONS, *UK_JURISDICTIONS]
    patterns = [re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])") for w in words if "_" in w or "-" in w]
    patterns += [re.compile(rf"(?<![\w-]){re.escape(code)}:") for code in [*DUTY_HOLDERS, *STATUSES]]
    # A country code in a list ("AT, BE, BG."), not "SI 2025/611" (a statutory instrument).
    patterns += [re.compile(rf"(?<![\w-]){code}(?:, |\.(?:\s|$))") for code in EU_MEMBER_STATES]
    return patterns


@pytest.mark.django_db
@pytest.mark.parametrize("ui", [code for code, _name in settings.LANGUAGES])
def test_no_trainer_page_shows_an_internal_code(client, ui):
    patterns = internal_codes()
    for instrument_id in get_catalogue().instruments:
        text = visible_text(client.get(f"/{ui}/rights/instruments/{instrument_id}/").content.decode())
        found = [p.pattern for p in patterns if p.search(text)]
        assert found == [], (instrument_id, found)
        if ui != "es":  # "en" is a Spanish word; elsewhere a bare language code is a leak
            without_urls = re.sub(r"https?://\S+", " ", text)
            assert not re.search(r"(?<![\w.-])(en|ar|fa|fr|uk)(?:,|\.)", without_urls), instrument_id


def test_the_code_check_finds_the_old_raw_codes():
    old = "home_office: Decide the application. Stages: without_reporting. in_force: gb-eaw, ES."
    found = [p.pattern for p in internal_codes() if p.search(old)]
    assert len(found) >= 4


@pytest.mark.django_db
def test_the_trainer_page_names_statuses_places_and_obligations_in_words(client):
    html = client.get("/en/rights/instruments/coe-istanbul/").content.decode()
    assert "The country has made a reservation: this does not bind it — England and Wales, Scotland and Northern Ireland." in html
    assert "Does not bind here — Bulgaria, Czechia, Hungary, Lithuania and Slovakia." in html
    assert "A power: the law lets them do this, but does not make them." in html
    assert "<b><bdi lang=\"en\">Home Office</bdi>:</b>" in html
    assert 'Checked on <bdi dir="ltr">2026-11-30</bdi> against' in html
