"""Referral personas: organisation A is the community group that refers (its community
worker holds no key), B the specialist provider that receives, C an outsider to both."""

import datetime

import pytest
from django.utils import timezone

from harbour.accounts import services as account_services
from harbour.accounts.models import Membership
from harbour.firewall import services as firewall_services
from harbour.firewall.gate_referral import ConsentTerms
from harbour.referrals import services
from tests.conftest import make_persona
from tests.firewall.helpers import set_up_keys

CANARY_NAME = "Canary-Name-7f3a9"
CANARY_WORDS = "canary-words-b41c0 he took my passport"
CANARY_PHONE = "07700 955 123"


@pytest.fixture
def community_a(org_a):
    return make_persona(email="community@a.example.org", organisation=org_a, role=Membership.Role.COMMUNITY_WORKER)


@pytest.fixture
def admin_b(org_b):
    return make_persona(email="admin@b.example.org", organisation=org_b, role=Membership.Role.ADMIN)


@pytest.fixture
def caseworker_b(org_b):
    return make_persona(email="caseworker@b.example.org", organisation=org_b, role=Membership.Role.CASEWORKER)


@pytest.fixture
def org_c(db):
    return account_services.organisation_create(acting_user=None, name="Organisation C", country="GB")


@pytest.fixture
def outsider_c(org_c):
    return make_persona(email="admin@c.example.org", organisation=org_c, role=Membership.Role.ADMIN)


@pytest.fixture
def keys_a(admin_a, caseworker_a):
    return set_up_keys(admin_a, caseworker_a)[0]


@pytest.fixture
def keys_b(admin_b, caseworker_b):
    return set_up_keys(admin_b, caseworker_b)[0]


@pytest.fixture
def recipient_b(keys_a, keys_b, admin_a, org_b):
    """B, registered by A as a specialist-support recipient on Harbour."""
    return firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                name="Organisation B", category="specialist_support", partner=org_b)


@pytest.fixture
def partnership(recipient_b, admin_a, admin_b, community_a, caseworker_b):
    return services.partnership_create(
        acting_user=admin_a.user, referring_organisation=admin_a.organisation,
        receiving_organisation=admin_b.organisation, needs=["safety", "housing", "legal", "immigration_advice"],
        data_categories=["identity", "contact", "needs", "narrative"], referring_contact=community_a.user,
        receiving_contact=caseworker_b.user, checklist={"leads_named": True, "review_on": datetime.date(2027, 6, 1)})


def terms(**changes) -> ConsentTerms:
    values = {"categories": ("identity", "contact", "needs", "narrative"), "purpose": "support",
              "expires_on": timezone.localdate() + datetime.timedelta(days=30), "method": "in_person",
              "language": "ar", "interpreter": ""}
    values.update(changes)
    return ConsentTerms(**values)


def intake(persona, partnership=None, **changes):
    values = {"acting_user": persona.user, "referring_organisation": persona.organisation, "needs": ["safety"],
              "terms": terms(), "name": CANARY_NAME, "message": CANARY_WORDS, "contact_channel": "phone",
              "contact_value": CANARY_PHONE, "safe_times": "mornings", "partnership": partnership}
    values.update(changes)
    return services.referral_intake(**values)


@pytest.fixture
def sent_referral(partnership, community_a):
    return intake(community_a, partnership)[0]
