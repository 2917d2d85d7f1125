"""The language switch loses nothing she typed or was shown (the walk-through of this change
found both): on the help form, fresh or returned with errors, its buttons submit her form itself
to the other language, which shows it filled in and sends nothing,
and a page that shows a code only once offers no link that would load the page without it."""

import re
from html import unescape

import pytest

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.help.test_journey import code_in
from tests.training.conftest import course, make_session  # noqa: F401

pytestmark = pytest.mark.django_db

WORDS = "My sister's words, kept: 15 Queen St"


def _switch(html: str) -> tuple[str, list[str]]:
    """The form the language buttons submit (their `form` attribute) and their targets."""
    nav = re.search(r"<nav aria-label=\"[^\"]+\"><div class=\"langs\">(.*?)</div></nav>", html, re.S)
    assert nav, "the language switch does not submit her form"
    forms = set(re.findall(r'<button form="([^"]+)"', nav.group(1)))
    assert len(forms) == 1, forms
    assert 'name="language_switch" value="1"' in nav.group(1) and "formnovalidate" in nav.group(1)
    return forms.pop(), re.findall(r'formaction="([^"]+)"', nav.group(1))


@pytest.mark.parametrize("errors_first", [False, True])
def test_the_help_form_switches_language_with_what_she_typed(client, sealed_a, errors_first):  # noqa: F811
    """On a fresh form (the walk-through's fault: plain links lost everything) and on a form
    returned with errors, the language buttons submit her form itself to the other language;
    the form comes back filled in there, and nothing is sent, even when it would be valid."""
    from harbour.accounts.models import Organisation
    from harbour.help.models import HelpRequest

    typed = {"message": WORDS, "name": "Amina", "needs": ["safety", "housing"], "barriers": ["language"]}
    if errors_first:
        page = client.post("/ar/help/", typed)       # no organisation chosen: returned with an error
        assert page.status_code == 400
    else:
        page = client.get("/ar/help/")
    html = page.content.decode()
    form_id, targets = _switch(html)
    assert f'<form method="post" id="{form_id}"' in html
    assert "/ur/help/" in targets
    organisation = Organisation.objects.get()
    again = client.post("/ur/help/", {**typed, "organisation": str(organisation.public_id), "language_switch": "1"})
    html = again.content.decode()
    assert again.status_code == 200 and '<html lang="ur" dir="rtl"' in html
    assert WORDS in unescape(html) and 'value="Amina"' in html
    assert re.search(r'value="safety"[^>]*checked', html) and re.search(r'value="housing"[^>]*checked', html)
    assert re.search(rf'value="{organisation.public_id}"[^>]*checked', html)
    assert 'class="error' not in html
    assert HelpRequest.objects.count() == 0


def test_an_error_shown_before_the_switch_is_shown_again_in_the_new_language(client, sealed_a):  # noqa: F811
    """A walk-through: after a language switch her over-long message came back without the
    error, so she learnt only on sending again that it was still too long."""
    from harbour.accounts.models import Organisation
    from harbour.help.models import HelpRequest

    typed = {"organisation": str(Organisation.objects.get().public_id), "needs": ["safety"], "message": "x" * 4500}
    page = client.post("/en/help/", typed)
    assert page.status_code == 400 and 'name="had_errors" value="1"' in page.content.decode()

    again = client.post("/ar/help/", {**typed, "had_errors": "1", "language_switch": "1"})

    html = again.content.decode()
    assert again.status_code == 400 and '<html lang="ar"' in html
    assert "يرجى ألا يزيد عدد الأحرف هنا على" in html and "x" * 4500 in html
    assert HelpRequest.objects.count() == 0


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
    assert "hreflang=" in client.get("/en/").content.decode()


def test_the_page_that_shows_her_booking_code_once_has_no_language_link(client, admin_a, course):  # noqa: F811
    session = make_session(admin=admin_a, course=course, capacity=10)
    page = f"/en/workshops/{session.public_id}/"
    html = client.get(page).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', html).group(1)
    response = client.post(page, {"places": "1", "once": once})
    assert response.status_code == 200 and 'class="typed"' in response.content.decode()
    assert "hreflang=" not in response.content.decode()
