"""Fixtures shared by the firewall and help tests (imported by both conftest files)."""

import pytest

from harbour.accounts.models import Membership
from harbour.firewall import services as firewall_services
from tests.conftest import make_persona
from tests.firewall.helpers import set_up_keys


@pytest.fixture
def admin_b(org_b):
    return make_persona(email="admin@b.example.org", organisation=org_b, role=Membership.Role.ADMIN)


@pytest.fixture
def sealed_a(admin_a, caseworker_a):
    """Organisation A's key is set up and held by its admin and caseworker."""
    return set_up_keys(admin_a, caseworker_a)


@pytest.fixture
def sealed_b(admin_b, outsider):
    return set_up_keys(admin_b, outsider)


@pytest.fixture
def partner_b(sealed_a, sealed_b, admin_a, org_b):
    """Organisation B, registered by A as a specialist-support recipient on Harbour."""
    return firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                name="Organisation B", category="specialist_support",
                                                partner=org_b)
