"""The staff language switch on a page answering a refused form (core.staff_language): what she
typed comes back in the new language, and the switch never performs the form's action. A
walk-through: a translation refused for its language tag, then "Change language", gave the
service page in the other language with an empty translation form."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from harbour.accounts.models import User
from harbour.core.models import AuditEntry
from harbour.directory.models import Location, Service, Translation
from tests.directory.factories import make_service
from tests.directory.test_staff import form as edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_reset():
    yield
    translation.deactivate()


@pytest.fixture
def service_a(org_a):
    return make_service(name="A's advice line", owner=org_a)


def _switch(html: str) -> tuple[str, dict, str]:
    """(the switch form's action, {name: value} of its hidden fields, its language field's name)."""
    form = re.search(r'<form method="post" action="([^"]+)" class="staff-lang"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no language switch in the staff navigation"
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    hidden.pop("csrfmiddlewaretoken", None)
    return form.group(1), hidden, re.search(r'<select id="staff-language" name="([^"]+)"', form.group(2)).group(1)


TYPED = {"tr-language": "pt br", "tr-name": "Espaço de escuta", "tr-description": "Apoio sem julgamento",
         "tr-review_state": "draft"}


def test_a_refused_translation_comes_back_filled_in_after_a_language_switch(as_admin_a, admin_a, service_a):
    url = reverse("directory_staff:translation", kwargs={"service_id": service_a.pk})
    refused = as_admin_a.post(url, TYPED).content.decode()
    action, hidden, language_field = _switch(refused)
    assert action == url and language_field == "switch_language"
    assert hidden == TYPED

    switched = as_admin_a.post(action, {**hidden, language_field: "es"})

    assert switched.status_code == 200
    html = switched.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert 'name="tr-language" value="pt br"' in html and 'name="tr-name" value="Espaço de escuta"' in html
    assert "Apoio sem julgamento</textarea>" in html
    assert 'class="errorlist' in html  # her error, again, in the new language
    assert not Translation.objects.exists()
    assert not AuditEntry.objects.filter(action="directory.translation.set").exists()
    assert User.objects.get(pk=admin_a.user.pk).language == "es"
    # Switched again from there, it is still her form.
    action, hidden, _field = _switch(html)
    assert action == url and hidden == TYPED


def test_a_switch_from_a_form_that_would_now_be_accepted_saves_nothing(as_admin_a, service_a):
    """Refused for a control character, her text comes back without it: valid now, it is still
    only shown again, in the other language, never saved by the switch."""
    url = reverse("directory_staff:translation", kwargs={"service_id": service_a.pk})
    refused = as_admin_a.post(url, {**TYPED, "tr-language": "pt-BR", "tr-name": "Espaço\x00 de escuta"})
    assert refused.status_code == 400
    action, hidden, language_field = _switch(refused.content.decode())
    assert action == url and hidden["tr-name"] == "Espaço de escuta"

    switched = as_admin_a.post(action, {**hidden, language_field: "pl"})

    html = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="pl" dir="ltr">' in html
    assert 'name="tr-name" value="Espaço de escuta"' in html and 'name="tr-language" value="pt-BR"' in html
    assert not Translation.objects.exists()


def test_a_refused_edit_comes_back_filled_in_and_unsaved_after_a_language_switch(as_admin_a, service_a):
    url = reverse("directory_staff:service", kwargs={"service_id": service_a.pk})
    refused = as_admin_a.post(url, edit_form(service_a, name="Riverside line", status="closed for now"))
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    action, hidden, language_field = _switch(refused.content.decode())
    assert action == url and hidden["edit-name"] == "Riverside line"
    hidden["edit-status"] = "active"  # the error mended: the switch still saves nothing

    html = as_admin_a.post(action, {**hidden, language_field: "fr"}).content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert 'value="Riverside line"' in html
    assert Service.objects.get(pk=service_a.pk).name == "A's advice line"


def test_a_switch_never_calls_a_form_that_cannot_show_itself_again_and_gives_back_what_was_typed(
        as_admin_a, service_a):
    """A form whose view does not redisplay (it answers with a redirect): the switch does not
    run it, and what she typed is shown to copy, in the new language."""
    location = Location.objects.get(service_at_locations__service=service_a)
    url = reverse("directory_staff:location_confidential",
                  kwargs={"service_id": service_a.pk, "location_id": location.pk})
    posted = {"loc-confidential": "on", "loc-coarse_area": "Near the old station", "loc-gatekeeper_phone": "0113 496 0000"}

    response = as_admin_a.post(url, {**posted, "switch_language": "es"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert ">Near the old station</textarea>" in html and ">0113 496 0000</textarea>" in html
    assert not Location.objects.get(pk=location.pk).confidential
    assert not AuditEntry.objects.filter(action__startswith="directory.location").exists()


def test_a_switch_with_nothing_typed_returns_to_the_page_and_does_nothing(as_admin_a, service_a):
    url = reverse("directory_staff:verify", kwargs={"service_id": service_a.pk})
    response = as_admin_a.post(url, {"verify-method": "phone", "switch_language": "es"})
    assert response.status_code == 302
    assert response["Location"] == reverse("directory_staff:service", kwargs={"service_id": service_a.pk})
    assert Service.objects.get(pk=service_a.pk).last_verified_at is None


def test_on_a_page_answering_a_get_the_switch_is_the_plain_one(as_admin_a, service_a):
    html = as_admin_a.get(reverse("directory_staff:service", kwargs={"service_id": service_a.pk})).content.decode()
    action, hidden, language_field = _switch(html)
    assert action == reverse("accounts:language") and language_field == "language"
    assert set(hidden) == {"next"}


def test_passwords_are_never_written_into_the_switch(as_admin_a):
    html = as_admin_a.post(reverse("accounts:password_change"), {
        "old_password": "wrong-password-typed", "new_password1": "new-secret-1", "new_password2": "other"}).content.decode()
    _action, hidden, _field = _switch(html)
    assert hidden == {}
    assert "wrong-password-typed" not in html and "new-secret-1" not in html
