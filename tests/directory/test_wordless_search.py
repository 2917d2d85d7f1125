"""A search with characters but no word the index can match finds nothing (found by a fresh
walk-through: `/api/hsds/services?search=!!!` answered every service as if it matched). Blank
words are still no search: the whole directory, as before."""

from urllib.parse import quote

import pytest

from harbour.directory.selectors import wordless
from tests.directory.factories import make_service

WORDLESS = ["!!!", "a", "a b", "a\tb", "\u202e", "\U0001f600", "¿?", "- -"]


@pytest.fixture
def two(db):
    make_service(name="Safe Housing Advice", description="Help with safe housing")
    make_service(name="Legal Clinic", description="Immigration advice", hours=("00:00", "23:59", ""))


@pytest.mark.parametrize("typed", WORDLESS)
def test_the_api_finds_nothing_for_words_it_cannot_match(client, two, typed):
    body = client.get(f"/api/hsds/services?search={quote(typed)}").json()
    assert body["total_items"] == 0 and body["contents"] == []
    # Nor does a wordless search widen another filter to everything.
    body = client.get(f"/api/hsds/services?search={quote(typed)}&open_now=true").json()
    assert body["total_items"] == 0


@pytest.mark.parametrize("typed", ["", "   "])
def test_blank_words_are_no_search(client, two, typed):
    assert client.get(f"/api/hsds/services?search={quote(typed)}").json()["total_items"] == 2


def test_a_real_word_still_finds_and_a_word_with_no_match_finds_nothing(client, two):
    assert client.get("/api/hsds/services?search=safe").json()["total_items"] == 1
    assert client.get("/api/hsds/services?search=zz").json()["total_items"] == 0


def test_the_search_page_lists_nothing_for_words_it_cannot_match(client, two):
    response = client.post("/en/services/", {"q": "!!!"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Safe Housing Advice" not in html and "Legal Clinic" not in html
    html = client.post("/en/services/", {"q": "legal"}, follow=True).content.decode()
    assert "Legal Clinic" in html and "Safe Housing Advice" not in html


def test_wordless_names_exactly_those_inputs():
    assert all(wordless(typed) for typed in WORDLESS)
    assert not any(wordless(typed) for typed in ["", "  ", "safe", "a safe"])
