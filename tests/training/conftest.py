"""Personas for peer training: organisation A trains (an admin holding its key, a peer
trainer); organisation B's caseworker is the outsider."""

from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.accounts.models import Membership
from harbour.training import services
from tests.conftest import make_persona, verified_client
from tests.firewall.fixtures import sealed_a  # noqa: F401

ENTRIES = ["eu-2012-29-art-4", "eu-2012-29-art-7"]


@pytest.fixture
def trainer_a(org_a):
    return make_persona(email="trainer@a.example.org", organisation=org_a, role=Membership.Role.TRAINER)


@pytest.fixture
def as_trainer_a(trainer_a):
    return verified_client(trainer_a)


@pytest.fixture
def course(admin_a):
    return services.course_create(acting_user=admin_a.user, organisation=admin_a.organisation,
                                  title="Know your rights", audience="women", length_minutes=180,
                                  outcomes="What the police must do\nWhere to find help", rights_entries=ENTRIES)


def make_session(*, admin, course, capacity=3, days=10, **extra):
    starts = timezone.now() + timedelta(days=days)
    fields = {"time_zone": "Europe/London", "booking_deadline": starts - timedelta(hours=12), "capacity": capacity,
              "languages": ["en", "ar"], "place": "Leeds", "venue": "Central Library, Calverley Street",
              **extra}
    return services.session_create(acting_user=admin.user, course=course, starts_at=starts, **fields)


@pytest.fixture
def session(admin_a, course, sealed_a):  # noqa: F811
    return make_session(admin=admin_a, course=course)


def book(session, **extra):
    fields = {"places": 1, "language": "en", **extra}
    return services.booking_create(session=session, **fields)
