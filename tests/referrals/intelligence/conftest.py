"""Personas for the intelligence-only report: organisation A's admin and caseworker (its
key set up and held by both), A's police recipient, and B's caseworker as the outsider."""

import pytest
from django.utils import timezone

from harbour.firewall import services as firewall_services
from harbour.referrals import services_intelligence as services
from tests.firewall.fixtures import admin_b, partner_b, sealed_a, sealed_b  # noqa: F401


@pytest.fixture
def key_a(sealed_a):  # noqa: F811
    """Organisation A's private key."""
    return sealed_a[0]


@pytest.fixture
def police_a(sealed_a, admin_a):  # noqa: F811
    return firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                name="Northshire Police PPU", category="police",
                                                email="ppu@police.example.org")


def report_data(**changes) -> dict:
    today = timezone.localdate()
    data = {"abuse_kinds": ["physical", "stalking"], "incident_year": today.year, "incident_month": today.month,
            "police_area": "Northshire", "ongoing": "yes", "weapons": "no", "strangulation": "unknown",
            "injuries": "yes", "children_present": "no", "relationship": "ex_partner", "perpetrator_count": 1,
            "incident": "He followed her from the bus stop.", "perpetrator": "Tall man, red van, plate AB12 CDE.",
            "place": "Market square"}
    data.update(changes)
    return data


@pytest.fixture
def report_a(sealed_a, caseworker_a):  # noqa: F811
    return services.intelligence_report_create(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                               data=report_data())
