"""Bookings without names: capacity, the waiting list, codes, cancellation, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from harbour.training import services
from harbour.training.models import Booking, Session
from tests.training.conftest import book

pytestmark = pytest.mark.django_db


def test_booking_at_capacity_goes_to_the_waiting_list(session):
    for _ in range(3):
        booking, _code = book(session)
        assert booking.status == Booking.Status.CONFIRMED
    late, _code = book(session)
    assert late.status == Booking.Status.WAITING
    session.refresh_from_db()
    assert (session.places_taken, session.seats_issued) == (3, 4)


def test_a_booking_for_more_places_than_are_left_waits(session):
    book(session, places=2)
    booking, _code = book(session, places=2)
    assert booking.status == Booking.Status.WAITING
    session.refresh_from_db()
    assert session.places_taken == 2


def test_cancellation_frees_the_place_and_offers_it_to_the_first_waiting(session):
    first, first_code = book(session)
    book(session)
    book(session)
    waiting_first, _ = book(session)
    waiting_second, _ = book(session)
    services.booking_cancel(booking=services.booking_for_code(first_code))
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert waiting_first.status == Booking.Status.OFFERED
    assert waiting_first.offer_expires_at > timezone.now() + timedelta(hours=47)
    assert waiting_second.status == Booking.Status.WAITING
    session.refresh_from_db()
    assert session.places_taken == 3


def test_an_offer_taken_in_time_becomes_a_place(session):
    first, first_code = book(session)
    book(session)
    book(session)
    _waiting, waiting_code = book(session)
    services.booking_cancel(booking=first)
    offered = services.booking_for_code(waiting_code)
    assert services.booking_accept_offer(booking=offered).status == Booking.Status.CONFIRMED


def test_an_offer_not_taken_in_time_passes_to_the_next(session):
    first, _ = book(session)
    book(session)
    book(session)
    waiting_first, code_first = book(session)
    waiting_second, _ = book(session)
    services.booking_cancel(booking=first)
    later = timezone.now() + timedelta(hours=49)
    with pytest.raises(ValidationError):
        services.booking_accept_offer(booking=waiting_first, now=later)
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == Booking.Status.EXPIRED
    assert waiting_second.status == Booking.Status.OFFERED
    session.refresh_from_db()
    assert session.places_taken == 3


def test_the_code_finds_the_booking_and_a_wrong_code_finds_nothing(session):
    booking, code = book(session)
    assert services.booking_for_code(code) == booking
    assert services.booking_for_code(code.upper().replace(" ", "  ")) == booking
    assert services.booking_for_code("abandon ability able about above absent") is None


def test_a_booking_after_the_deadline_is_refused_and_nothing_is_saved(session):
    with pytest.raises(ValidationError):
        book(session, now=session.booking_deadline + timedelta(minutes=1))
    assert Booking.objects.count() == 0
    session.refresh_from_db()
    assert (session.places_taken, session.seats_issued) == (0, 0)


@pytest.mark.parametrize("fields", [{"places": 0}, {"places": 10_000}, {"children": -1}, {"children": 11},
                                    {"wants_reminder": True, "contact": ""}])
def test_absurd_counts_are_refused_and_nothing_is_saved(session, fields):
    with pytest.raises(ValidationError):
        book(session, **fields)
    assert Booking.objects.count() == 0
    assert Session.objects.get(pk=session.pk).places_taken == 0


def test_the_same_form_post_twice_makes_one_booking(session):
    book(session, form_once="token-1")
    with pytest.raises(services.DuplicatePost):
        book(session, form_once="token-1")
    assert Booking.objects.count() == 1
    assert Session.objects.get(pk=session.pk).places_taken == 1


def test_her_name_and_contact_are_sealed_not_stored_plainly(session):
    booking, _code = book(session, name="Amina", contact="amina@example.net", wants_reminder=True)
    raw = bytes(Booking.objects.get(pk=booking.pk).sealed_content)
    assert b"Amina" not in raw and b"amina@example.net" not in raw
    assert raw


def test_the_database_refuses_an_overbooking_whatever_the_code_does(session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(places_taken=session.capacity + 1)
