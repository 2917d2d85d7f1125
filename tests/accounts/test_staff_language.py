"""The staff navigation's language switch (issue 18, Languages item 2): a plain form on every
staff page, limited to the staff languages, remembered on her account so her staff pages follow
it on any device, and returning her to the page she was on."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from harbour.accounts.models import User
from harbour.core.models import AuditEntry
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    """A staff request activates the member's language in this thread; later tests start from
    the default again."""
    yield
    translation.deactivate()


def _switch(html: str) -> str:
    form = re.search(r'<form method="post" action="/staff/account/language/"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no language switch in the staff navigation"
    return form.group(1)


def test_every_staff_page_offers_the_staff_languages_and_no_other(as_caseworker_a):
    html = as_caseworker_a.get(reverse("accounts:dashboard")).content.decode()
    switch = _switch(html)
    assert re.findall(r'<option value="([^"]+)"', switch) == settings.STAFF_LANGUAGES
    assert 'name="csrfmiddlewaretoken"' in switch and '<button type="submit">' in switch
    assert 'value="en" lang="en" selected' in switch
    assert '<input type="hidden" name="next" value="/staff/"' in switch


def test_choosing_arabic_keeps_the_page_and_shows_it_right_to_left_from_then_on(as_caseworker_a, caseworker_a):
    page = reverse("accounts:organisations")
    response = as_caseworker_a.post(reverse("accounts:language"), {"language": "ar", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert User.objects.get(pk=caseworker_a.user.pk).language == "ar"
    html = as_caseworker_a.get(page).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الخروج" in html  # "Log out" in Arabic
    assert 'value="ar" lang="ar" selected' in _switch(html)
    # Her browser asking for English does not undo her choice.
    again = as_caseworker_a.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl">' in again
    assert AuditEntry.objects.filter(action="user.language").count() == 1


def test_the_choice_follows_her_to_another_device(caseworker_a):
    first = verified_client(caseworker_a)
    first.post(reverse("accounts:language"), {"language": "pl", "next": "/staff/"})
    other = verified_client(caseworker_a)
    assert '<html lang="pl" dir="ltr">' in other.get("/staff/").content.decode()


@pytest.mark.parametrize("language", ["ti", "fa", "xx", ""])
def test_a_language_outside_the_staff_languages_changes_nothing(as_caseworker_a, caseworker_a, language):
    response = as_caseworker_a.post(reverse("accounts:language"), {"language": language, "next": "/staff/"})
    assert response.status_code == 302
    assert User.objects.get(pk=caseworker_a.user.pk).language == "en"
    assert not AuditEntry.objects.filter(action="user.language").exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/en/help/"])
def test_the_switch_returns_only_to_a_staff_page(as_caseworker_a, next_url):
    response = as_caseworker_a.post(reverse("accounts:language"), {"language": "es", "next": next_url})
    assert response["Location"] == reverse("accounts:dashboard")


def test_the_switch_needs_a_login_and_a_post(client, as_caseworker_a):
    assert client.post(reverse("accounts:language"), {"language": "es"}).status_code == 302
    assert User.objects.filter(language="es").count() == 0
    assert as_caseworker_a.get(reverse("accounts:language")).status_code == 405
