"""A search is carried in its own address, sealed under a key only her browser holds
(harbour.core.recall): Back from a service page, Reload and "Back to your results" show it
again; Quick exit, another browser or time end it; nothing of it is in an address, a table or
a log. A walk-through found Back from a service page giving ERR_CACHE_MISS with JavaScript off.
"""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from harbour.core import recall
from tests.directory.factories import make_service
from tests.help.seizure import dump_every_table

SEARCH = "/en/services/"
WORDS = "canarywordsforrecall"


def _visitor() -> Client:
    """A browser that has opened the search form, as she does before searching."""
    client = Client()
    client.get(SEARCH)
    return client


def _search(client, data, path=SEARCH):
    response = client.post(path, data)
    assert response.status_code == 303, response.status_code
    return response["Location"]


@pytest.mark.django_db
def test_a_search_answers_with_an_address_of_its_own_that_shows_it_and_holds_none_of_her_words():
    make_service(name=f"Legal advice {WORDS}", city="Leeds", lat=53.8008, lng=-1.5491)
    client = _visitor()
    location = _search(client, {"q": WORDS, "place": "Leeds"})
    parts = urlsplit(location)
    assert parts.path == SEARCH and set(parse_qs(parts.query)) == {"r"}
    assert WORDS not in location and "Leeds" not in location
    page = client.get(location).content.decode()
    assert f"Legal advice {WORDS}" in page and f'value="{WORDS}"' in page and 'value="Leeds"' in page
    # Shown again as often as she asks (Reload, Back): the same page.
    assert f"Legal advice {WORDS}" in client.get(location).content.decode()
    # Kept nowhere on the server.
    unheard = "zzcanarynowhereelse"
    assert unheard in client.get(_search(client, {"q": unheard})).content.decode()
    assert unheard.encode() not in dump_every_table()


@pytest.mark.django_db
def test_a_refused_search_comes_back_with_what_she_typed_and_what_is_wrong_after_a_reload():
    client = _visitor()
    location = _search(client, {"q": WORDS, "place": "Atlantisxyz", "open_now": "on"})
    for _reload in range(2):
        page = client.get(location).content.decode()
        assert "We do not know that place" in page
        assert f'value="{WORDS}"' in page and 'value="Atlantisxyz"' in page
        assert re.search(r'name="open_now"[^>]*checked', page)


@pytest.mark.django_db
def test_a_result_links_to_its_service_page_and_that_page_leads_back_to_the_results():
    service = make_service(name="Casa Lumbre")
    client = _visitor()
    location = _search(client, {"q": "Lumbre"})
    token = parse_qs(urlsplit(location).query)["r"][0]
    results = client.get(location).content.decode()
    link = f"/en/services/{service.pk}/?r={token}"
    assert f'href="{link}"' in results
    page = client.get(link).content.decode()
    assert f'href="{location}"' in page and "Back to your results" in page
    # The language switch keeps the way back (the token goes with the address).
    assert f'href="/ar/services/{service.pk}/?r={token}"' in page
    arabic = client.get(f"/ar/services/{service.pk}/?r={token}").content.decode()
    assert f'href="/ar/services/?r={token}"' in arabic
    # Opened without it, or with one that opens nothing, the page has no such link.
    assert "Back to your results" not in client.get(f"/en/services/{service.pk}/").content.decode()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert "Back to your results" not in client.get(f"/en/services/{service.pk}/?r={forged}").content.decode()


@pytest.mark.django_db
def test_after_quick_exit_the_address_of_her_search_shows_nothing_of_it():
    make_service(name=f"Refuge {WORDS}")
    client = _visitor()
    location = _search(client, {"q": WORDS})
    assert WORDS in client.get(location).content.decode()
    exit_response = client.get("/exit")
    assert exit_response.cookies["hb_recall"].value == ""  # deleted
    page = client.get(location).content.decode()
    assert WORDS not in page
    assert "That search has ended" in page


@pytest.mark.django_db
def test_another_browser_cannot_open_her_search_from_its_address():
    make_service(name=f"Refuge {WORDS}")
    location = _search(_visitor(), {"q": WORDS})
    page = _visitor().get(location).content.decode()
    assert WORDS not in page and "That search has ended" in page
    assert WORDS not in Client().get(location).content.decode()


