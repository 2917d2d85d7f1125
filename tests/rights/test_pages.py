import gzip
import logging
import re

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.db import connection

from harbour.rights.catalogue import get_catalogue
from harbour.rights.engine import find_rights

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
    html = client.post("/en/rights/answer/", {**answers, "step": "where", "go": "next"}).content.decode()
    assert "Question 2 of 6" in html
    assert '<input type="hidden" name="where" value="gb-eaw">' in html
    for step in ("stage", "gbv", "interpreter", "stay"):
        html = client.post("/en/rights/answer/", {**answers, "step": step, "go": "skip"}).content.decode()
    assert "Question 6 of 6" in html
    html = client.post("/en/rights/answer/", {**answers, "step": "more", "go": "next"}).content.decode()
    assert "<h1>Your rights</h1>" in html
    assert "Right 4. Support for you, even without reporting" in html
    assert "Where it happened: England and Wales." in html


@pytest.mark.django_db
def test_back_returns_to_the_previous_question_with_the_answer_kept(client):
    html = client.post("/en/rights/answer/", {"where": "ES", "stage": "trial", "step": "gbv",
                                              "go": "back"}).content.decode()
    assert "Question 2 of 6" in html
    assert 'value="trial" checked' in html


@pytest.mark.django_db
def test_skipping_the_place_asks_for_it_on_the_result_page(client):
    html = client.post("/en/rights/answer/", {"step": "more", "go": "next"}).content.decode()
    assert "Which laws apply depends on where it happened." in html


@pytest.mark.django_db
def test_the_result_names_the_duty_source_and_status(client):
    html = all_pages(client, "/en/rights/answer/", EVERYTHING)
    assert "<b>Home Office:</b>" in html
    assert "Istanbul Convention, Article 59." in html
    assert "The country has made a reservation: this does not bind it" in html
    assert "No law in the UK stops the police from passing your details to immigration enforcement." in html


@pytest.mark.django_db
def test_the_immigration_note_links_to_the_directory_only_when_it_exists(client, monkeypatch):
    html = client.post("/en/rights/answer/", EVERYTHING).content.decode()
    assert '<a href="/en/services/">Find services that promise not to share your data with immigration</a>' in html
    assert '<a href="/en/services/">Find a support service</a>' in html
    monkeypatch.setattr("harbour.rights.views._services_url", lambda: None)
    html = client.post("/en/rights/answer/", EVERYTHING).content.decode()
    assert "promise not to share your data with immigration</a>" not in html
    assert "Find a support service" not in html


@pytest.mark.django_db
def test_rights_can_be_shown_in_another_content_language_with_a_draft_notice(client):
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
    html = client.post("/ar/rights/answer/", EVERYTHING).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div lang="ar" dir="rtl">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("ui", ["en", "ar", "es"])
@pytest.mark.parametrize("content", ["en", "ar", "fa", "es", "fr", "uk"])
@pytest.mark.parametrize("where", ["gb-eaw", "ES", "gb-sct"])
def test_the_largest_result_fits_the_budget_on_every_page(client, ui, content, where):
    data = {**EVERYTHING, "where": where, "lang": content}
    shown, page = 0, "1"
    while page:
        response = client.post(f"/{ui}/rights/answer/", {**data, "go": "result", "page": page})
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
        html = client.post("/en/rights/answer/", data).content.decode()
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
        response = client.post("/en/rights/answer/", data)
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
    assert "reserved: gb-eaw, gb-sct, gb-nir." in html
    assert "not_binding: BG, CZ, HU, LT, SK." in html
    assert "Not fully checked: BG, CZ, HU, LT, SK: That this country has not ratified" in html
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
                                              "step": "more", "go": "next"}).content.decode()
    assert "No conocemos ninguna norma en Dinamarca" in html
    assert 'class="draft"' in html
