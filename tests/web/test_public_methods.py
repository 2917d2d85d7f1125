"""Every public address answers a link, a reload, HEAD and a language switch with a working,
translated page (issue 8, item 3)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.directory.factories import make_service
from tests.web.pages import LANGUAGES, public_urls

pytestmark = pytest.mark.django_db


def every_public_get_url() -> list[str]:
    service = make_service(name="Casa Lumbre", city="Madrid", country="ES")
    urls = list(public_urls())
    for code in LANGUAGES:
        with translation.override(code):
            urls += [reverse("rights:answer"),
                     reverse("directory:service", kwargs={"service_id": service.pk})]
    return urls


def test_every_public_address_answers_get_with_a_page(client):
    answers = {url: client.get(url).status_code for url in every_public_get_url()}
    assert {url: status for url, status in answers.items() if status != 200} == {}


def test_every_public_address_answers_head_like_get_without_a_body(client):
    for url in every_public_get_url():
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head.content == b"", url
        assert head["Content-Type"] == got["Content-Type"], url


def test_the_interview_address_reached_by_a_link_or_a_reload_starts_the_interview_in_her_language(client):
    html = client.get("/ar/rights/answer/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert 'name="where"' in html
    assert 'action="/ar/rights/answer/"' in html


def _language_forms(html: str) -> dict[str, str]:
    """The footer's language switch on a POSTed page: one form of her answers, with a button per
    language that posts it to that language's address: {address: the form's HTML}."""
    nav = html[html.index('<nav aria-label="'):]
    nav = nav[:nav.index("</nav>")]
    forms = re.findall(r'<form method="post"[^>]*>(.*?)</form>', nav, re.S)
    assert len(forms) == 1, "one switch form, not one per language"
    return dict.fromkeys(re.findall(r'<button formaction="([^"]+)"', forms[0]), forms[0])


def _switch_to_own_form(html: str) -> tuple[dict, dict]:
    """({address: (name, value) the button adds}, {name: value} of the page's own form) for a
    page whose language switch submits the form on her screen (base.html, `language_form`)."""
    nav = html[html.index('<nav aria-label="'):]
    nav = nav[:nav.index("</nav>")]
    buttons = re.findall(r'<button form="([^"]+)" formaction="([^"]+)"([^>]*)>', nav)
    assert buttons, "the switch does not submit the page's form"
    form_id = buttons[0][0]
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(re.findall(r'<input type="text" name="([^"]+)"[^>]*value="([^"]*)"', form))

    def mark(attributes: str) -> tuple[str, str]:
        found = re.search(r' name="([^"]+)" value="([^"]*)"', attributes)
        return found.groups() if found else ("", "")

    return {address: mark(attributes) for _form, address, attributes in buttons}, fields


def test_a_language_switch_inside_the_interview_keeps_her_answers_out_of_the_address(client):
    html = client.post("/en/rights/answer/", {"where": "gb-eaw", "step": "where", "go": "next"}, follow=True).content.decode()
    buttons, fields = _switch_to_own_form(html)
    assert set(buttons) == {f"/{code}/rights/answer/" for code, _name in settings.LANGUAGES}
    assert fields["where"] == "gb-eaw" and buttons["/ar/rights/answer/"] == ("go", "stay")
    # She switches: the same question, in Arabic, with her answer still carried.
    switched = client.post("/ar/rights/answer/", {**fields, "go": "stay"}, follow=True)
    assert switched.status_code == 200
    page = switched.content.decode()
    assert '<html lang="ar"' in page
    assert 'name="stage"' in page  # question 2, as before the switch
    assert '<input type="hidden" name="where" value="gb-eaw">' in page


def test_a_language_switch_on_her_rights_keeps_the_result(client):
    data = {"where": "ES", "stage": "reporting", "go": "result"}
    html = client.post("/en/rights/answer/", data, follow=True).content.decode()
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', _language_forms(html)["/es/rights/answer/"]))
    page = client.post("/es/rights/answer/", fields, follow=True).content.decode()
    assert '<html lang="es"' in page
    assert "<h1>Tus derechos</h1>" in page


def test_a_language_switch_on_search_results_searches_again_in_that_language(client):
    make_service(name="Casa Lumbre", city="Madrid", country="ES")
    html = client.post("/en/services/", {"q": "Lumbre"}, follow=True).content.decode()
    buttons, fields = _switch_to_own_form(html)
    assert buttons["/es/services/"] == ("page", "1")  # no switch mark: it searches again, at her page
    assert fields["q"] == "Lumbre"
    page = client.post("/es/services/", fields, follow=True).content.decode()
    assert "Casa Lumbre" in page and '<html lang="es"' in page


@pytest.mark.django_db
def test_a_language_switch_on_a_later_page_of_results_keeps_that_page(client):
    """A walk-through: page 3 of the results, then العربية, gave page 1 of them in Arabic (the
    switch sent the search form, which holds no page: Next and Previous carry it)."""
    for index in range(25):
        make_service(name=f"Legal advice {index:02d}")
    html = client.post("/en/services/", {"q": "legal", "page": "3"}, follow=True).content.decode()
    assert '<ol start="21">' in html
    buttons, fields = _switch_to_own_form(html)
    assert buttons["/ar/services/"] == ("page", "3")
    page = client.post("/ar/services/", {**fields, "page": "3"}, follow=True).content.decode()
    assert '<html lang="ar"' in page
    assert '<ol start="21">' in page and ">Legal advice 20</a>" in page


def test_a_language_switch_on_a_later_page_with_words_that_find_nothing_lands_on_the_first_page(client):
    """A walk-through: page 3 of the results, new words typed that find nothing, then العربية:
    an empty page with "Previous" to page 2, itself empty."""
    for index in range(25):
        make_service(name=f"Legal advice {index:02d}")
    page = client.post("/ar/services/", {"q": "zzzzqq", "page": "3"}, follow=True).content.decode()
    assert '<button type="submit" name="page"' not in page  # no Previous, no Next
    assert "fewer results" not in page and "نتائج أقل" not in page
