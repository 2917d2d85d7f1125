"""Personas shared by the whole suite.

Organisation A has an admin and a caseworker; organisation B's caseworker is the outsider
who must never see or change anything of A.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harbour.accounts import services
from harbour.accounts.models import Membership, Organisation, User

# F2: every test fails if Harbour's code sends anything outside the gate.
pytest_plugins = ["tests.firewall.egress_guard"]

PASSWORD = "correct horse battery staple"  # noqa: S105


@dataclass
class Persona:
    user: User
    organisation: Organisation
    device: TOTPDevice
    backup_codes: list[str]
    password: str = PASSWORD


def make_persona(*, email: str, organisation: Organisation, role: str, language: str = "en") -> Persona:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0], language=language)
    services.membership_add(acting_user=None, organisation=organisation, user=user, role=role)
    device = services.totp_device_start(acting_user=user)
    device.confirmed = True
    device.save()
    codes = services.backup_codes_regenerate(acting_user=user)
    _forget_setup_mail()
    return Persona(user=user, organisation=organisation, device=device, backup_codes=codes)


def _forget_setup_mail() -> None:
    """Making a persona sends security notices (in tests that commit); they are set-up, not
    what a test is about, so they leave the outbox (after the entity check)."""
    from django.core import mail

    assert escaped_mail() == [], "a plain-text mail contains HTML entities"
    if hasattr(mail, "outbox"):
        mail.outbox.clear()


@pytest.fixture
def org_a(db) -> Organisation:
    return services.organisation_create(acting_user=None, name="Organisation A", country="GB",
                                        languages=["en", "ar"], accepts_help_requests=True)


@pytest.fixture
def org_b(db) -> Organisation:
    return services.organisation_create(acting_user=None, name="Organisation B", country="ES",
                                        languages=["es"], accepts_help_requests=True)


@pytest.fixture
def admin_a(org_a) -> Persona:
    return make_persona(email="admin@a.example.org", organisation=org_a, role=Membership.Role.ADMIN)


@pytest.fixture
def caseworker_a(org_a) -> Persona:
    return make_persona(email="caseworker@a.example.org", organisation=org_a, role=Membership.Role.CASEWORKER)


@pytest.fixture
def outsider(org_b) -> Persona:
    """A caseworker of organisation B."""
    return make_persona(email="caseworker@b.example.org", organisation=org_b, role=Membership.Role.CASEWORKER)


def verified_client(persona: Persona) -> Client:
    """A client logged in with both factors, as after the real login steps."""
    client = Client()
    client.force_login(persona.user, backend="harbour.accounts.backends.LockoutAwareBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persona.device.persistent_id
    session.save()
    return client


@pytest.fixture
def as_admin_a(admin_a) -> Client:
    return verified_client(admin_a)


@pytest.fixture
def as_caseworker_a(caseworker_a) -> Client:
    return verified_client(caseworker_a)


@pytest.fixture
def as_outsider(outsider) -> Client:
    return verified_client(outsider)


_ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")


def escaped_mail() -> list[str]:
    """Subjects and bodies of sent test mail that contain HTML entities (plain text must not)."""
    from django.core import mail

    return [part for message in getattr(mail, "outbox", []) for part in (message.subject, message.body)
            if _ENTITY.search(part)]


@pytest.fixture(autouse=True)
def _no_markup_in_mail():
    """Every mail any test sends is checked: plain-text mail shows no markup (issue 9.5)."""
    yield
    assert escaped_mail() == [], "a plain-text mail contains HTML entities"


@pytest.fixture(autouse=True)
def _default_language_for_each_test():
    """Each test starts in the site's default language: Django's LocaleMiddleware activates a
    request's language in the thread and leaves it there, so a test that asked for a Spanish
    page would otherwise make the next test's mail (sent outside any request) Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
