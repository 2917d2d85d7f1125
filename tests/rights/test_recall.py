"""Her answers to the rights interview are carried in the address, sealed (harbour.core.recall):
Back from the directory, Reload and the language switch show the same question or result; the
server keeps nothing, and Quick exit ends them, with a notice."""

import re

import pytest
from django.test import Client

START, ANSWER = "/en/rights/", "/en/rights/answer/"


def _visitor() -> Client:
    client = Client()
    assert "hb_recall" in client.get(START).cookies
    return client


@pytest.mark.django_db
def test_an_answer_is_shown_at_an_address_of_its_own_that_holds_none_of_it():
    client = _visitor()
    response = client.post(ANSWER, {"step": "where", "where": "gb-eaw", "go": "next"})
    assert response.status_code == 303
    location = response["Location"]
    assert re.fullmatch(r"/en/rights/answer/\?r=[A-Za-z0-9_-]+", location) and "gb-eaw" not in location
    for _reload in range(2):
        page = client.get(location).content.decode()
        assert 'name="stage"' in page and 'name="where" value="gb-eaw"' in page


@pytest.mark.django_db
def test_her_result_comes_back_from_its_address_and_quick_exit_ends_it_with_a_notice():
    client = _visitor()
    location = client.post(ANSWER, {"where": "gb-eaw", "stage": "reporting", "go": "result"})["Location"]
    result = client.get(location).content.decode()
    assert 'href="/en/services/"' in result and "Victims" in result
    client.get("/exit")
    ended = client.get(location).content.decode()
    assert "Those answers have ended" in ended and 'name="where" value="gb-eaw"' not in ended
    assert 'name="where"' in ended  # the first question, to start again


@pytest.mark.django_db
def test_a_browser_that_keeps_no_cookies_gets_the_next_question_in_place():
    response = Client().post(ANSWER, {"step": "where", "where": "gb-eaw", "go": "next"})
    assert response.status_code == 200 and 'name="stage"' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_on_the_first_question_keeps_her_choice():
    """A walk-through: the switch posts the first question's form to /ar/rights/, which took
    GET only: 405 and a blank page."""
    client = _visitor()
    response = client.post("/ar/rights/", {"step": "where", "where": "gb-eaw", "go": "stay"})
    assert response.status_code == 303 and response["Location"].startswith("/ar/rights/answer/?r=")
    page = client.get(response["Location"]).content.decode()
    assert 'lang="ar"' in page and re.search(r'<option value="gb-eaw"[^>]*selected', page)
