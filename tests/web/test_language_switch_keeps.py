"""The language switch loses nothing she typed or was shown (the walk-through of this change
found both): on a form returned with errors it posts her fields again in the other language,
and a page that shows a code only once offers no link that would load the page without it."""

import re
from html import unescape

import pytest

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.help.test_journey import code_in
from tests.training.conftest import course, make_session  # noqa: F401

pytestmark = pytest.mark.django_db

WORDS = "My sister's words, kept: 15 Queen St"


def _repost(html: str) -> tuple[list[tuple[str, str]], list[str]]:
    nav = re.search(r"<nav aria-label=\"[^\"]+\"><form method=\"post\"[^>]*>(.*?)</form></nav>", html, re.S)
    assert nav, "the language switch does not post her fields again"
    fields = [(unescape(n), unescape(v)) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                                                                 nav.group(1))]
    targets = re.findall(r'formaction="([^"]+)"', nav.group(1))
    return fields, targets


def test_a_help_form_with_errors_switches_language_with_what_she_typed(client, sealed_a):  # noqa: F811
    # No organisation chosen: the form comes back with an error and what she typed.
    response = client.post("/ar/help/", {"message": WORDS, "name": "Amina", "needs": ["safety", "housing"],
                                          "barriers": ["language"]})
    assert response.status_code == 400
    fields, targets = _repost(response.content.decode())
    assert ("message", WORDS) in fields and ("needs", "safety") in fields and ("needs", "housing") in fields
    assert "/ur/help/" in targets
    again = client.post("/ur/help/", dict_of(fields))
    html = again.content.decode()
    assert again.status_code == 400 and '<html lang="ur" dir="rtl"' in html
    assert WORDS in unescape(html)
    assert re.search(r'value="safety"[^>]*checked', html) and re.search(r'value="housing"[^>]*checked', html)


def dict_of(pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def test_the_page_that_shows_her_status_code_once_has_no_language_link_that_would_lose_it(client, sealed_a):  # noqa: F811
    _private_key, _recovery = sealed_a
    from harbour.accounts.models import Organisation

    organisation = Organisation.objects.get()
    response = client.post("/en/help/", {"organisation": str(organisation.public_id), "needs": ["safety"],
                                         "message_ok": "no"})
    assert response.status_code == 200 and code_in(response)
    assert "hreflang=" not in response.content.decode()
    # Any other page keeps its language links.
    assert "hreflang=" in client.get("/en/help/").content.decode()


def test_the_page_that_shows_her_booking_code_once_has_no_language_link(client, admin_a, course):  # noqa: F811
    session = make_session(admin=admin_a, course=course, capacity=10)
    page = f"/en/workshops/{session.public_id}/"
    html = client.get(page).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', html).group(1)
    response = client.post(page, {"places": "1", "once": once})
    assert response.status_code == 200 and 'class="typed"' in response.content.decode()
    assert "hreflang=" not in response.content.decode()
