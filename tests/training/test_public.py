"""The public workshop pages: listing and filters, booking by form, her booking by code,
uniform wrong-code answers, cancellation, bad input, the page budget in every language."""

import gzip
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from harbour.training import codes, services
from harbour.training.models import Booking, QuestionnaireAnswer, Session
from harbour.training.selectors import LISTING_LIMIT
from tests.training.conftest import book, make_session
from tests.web.pages import LANGUAGES
from tests.web.test_shell import BUDGET, NEUTRAL_FORBIDDEN, parse, static_bytes

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def form_data(client, session, **extra):
    page = client.get(url("training:session", session.public_id)).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    return {"places": "1", "children": "0", "once": once, **extra}


def code_on(page: bytes) -> str:
    return re.search(r"<strong>([^<]+)</strong>", page.decode()).group(1)


def test_the_listing_shows_future_sessions_and_filters_by_language_and_place(session, admin_a, course):
    """The filter travels by POST: her language and place never reach an address."""
    other = make_session(admin=admin_a, course=course, languages=["fa"], place="York", venue="York Library")
    client = Client()
    page = client.get(url("training:list")).content.decode()
    assert str(session.public_id) in page and str(other.public_id) in page
    page = client.post(url("training:list"), {"language": "fa"}).content.decode()
    assert str(other.public_id) in page and str(session.public_id) not in page
    page = client.post(url("training:list"), {"place": "Leeds"}).content.decode()
    assert str(session.public_id) in page and str(other.public_id) not in page


def test_unpublished_and_past_sessions_are_not_listed(admin_a, course, sealed_a):
    hidden = make_session(admin=admin_a, course=course, is_published=False)
    page = Client().get(url("training:list")).content.decode()
    assert str(hidden.public_id) not in page
    assert Client().get(url("training:session", hidden.public_id)).status_code == 404


def test_book_then_open_with_the_code_then_cancel(session):
    client = Client()
    response = client.post(url("training:session", session.public_id), form_data(client, session, name="Amina"))
    assert response.status_code == 200
    code = code_on(response.content)
    assert codes.looks_like_a_code(code)
    found = client.post(url("training:booking"), {"code": code})
    assert found.status_code == 200 and b"Central Library" in found.content
    client.post(url("training:booking"), {"code": code, "action": "confirm_cancel"})
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert Session.objects.get(pk=session.pk).places_taken == 0


def test_a_wrong_code_and_a_malformed_code_get_the_same_answer(session):
    book(session)
    client = Client()
    # Both well formed (nine words of the list, eight digit groups), neither hers.
    wrong = client.post(url("training:booking"), {"code": "abandon ability able about above absent absorb abstract absurd"})
    other_wrong = client.post(url("training:booking"), {"code": " ".join(["1234"] * 8), "action": "cancel"})
    assert wrong.status_code == other_wrong.status_code == 200
    assert wrong.content == other_wrong.content
    assert b"abandon" not in wrong.content
    malformed = client.post(url("training:booking"), {"code": "12"})
    assert malformed.status_code == 400
    assert b"This is not a booking code" in malformed.content
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


@pytest.mark.parametrize("fields,message", [
    ({"children": "-1"}, b"cannot be below 0"),
    ({"places": "10000"}, b"at most 6 places"),
    ({"wants_reminder": "on", "contact": ""}, b"Give an e-mail address"),
])
def test_bad_input_returns_the_form_filled_in_and_saves_nothing(session, fields, message):
    client = Client()
    data = form_data(client, session, name="Leila Typed", **fields)
    response = client.post(url("training:session", session.public_id), data)
    assert response.status_code == 400
    assert message in response.content
    assert b'value="Leila Typed"' in response.content
    assert Booking.objects.count() == 0


def test_a_booking_after_the_deadline_is_refused_with_a_message(session, settings):
    client = Client()
    data = form_data(client, session, name="Leila Typed")
    Session.objects.filter(pk=session.pk).update(booking_deadline=session.booking_deadline - timedelta(days=30))
    response = client.post(url("training:session", session.public_id), data)
    assert response.status_code == 400
    assert b"have closed" in response.content
    assert Booking.objects.count() == 0


def test_the_same_form_posted_twice_makes_one_booking(session):
    client = Client()
    data = form_data(client, session)
    assert client.post(url("training:session", session.public_id), data).status_code == 200
    second = client.post(url("training:session", session.public_id), data)
    assert second.status_code == 409
    assert Booking.objects.count() == 1


def test_a_full_session_puts_her_on_the_waiting_list(session):
    for _ in range(3):
        book(session)
    client = Client()
    response = client.post(url("training:session", session.public_id), form_data(client, session))
    assert b"waiting list" in response.content
    assert Booking.objects.filter(status=Booking.Status.WAITING).count() == 1
    # On the waiting list she holds no seat: none is promised to her.
    assert b"seat number" not in response.content


def test_the_online_link_is_shown_only_with_a_booking(admin_a, course, sealed_a):
    online = make_session(admin=admin_a, course=course, is_online=True, online_link="https://meet.example.org/room-7",
                          venue="")
    client = Client()
    assert b"room-7" not in client.get(url("training:session", online.public_id)).content
    assert b"room-7" not in client.get(url("training:list")).content
    assert b"room-7" not in client.get(url("training:calendar")).content
    _booking, code = book(online)
    assert b"room-7" in client.post(url("training:booking"), {"code": code}).content


