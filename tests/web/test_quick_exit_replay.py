"""Back after Quick exit with JavaScript off (a walk-through found it): the browser sends the
help form again, Quick exit has cleared the cookies, the CSRF check fails, and the "form has
expired" page used to print everything she had typed (and said nothing had been sent, when it
had). Now the page she leaves closes its form (its one-time token rides on the exit link), a
form already sent is recognised by its spent token, and neither is echoed. A form that truly
expired unsent still gives her text back."""

import re

import pytest
from django.test import Client

from harbour.help.models import HelpRequest
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests

MESSAGE = "I need a safe place for me and my two children"
NAME = "Amina Rahimi"


def _form(client: Client, path: str) -> tuple[str, dict]:
    page = client.get(path).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page)[1]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    return page, {"once": once, "csrfmiddlewaretoken": csrf}


def _her_form(org, hidden: dict, **fields) -> dict:
    return {"organisation": str(org.public_id), "needs": ["safety"], "message": MESSAGE, "name": NAME,
            "contact_channel": "", "message_ok": "no", **hidden, **fields}


def _leave(client: Client, page: str) -> None:
    exit_link = re.search(r'<a class="exit" href="([^"]+)"', page)[1].replace("&amp;", "&")
    response = client.get(exit_link)
    assert response.status_code == 303
    assert client.cookies.get("csrftoken") is None or client.cookies["csrftoken"].value == ""


def _shows_nothing_she_typed(response, once: str) -> None:
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page is closed" in html
    for typed in (MESSAGE, NAME, once):
        assert typed not in html


@pytest.mark.django_db
def test_a_sent_form_sent_again_after_quick_exit_shows_nothing_she_typed(sealed_a, org_a):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    page, hidden = _form(client, "/en/help/")
    sent = client.post("/en/help/", _her_form(org_a, hidden))
    assert sent.status_code == 200 and HelpRequest.objects.count() == 1
    _leave(client, sent.content.decode())
    again = client.post("/en/help/", _her_form(org_a, hidden))  # Back: the browser sends it again
    _shows_nothing_she_typed(again, hidden["once"])
    assert "Nothing was sent" not in again.content.decode()
    assert HelpRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_form_sent_again_after_quick_exit_shows_nothing_she_typed(sealed_a, org_a):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    _page, hidden = _form(client, "/en/help/")
    refused = client.post("/en/help/", _her_form(org_a, hidden, organisation=""))
    assert refused.status_code == 400 and MESSAGE in refused.content.decode()
    assert f'href="/exit?f={hidden["once"]}"' in refused.content.decode()  # the exit link closes it
    _leave(client, refused.content.decode())
    again = client.post("/en/help/", _her_form(org_a, hidden, organisation=""))
    _shows_nothing_she_typed(again, hidden["once"])
    assert HelpRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_form_that_truly_expired_unsent_still_gives_her_text_back_but_never_its_token(sealed_a, org_a):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    _page, hidden = _form(client, "/en/help/")
    stale = Client(enforce_csrf_checks=True)  # no cookie: a form whose cookie is gone, never sent
    expired = stale.post("/en/help/", _her_form(org_a, hidden))
    html = expired.content.decode()
    assert expired.status_code == 403 and "This form has expired" in html
    assert MESSAGE in html and NAME in html
    assert hidden["once"] not in html


@pytest.mark.django_db
def test_a_token_spent_in_an_apps_own_rows_is_recognised_as_spent(monkeypatch):
    from harbour.core import once
    from harbour.core.once import once_digest, once_spent, register_spent_check

    monkeypatch.setattr(once, "SPENT_ELSEWHERE", list(once.SPENT_ELSEWHERE))
    seen = []
    register_spent_check(lambda digest: seen.append(digest) or digest == once_digest("made-elsewhere"))
    assert once_spent("made-elsewhere") is True
    assert once_spent("never-used") is False
    assert once_spent("") is False and seen


@pytest.mark.django_db
def test_a_flood_of_exits_writes_a_bounded_number_of_rows_and_every_exit_still_leaves(monkeypatch):
    """Closing a form writes a row; a flood of /exit?f=… with made-up tokens must not fill the
    database. Past the limit a minute, exits still leave at once; they only stop closing."""
    from harbour.core.models import UsedFormOnce
    from harbour.web import views

    monkeypatch.setattr(views, "EXIT_CLOSES_PER_MINUTE", 3)
    monkeypatch.setattr("harbour.firewall.throttle.time.time", lambda: 1_800_000_000.0)  # one window
    client = Client()
    for n in range(8):
        response = client.get(f"/exit?f=made-up-token-{n:02d}")
        assert response.status_code == 303
    assert UsedFormOnce.objects.count() == 3
