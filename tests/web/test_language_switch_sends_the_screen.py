"""The language switch sends the form on her screen as it is, on every public page that has one
(base.html, `language_form`). A walk-through found three pages where it re-posted an earlier
copy instead, or was a plain link: what she had changed or typed since was lost.
"""

import re

import pytest
from django.urls import reverse

from tests.training.conftest import *  # noqa: F403 - the session fixture and what it needs

pytestmark = pytest.mark.django_db


def _switch(html: str, language: str) -> str:
    button = re.search(rf'<button form="([^"]+)" formaction="/{language}/[^"]*"[^>]*>', html)
    assert button, "the language switch does not submit the page's form"
    return button.group(0)


def test_a_rights_question_switches_with_the_choice_she_has_just_made(client):
    html = client.post("/en/rights/answer/", {"where": "gb-eaw", "step": "where", "go": "next"}, follow=True).content.decode()
    button = _switch(html, "ar")
    assert 'form="rights-step"' in button and 'name="go" value="stay"' in button
    assert 'id="rights-step"' in html
    # What the button sends: the question's form as it is, a choice made but not yet sent.
    step = re.search(r'name="step" value="([^"]+)"', html).group(1)
    choice = re.search(rf'<input type="radio" name="{step}" value="([^"]+)"', html).group(1)
    arabic = client.post("/ar/rights/answer/", {"where": "gb-eaw", "step": step, step: choice,
                                                "go": "stay"}, follow=True).content.decode()
    assert '<html lang="ar"' in arabic
    assert re.search(rf'name="{step}" value="{choice}" checked', arabic)


def test_a_workshop_booking_switches_with_what_she_typed_and_books_nothing(client, session):
    from harbour.training.models import Booking

    path = reverse("training:session", args=[session.public_id])
    html = client.get(path).content.decode()
    button = _switch(html, "ar")
    assert 'form="booking-form"' in button and 'name="language_switch"' in button
    answer = client.post("/ar" + path.removeprefix("/en"), {"name": "Amina", "contact": "07700 900123",
                                                           "language_switch": "1"})
    page = answer.content.decode()
    assert answer.status_code == 200 and '<html lang="ar"' in page
    assert 'value="Amina"' in page and "07700 900123" in page
    assert Booking.objects.count() == 0


def test_the_workshop_list_switches_with_her_filter(client):
    html = client.get(reverse("training:list")).content.decode()
    assert 'form="filter-form"' in _switch(html, "ar") and 'id="filter-form"' in html