def test_pre_and_post_answers_are_linked_by_a_token_from_the_code_only(session):
    _booking, code = book(session, name="Amina")
    client = Client()
    page = client.post(url("training:booking"), {"code": code, "action": "questions"})
    assert page.status_code == 200
    first = session.course.questions[0]["id"]
    client.post(url("training:booking"), {"code": code, "action": "answers", f"q_{first}": "true",
                                          "c_what_to_do": "2"})
    answer = QuestionnaireAnswer.objects.get()
    assert answer.phase == "pre" and answer.token == codes.survey_token(code)
    assert answer.knowledge == {first: "true"} and answer.confidence == {"what_to_do": 2}
    # No column of any questionnaire row can lead to a booking, a name or a contact.
    fields = {f.name for f in QuestionnaireAnswer._meta.get_fields()}
    assert fields == {"id", "session", "phase", "token", "knowledge", "confidence", "rating", "wants_more",
                      "answered_on"}
    assert not Booking.objects.filter(code_bucket=answer.token).exists()
    assert not Booking.objects.filter(code_digest__contains=answer.token).exists()


def test_a_certificate_is_made_under_the_name_she_types_and_the_name_is_not_kept(session, admin_a):
    booking, code = book(session)
    client = Client()
    refused = client.post(url("training:booking"), {"code": code, "action": "certificate",
                                                    "certificate_name": "Nadia K"})
    assert refused.status_code == 400
    services.attendance_mark(acting_user=admin_a.user, session=session, marks={booking.seat: "present"}, walk_ins=0)
    response = client.post(url("training:booking"), {"code": code, "action": "certificate",
                                                     "certificate_name": "Nadia K"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from tests.training.dump import database_text

    assert "Nadia K" not in database_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_listing_session_and_booking_pages_fit_the_budget_in_every_language(session, language):
    from harbour.training.models import Course

    Course.objects.filter(pk=session.course_id).update(outcomes="\n".join(["A learning outcome of typical length"] * 5))
    for _ in range(LISTING_LIMIT):  # a full first page of the listing
        make_session(admin=type("A", (), {"user": session.course.organisation.memberships.get(role="admin").user}),
                     course=session.course)
    client = Client()
    _booking, code = book(session)
    pages = [client.get(url("training:list", language=language)),
             client.get(url("training:session", session.public_id, language=language)),
             client.get(url("training:booking", language=language)),
             client.get(url("training:invite", language=language)),
             client.post(url("training:booking", language=language), {"code": code})]
    for response in pages:
        assert response.status_code == 200
        assets = parse(response.content.decode())
        total = response.content + b"".join(static_bytes(u) for u in assets.stylesheets + assets.scripts)
        size = len(gzip.compress(total, compresslevel=9))
        assert size <= BUDGET, (response.request["PATH_INFO"], size)
        assert not NEUTRAL_FORBIDDEN.search(assets.title)
        assert not [u for u in assets.urls if re.match(r"^(https?:)?//", u)]


def test_the_calendar_feed_has_neutral_titles_and_no_course_title(session):
    body = Client().get(url("training:calendar")).content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Workshop" in body
    assert "Know your rights" not in body
    assert f"UID:{session.public_id}@" in body


@pytest.mark.django_db
def test_a_sessions_languages_are_named_never_shown_as_bare_codes(session):
    session.languages = ["en", "ur", "ti", "prs"]

    names = session.language_names()

    assert not set(names) & {"ur", "ti", "prs"}
    assert any("اردو" in name for name in names)


def test_a_course_title_in_another_language_than_the_page_says_so(session, client, course):
    """Issue 8, item 13: the title and outcomes are shown as the organisation wrote them,
    marked with their language, with a notice in the page's language."""
    booking, code = book(session)
    pages = {"list": client.get(url("training:list", language="ar")).content.decode(),
             "session": client.get(url("training:session", session.public_id, language="ar")).content.decode(),
             "booking": client.post(url("training:booking", language="ar"), {"code": code}).content.decode()}
    for name, page in pages.items():
        assert page.count("data-content-as-written") == 1, name
        assert re.search(r'lang="en" dir="auto">Know your rights</', page), name
    assert '<ul lang="en" dir="auto"><li>What the police must do</li>' in pages["session"]
    english = client.get(url("training:session", session.public_id)).content.decode()
    assert "data-content-as-written" not in english


def test_a_course_written_in_arabic_carries_no_notice_on_arabic_pages(admin_a, sealed_a, client):
    course = services.course_create(acting_user=admin_a.user, organisation=admin_a.organisation, title="اعرفي حقوقك",
                                    audience="women", length_minutes=180, rights_entries=["eu-2012-29-art-4"],
                                    language="ar")
    session = make_session(admin=admin_a, course=course)
    assert "data-content-as-written" not in client.get(url("training:session", session.public_id,
                                                           language="ar")).content.decode()
    assert client.get(url("training:session", session.public_id)).content.decode().count("data-content-as-written") == 1


def test_a_course_in_an_unknown_language_is_refused(admin_a):
    from django.core.exceptions import ValidationError

    from harbour.training.models import Course

    with pytest.raises(ValidationError) as raised:
        services.course_create(acting_user=admin_a.user, organisation=admin_a.organisation, title="Rights",
                               audience="women", length_minutes=180, rights_entries=[], language="xx")
    assert "language" in raised.value.message_dict
    assert not Course.objects.exists()
