"""Fixtures for impact: hand-made rows (plain fields only; sealed content is a placeholder the
metrics never read) in a fixed, complete period, 2025-Q1."""

import datetime
import uuid

import pytest
from django.utils import timezone

from harbour.accounts.models import Membership
from harbour.cases.models import Case, Closure, MaracReferral, Outcome, RiskAssessment
from harbour.help.models import HelpRequest
from harbour.impact.disclosure import Period
from harbour.training.models import (
    Booking,
    Course,
    PathwayStep,
    QuestionnaireAnswer,
    Session,
    TrainerProfile,
)
from tests.conftest import make_persona, verified_client
from tests.firewall.fixtures import sealed_a  # noqa: F401

Q1 = Period(2025, "quarter", 1)
JAN, FEB, MAR = datetime.date(2025, 1, 15), datetime.date(2025, 2, 10), datetime.date(2025, 3, 20)


@pytest.fixture
def viewer_a(org_a):
    return make_persona(email="viewer@a.example.org", organisation=org_a, role=Membership.Role.VIEWER)


@pytest.fixture
def as_viewer_a(viewer_a):
    return verified_client(viewer_a)


def help_request(org, day, needs, language="en"):
    request = HelpRequest.objects.create(organisation=org, needs=needs, language=language,
                                         sealed_content=b"x", sealed_key=b"x")
    HelpRequest.objects.filter(pk=request.pk).update(created_at=day)
    return request


_case_numbers = iter(range(1, 10_000))


def case(org, opened_on, **fields):
    """A case row; with `closed_on`, closed (status and the Closure that case_transition writes)."""
    number = next(_case_numbers)
    if fields.get("closed_on"):
        fields.setdefault("status", "closed")
    row = Case.objects.create(organisation=org, reference=f"T-{number}", subject_ref=uuid.uuid4(), source="direct",
                              opened_on=opened_on, sealed_content=b"x", sealed_key=b"x", **fields)
    if row.closed_on:
        Closure.objects.create(organisation=org, case=row, closed_on=row.closed_on, close_reason=row.close_reason)
    return row


def assess(case_row, level, day):
    return RiskAssessment.objects.create(case=case_row, instrument="dash", instrument_version="2009", score=1,
                                         level=level, marac=level == "high", assessed_on=day, form_token=uuid.uuid4(),
                                         sealed_content=b"x", sealed_key=b"x")


def marac(case_row, day, status="sent"):
    return MaracReferral.objects.create(case=case_row, status=status, sent_on=day, sealed_content=b"x",
                                        sealed_key=b"x")


def outcome(org, case_row, stage, at, **fields):
    closure = Closure.objects.filter(case=case_row).first() if case_row is not None else None
    row = Outcome.objects.create(organisation=org, case=case_row, closure=closure, stage=stage, year=at.year, **fields)
    Outcome.objects.filter(pk=row.pk).update(created_at=timezone.make_aware(
        datetime.datetime.combine(at, datetime.time(12))))
    return row


def course(org, audience="women", questions=None):
    return Course.objects.create(organisation=org, title=f"Course {audience}", audience=audience,
                                 questions=questions or [])


def session(course_row, day, *, cancelled=False, walk_ins=0, languages=("en",)):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return Session.objects.create(course=course_row, starts_at=starts, booking_deadline=starts, capacity=100,
                                  is_cancelled=cancelled, walk_ins=walk_ins, languages=list(languages))


_seats = iter(range(1, 100_000))


def booking(session_row, attendance, places=1, language="en"):
    return Booking.objects.create(session=session_row, status="confirmed", seat=next(_seats), places=places,
                                  attendance=attendance, language=language)


def answers(session_row, token, phase, knowledge=None, confidence=None, rating=None):
    return QuestionnaireAnswer.objects.create(session=session_row, phase=phase, token=token,
                                              knowledge=knowledge or {}, confidence=confidence or {}, rating=rating)


def pathway(org, user, step, day):
    profile, _created = TrainerProfile.objects.get_or_create(organisation=org, user=user)
    return PathwayStep.objects.create(profile=profile, step=step, on=day)


@pytest.fixture
def pdf_drawn_text(monkeypatch):
    """Every text fpdf2 is asked to draw while the test runs, in order, as one string per call
    (the PDF's own streams hold glyph numbers of the embedded font, not the text)."""
    from fpdf import FPDF

    drawn: list[str] = []
    for name in ("cell", "multi_cell"):
        original = getattr(FPDF, name)

        def recording(self, *args, _original=original, **kwargs):
            text = kwargs["text"] if "text" in kwargs else (args[2] if len(args) > 2 else "")
            drawn.append(str(text))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(FPDF, name, recording)
    return drawn
