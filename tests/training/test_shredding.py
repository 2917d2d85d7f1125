"""Data shredding (issue 13 §9): after the set number of days, no name, contact, need or
code of a session's bookings survives in any table or in the raw database bytes; counts,
attendance and anonymous answers stay."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from harbour.training import codes, selectors, services
from harbour.training.models import Booking, QuestionnaireAnswer, Session
from tests.help.seizure import dump_every_table
from tests.training.conftest import book, make_session
from tests.training.test_public import form_data, url

pytestmark = pytest.mark.django_db

NAME = "CANARY-NAME-b00k"
CONTACT = "canary-contact-b00k@example.net"


def booked_through_the_page(session) -> str:
    client = Client()
    data = form_data(client, session, name=NAME, contact=CONTACT, wants_reminder="on", interpreter_language="fa",
                     children="2", travel="cash", access_needs=["hearing_loop"])
    response = client.post(url("training:session", session.public_id), data)
    assert response.status_code == 200
    import re

    return re.search(r"<strong>([^<]+)</strong>", response.content.decode()).group(1)


def age(session, days):
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=days),
                                                 booking_deadline=timezone.now() - timedelta(days=days + 1))


def test_shredding_leaves_no_name_contact_need_or_code_in_any_table_or_the_raw_bytes(session, admin_a, sealed_a):
    private_key, _recovery = sealed_a
    code = booked_through_the_page(session)
    booking = Booking.objects.get()
    sealed_before = bytes(booking.sealed_content)
    locator_before, once_before = booking.code_bucket, booking.form_once
    assert services.booking_open(acting_user=admin_a.user, booking=booking, private_key=private_key)["name"] == NAME
    services.attendance_mark(acting_user=admin_a.user, session=session, marks={booking.seat: "present"}, walk_ins=3)
    services.answers_record(session=session, phase="pre", token=codes.survey_token(code), knowledge={},
                            confidence={"what_to_do": 2})
    before = dump_every_table()
    assert NAME.encode() not in before and CONTACT.encode() not in before  # sealed from the start
    assert sealed_before in before  # the probe sees stored bytes

    age(session, 29)
    call_command("training_housekeeping")
    assert Booking.objects.get().code_bucket == locator_before  # not yet: 30 days is the default

    age(session, 31)
    call_command("training_housekeeping")
    booking = Booking.objects.get()
    assert (bytes(booking.sealed_content), bytes(booking.sealed_key)) == (b"", b"")
    assert (booking.code_bucket, booking.code_digest, booking.form_once) == ("", "", None)
    assert (booking.interpreter_language, booking.children, booking.travel, booking.access_needs,
            booking.wants_reminder) == ("", 0, "", [], False)
    after = dump_every_table()
    for secret in (NAME.encode(), CONTACT.encode(), sealed_before, locator_before.encode(), once_before.encode()):
        assert secret not in after
    assert services.booking_for_code(code) is None
    # Even the organisation's own key opens nothing now.
    assert services.booking_open(acting_user=admin_a.user, booking=booking, private_key=private_key) == {}
    # What the figures need stays.
    counts = selectors.session_counts(Session.objects.get(pk=session.pk))
    assert (counts.booked, counts.present, counts.walk_ins) == (1, 1, 3)
    assert QuestionnaireAnswer.objects.count() == 1
    assert Session.objects.get(pk=session.pk).shredded_on == timezone.localdate()


def test_the_shredding_period_is_a_setting(session, settings):
    settings.HARBOUR_TRAINING_SHRED_DAYS = 5
    book(session, interpreter_language="ar")
    age(session, 6)
    assert services.sessions_shred() == 1
    assert Booking.objects.get().interpreter_language == ""


def test_future_sessions_are_not_shredded(session, admin_a, course):
    make_session(admin=admin_a, course=course)
    book(session, interpreter_language="ar")
    assert services.sessions_shred() == 0
    assert Booking.objects.get().interpreter_language == "ar"
