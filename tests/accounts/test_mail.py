"""Staff mail is plain text: nothing in it is HTML-escaped, in any language (issue 9.5)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from harbour.accounts import services
from harbour.accounts.models import Membership, User
from tests.conftest import make_persona

ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
AWKWARD = "Women's & Girls' \"Centre\" <North>"
# Invitations are in the staff languages (issue 18): the invitee works on the staff pages.
LANGUAGES = list(settings.STAFF_LANGUAGES)


def assert_plain(message):
    for part in (message.subject, message.body):
        assert not ENTITY.search(part), part


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_names_the_organisation_as_written(admin_a, language):
    organisation = admin_a.organisation
    organisation.name = AWKWARD
    organisation.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.invitation_create(acting_user=admin_a.user, organisation=organisation,
                                   email="new@a.example.org", role=Membership.Role.VIEWER,
                                   language=language, accept_url_for=lambda t: f"https://x.example/i/{t}?a=1&b=2")
    (message,) = mail.outbox
    assert_plain(message)
    assert AWKWARD in message.body
    assert "?a=1&b=2" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_reset_mail_is_plain_text(client, caseworker_a, language):
    User.objects.filter(pk=caseworker_a.user.pk).update(language=language)
    client.post(reverse("accounts:password_reset"), {"email": caseworker_a.user.email})
    (message,) = mail.outbox
    assert_plain(message)


def test_every_plain_text_mail_template_turns_escaping_off():
    """The kind: any `mail/*.txt` template in any app renders without HTML escaping."""
    missing = [str(p) for p in Path("harbour").glob("*/templates/**/mail/*.txt")
               if "{% autoescape off %}" not in p.read_text()]
    assert missing == []


@pytest.mark.django_db
def test_the_suite_wide_guard_catches_an_escaped_mail(org_a):
    from tests.conftest import escaped_mail

    persona = make_persona(email="x@a.example.org", organisation=org_a, role="viewer")
    mail.send_mail("Hi", "Northside Women&#x27;s Centre", None, [persona.user.email])
    assert escaped_mail() == ["Northside Women&#x27;s Centre"]
    mail.outbox.clear()
