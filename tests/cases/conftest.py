"""Casework personas: organisation A's admin and caseworker, a second admin (the second
approver), a colleague left out of a restricted case, and B's caseworker as the outsider."""

import pytest

from harbour.accounts.models import Membership
from harbour.cases import services
from harbour.firewall import services as firewall_services
from tests.conftest import make_persona
from tests.firewall.fixtures import admin_b, partner_b, sealed_a, sealed_b  # noqa: F401
from tests.firewall.helpers import set_up_keys


@pytest.fixture
def second_admin_a(org_a):
    return make_persona(email="second-admin@a.example.org", organisation=org_a, role=Membership.Role.ADMIN)


@pytest.fixture
def colleague_a(org_a):
    """A caseworker of A who is not named on a restricted case (the insider)."""
    return make_persona(email="colleague@a.example.org", organisation=org_a, role=Membership.Role.CASEWORKER)


@pytest.fixture
def keyed_a(admin_a, caseworker_a, second_admin_a, colleague_a):
    """A's key, held by all four of its members. Returns A's private key."""
    private_key, _recovery = set_up_keys(admin_a, caseworker_a, second_admin_a, colleague_a)
    return private_key


@pytest.fixture
def a_case(keyed_a, caseworker_a):
    return services.case_open_direct(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                     name="Amal", summary="Phoned from a friend's phone.", language="ar")


@pytest.fixture
def police_a(keyed_a, admin_a):
    return firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                name="Local MARAC (police coordinator)", category="police",
                                                email="marac@police.example.org")


def contacted(case, user, *, channel="phone"):
    """Safe contact recorded on `channel`, first contact made."""
    case = services.case_set_contact(acting_user=user, case=case, safe_channels=[channel], do_not_contact=False,
                                     message_ok=False, value="07700 900123", safe_times="weekdays 10-12")
    services.contact_attempt_record(acting_user=user, case=case, channel=channel, outcome="reached")
    return services.case_transition(acting_user=user, case=case, to="first_contact")
