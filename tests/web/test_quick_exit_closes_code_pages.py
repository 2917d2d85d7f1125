"""Back after Quick exit with JavaScript off, on the pages that take no CSRF token and show
what she typed or what her code opens (a walk-through found the first two): the status check,
the directory search, her workshop booking and the workshop filter. The browser sends the
page's POST again after she left; each page now carries a one-time token that Quick exit
closes (core.once.closed_after_exit), and the replay gets "This page is closed", with none of
her words, her code or what it opens."""

import re
from itertools import pairwise

import pytest
from django.test import Client

from harbour.help.models import HelpRequest
from harbour.training.models import Booking
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.help.test_journey import code_in, submit
from tests.training.conftest import course, make_session, session  # noqa: F401
from tests.training.test_public import code_on, form_data, url

pytestmark = pytest.mark.django_db


def _once(page: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', page)[1]


def _leave(client: Client, page: str) -> None:
    """Press Quick exit on `page` (the link, as without JavaScript)."""
    link = re.search(r'<a class="exit" href="([^"]+)"', page)[1].replace("&amp;", "&")
    assert "?f=" in link, "the exit link must close this page"
    assert client.get(link).status_code == 303


def _pieces(code: str) -> list[str]:
    """The code whole and each pair of its neighbouring words: a single word of a code may be
    an ordinary English word that the page has anyway (CI once drew "top", the header's class)."""
    words = code.split()
    return [code, *(" ".join(pair) for pair in pairwise(words))]


def _closed(response, *never) -> None:
    html = response.content.decode()
    assert response.status_code == 403 and "This page is closed" in html
    for text in never:
        assert text not in html


def test_her_request_status_is_not_shown_again_after_quick_exit(client, sealed_a, org_a):  # noqa: F811
    code = code_in(submit(client, org_a))
    visitor = Client()
    once = _once(visitor.get("/en/help/status/").content.decode())
    found = visitor.post("/en/help/status/", {"code": code, "once": once})
    page = found.content.decode()
    assert found.status_code == 200 and "Your request" in page
    assert f'name="once" value="{once}"' in page  # her actions on the page (delete) carry it on
    _leave(visitor, page)
    _closed(visitor.post("/en/help/status/", {"code": code, "once": once}), *_pieces(code), "Your request",
            once)
    # Nor can the page's own actions be sent again: deleting is refused, the request stays.
    _closed(visitor.post("/en/help/status/", {"code": code, "once": once, "seen": "1", "action": "delete",
                                              "confirm": "on"}), *_pieces(code))
    assert HelpRequest.objects.count() == 1
    # A fresh visit works.
    fresh = Client()
    again = fresh.post("/en/help/status/", {"code": code, "once": _once(fresh.get("/en/help/status/")
                                                                        .content.decode())})
    assert again.status_code == 200 and "Your request" in again.content.decode()


def test_her_search_is_not_shown_again_after_quick_exit():
    visitor = Client()
    once = _once(visitor.get("/en/services/").content.decode())
    results = visitor.post("/en/services/", {"q": "zebrafinch", "women_only": "on", "once": once}, follow=True)
    page = results.content.decode()
    assert results.status_code == 200 and "zebrafinch" in page
    _leave(visitor, page)
    _closed(visitor.post("/en/services/", {"q": "zebrafinch", "women_only": "on", "once": once}, follow=True),
            "zebrafinch", once)
    # A search sent from a page without the token (an older page) still works.
    assert "zebrafinch" in Client().post("/en/services/", {"q": "zebrafinch"}, follow=True).content.decode()


def test_her_booking_is_not_shown_again_after_quick_exit(session):  # noqa: F811
    client = Client()
    code = code_on(client.post(url("training:session", session.public_id),
                               form_data(client, session, name="Amina")).content)
    visitor = Client()
    once = _once(visitor.get(url("training:booking")).content.decode())
    found = visitor.post(url("training:booking"), {"code": code, "once": once})
    page = found.content.decode()
    assert found.status_code == 200 and "Central Library" in page
    _leave(visitor, page)
    _closed(visitor.post(url("training:booking"), {"code": code, "once": once}), "Central Library", code)
    _closed(visitor.post(url("training:booking"), {"code": code, "once": once, "action": "confirm_cancel"}))
    assert Booking.objects.get().status != Booking.Status.CANCELLED


def test_her_workshop_filter_is_not_shown_again_after_quick_exit(session, admin_a, course):  # noqa: F811
    make_session(admin=admin_a, course=course, languages=["fa"], place="York", venue="York Library")
    visitor = Client()
    once = _once(visitor.get(url("training:list")).content.decode())
    page = visitor.post(url("training:list"), {"place": "York", "once": once}).content.decode()
    assert "York Library" in page
    _leave(visitor, page)
    _closed(visitor.post(url("training:list"), {"place": "York", "once": once}), "York Library")


def test_changing_language_on_a_search_with_an_error_keeps_what_she_typed():
    """A walk-through: a place Harbour does not know gave an error that kept her words, but
    the language links were plain links, and the other language's page came back empty."""
    visitor = Client()
    once = _once(visitor.get("/en/services/").content.decode())
    sent = {"q": "zebrafinch", "place": "Atlantisxyz", "open_now": "on", "once": once}
    refused = visitor.post("/en/services/", sent, follow=True)
    page = refused.content.decode()
    assert 'value="zebrafinch"' in page and 'value="Atlantisxyz"' in page
    # The switch submits her form as it is on the screen (base.html, `language_form`).
    assert re.search(r'<button form="search-form" formaction="/ar/services/(\?r=[A-Za-z0-9_-]+)?"', page), \
        "the language switch must send her form again"
    assert re.search(r'<form[^>]*id="search-form"', page)
    arabic = visitor.post("/ar/services/", sent, follow=True)
    html = arabic.content.decode()
    assert 'value="zebrafinch"' in html and 'value="Atlantisxyz"' in html and 'lang="ar"' in html