@pytest.mark.django_db
def test_a_browser_that_keeps_no_cookies_gets_its_results_in_place():
    make_service(name=f"Refuge {WORDS}")
    response = Client().post(SEARCH, {"q": WORDS})  # no key cookie sent
    assert response.status_code == 200
    assert f"Refuge {WORDS}" in response.content.decode()


@pytest.mark.django_db
def test_paging_and_the_language_switch_each_give_an_address_of_their_own():
    for index in range(12):
        make_service(name=f"Legal advice {index:02d}")
    client = _visitor()
    first = _search(client, {"q": "legal"})
    second = _search(client, {"q": "legal", "page": "2"})
    assert first != second
    assert '<ol start="11">' in client.get(second).content.decode()
    arabic = _search(client, {"q": "legal", "page": "2"}, path="/ar/services/")
    assert arabic.startswith("/ar/services/?r=")
    page = client.get(arabic).content.decode()
    assert 'lang="ar"' in page and '<ol start="11">' in page


class _Request:
    def __init__(self, cookies):
        self.COOKIES = cookies


def _key_cookie() -> dict:
    from django.http import HttpResponse

    response = HttpResponse()
    recall.ensure_key(_Request({}), response)
    return {"hb_recall": response.cookies["hb_recall"].value}


def test_a_token_opens_only_for_its_form_its_key_and_its_hour():
    from django.http import QueryDict

    cookies = _key_cookie()
    request = _Request(cookies)
    token = recall.remember(request, "directory-search", QueryDict("q=refuge&extra=dropped"), ["q"])
    assert recall.recall(request, "directory-search", token)["q"] == "refuge"
    assert "extra" not in recall.recall(request, "directory-search", token)
    assert recall.recall(request, "another-form", token) is None
    assert recall.recall(_Request(_key_cookie()), "directory-search", token) is None
    assert recall.recall(_Request({}), "directory-search", token) is None
    later = time.time() + recall.RECALL_SECONDS + 5
    assert recall.recall(request, "directory-search", token, now=later) is None
    assert recall.recall(request, "directory-search", "not a token") is None
    assert recall.recall(request, "directory-search", token[:-1]) is None


def test_the_length_of_a_token_says_little_about_the_length_of_her_words():
    from django.http import QueryDict

    request = _Request(_key_cookie())
    short = recall.remember(request, "directory-search", QueryDict("q=a"), ["q"])
    longer = recall.remember(request, "directory-search", QueryDict("q=" + "b" * 8), ["q"])
    assert len(short) == len(longer)  # padded to the same step of recall.PAD_BYTES
    too_much = QueryDict(mutable=True)
    too_much["q"] = "c" * (recall.MAX_BYTES + 1)
    assert recall.remember(request, "directory-search", too_much, ["q"]) is None


@pytest.mark.django_db
def test_the_language_switch_before_a_search_is_carried_too_and_ends_with_quick_exit():
    """A walk-through: her form sent to العربية before searching was answered in place, and
    after Quick exit, Back (JavaScript off) sent it again and showed her words and ticks."""
    client = _visitor()
    location = _search(client, {"q": WORDS, "women_only": "on", "language_switch": "1"}, path="/ar/services/")
    assert location.startswith("/ar/services/?r=") and WORDS not in location
    page = client.get(location).content.decode()
    assert f'value="{WORDS}"' in page and re.search(r'name="women_only"[^>]*checked', page)
    assert "service found" not in page and "services found" not in page  # shown again, not searched
    client.get("/exit")
    assert WORDS not in client.get(location).content.decode()


@pytest.mark.django_db
def test_a_cleaned_paste_keeps_its_notice_at_the_new_address():
    client = _visitor()
    location = _search(client, {"q": "legal\x07advice", "open_now": "on"})
    page = client.get(location).content.decode()
    assert "data-characters-removed" in page and 'value="legal advice"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", [{"page": "99999999999999"}, {"page": "٣"}, {"once": "x" * 65}, {"once": "a b"}])
def test_a_hidden_field_she_did_not_fill_never_leaves_her_without_results(hidden):
    """A walk-through: a 14-digit page, or an overlong form token, made the form invalid on a
    field she cannot see: no results and no error."""
    for index in range(3):
        make_service(name=f"Legal advice {index}")
    client = _visitor()
    page = client.get(_search(client, {"q": "legal", **hidden})).content.decode()
    assert "3 services found" in page
