"""Staff pages: trainers and admins of the training organisation; the outsider from
another organisation gets 404 on every page and changes nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from harbour.core.audit import audit_verify
from harbour.core.formats import her_date
from harbour.core.models import AuditEntry
from harbour.training import services
from harbour.training.models import (
    Booking,
    Course,
    Invitation,
    PathwayStep,
    Session,
    TrainerProfile,
)
from tests.firewall.helpers import login
from tests.training.conftest import ENTRIES, book

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(org_a):
    return services.invitation_create(organisation=org_a, course=None, asking_organisation="Library Friends",
                                      contact_email="office@library.example.org", preferred_dates="Any Monday",
                                      expected_people=12, languages=["ar"])


@pytest.fixture
def profile(admin_a, trainer_a):
    return services.trainer_profile_set(acting_user=trainer_a.user, organisation=admin_a.organisation,
                                        trainer=trainer_a.user, public_name="Hana")


def staff_urls(session, course, invitation, profile):
    org = course.organisation.public_id
    return {
        "get": [reverse("training_staff:organisation", args=[org]),
                reverse("training_staff:course_new", args=[org]),
                reverse("training_staff:course", args=[course.public_id]),
                reverse("training_staff:handout", args=[course.public_id, "ar"]),
                reverse("training_staff:session_new", args=[course.public_id]),
                reverse("training_staff:session", args=[session.public_id]),
                reverse("training_staff:sign_in_sheet", args=[session.public_id]),
                reverse("training_staff:invitation", args=[invitation.public_id]),
                reverse("training_staff:trainer", args=[profile.public_id])],
        "post": [(reverse("training_staff:register", args=[session.public_id]), {"walk_ins": "9", "seat_1": "present"}),
                 (reverse("training_staff:reminders", args=[session.public_id]), {}),
                 (reverse("training_staff:invitation", args=[invitation.public_id]), {"reason": "No"}),
                 (reverse("training_staff:trainer", args=[profile.public_id]), {"step": "1"}),
                 (reverse("training_staff:trainer_certificate", args=[profile.public_id]), {"certificate_name": "X"}),
                 (reverse("training_staff:public_name", args=[org]), {"public_name": "Intruder"}),
                 (reverse("training_staff:course_new", args=[org]), {"title": "X", "audience": "women",
                                                                    "length_minutes": "60",
                                                                    "rights_entries": ENTRIES})],
    }


def test_the_trainer_and_the_admin_see_every_staff_page(as_trainer_a, as_admin_a, session, course, invitation,
                                                        profile):
    book(session)
    for client in (as_trainer_a, as_admin_a):
        for page in staff_urls(session, course, invitation, profile)["get"]:
            assert client.get(page).status_code == 200, page


def test_the_outsider_gets_404_everywhere_and_changes_nothing(as_outsider, session, course, invitation, profile):
    book(session)
    urls = staff_urls(session, course, invitation, profile)
    audit_before = AuditEntry.objects.count()
    for page in urls["get"]:
        assert as_outsider.get(page).status_code == 404, page
    for page, data in urls["post"]:
        assert as_outsider.post(page, data).status_code == 404, page
    assert Session.objects.get(pk=session.pk).walk_ins == 0
    assert Booking.objects.get().attendance == ""
    assert Invitation.objects.get().status == Invitation.Status.REQUESTED
    assert PathwayStep.objects.count() == 0
    assert TrainerProfile.objects.get().public_name == "Hana"
    assert Course.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before
    assert mail.outbox == []


def test_a_caseworker_of_the_same_organisation_is_not_a_trainer(as_caseworker_a, session):
    assert as_caseworker_a.get(reverse("training_staff:session", args=[session.public_id])).status_code == 404


def test_the_staff_navigation_offers_workshops_to_trainers_and_admins_only(trainer_a, caseworker_a, monkeypatch):
    from harbour.accounts.access import memberships_of
    from harbour.core import navigation
    from harbour.core.navigation import links_for

    # accounts registers the real resolver; until it does, the same rule here.
    monkeypatch.setattr(navigation, "_role_resolver",
                        lambda user: memberships_of(user).values_list("role", flat=True))
    assert "training" in [link.key for link, _url in links_for(trainer_a.user)]
    assert "training" not in [link.key for link, _url in links_for(caseworker_a.user)]


def test_the_register_on_a_phone_marks_seats_and_walk_ins(as_trainer_a, session):
    first, _ = book(session)
    second, _ = book(session)
    response = as_trainer_a.post(reverse("training_staff:register", args=[session.public_id]),
                                 {f"seat_{first.seat}": "present", f"seat_{second.seat}": "left_early",
                                  "walk_ins": "4"})
    assert response.status_code == 302
    assert [b.attendance for b in Booking.objects.order_by("seat")] == ["present", "left_early"]
    assert Session.objects.get(pk=session.pk).walk_ins == 4


def test_a_bad_walk_in_count_changes_nothing(as_trainer_a, session):
    first, _ = book(session)
    response = as_trainer_a.post(reverse("training_staff:register", args=[session.public_id]),
                                 {f"seat_{first.seat}": "present", "walk_ins": "-3"})
    assert response.status_code == 400
    assert Booking.objects.get().attendance == ""


def test_names_on_the_register_need_the_organisations_key(admin_a, trainer_a, session, as_trainer_a):
    book(session, name="Rahel")
    assert b"Rahel" not in as_trainer_a.get(reverse("training_staff:session", args=[session.public_id])).content
    key_holder = login(admin_a)
    page = key_holder.get(reverse("training_staff:session", args=[session.public_id]))
    assert b"Rahel" in page.content
    assert AuditEntry.objects.filter(action="training.bookings.open").count() == 1
    sheet = key_holder.get(reverse("training_staff:sign_in_sheet", args=[session.public_id]))
    assert b"Rahel" in sheet.content


def test_reminders_go_only_to_those_who_asked_with_a_neutral_subject(admin_a, session, django_capture_on_commit_callbacks):
    book(session, name="A", contact="asked@example.net", wants_reminder=True)
    book(session, name="B", contact="")
    key_holder = login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        key_holder.post(reverse("training_staff:reminders", args=[session.public_id]))
    assert [m.to for m in mail.outbox] == [["asked@example.net"]]
    assert mail.outbox[0].subject == "Your appointment"
    for word in ("workshop", "rights", "training", "violence", "victim", session.course.title.lower()):
        assert word not in mail.outbox[0].subject.lower()
    assert "Central Library" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="firewall.deliver_to_her").count() == 1
    assert audit_verify().ok


def test_an_organisation_request_is_declined_with_a_reason_or_becomes_a_session(as_admin_a, course, invitation,
                                                                                   org_a):
    response = as_admin_a.post(reverse("training_staff:invitation", args=[invitation.public_id]), {"reason": ""})
    assert response.status_code == 400
    assert Invitation.objects.get().status == Invitation.Status.REQUESTED
    starts = timezone.localtime() + timedelta(days=20)
    response = as_admin_a.post(reverse("training_staff:session_new", args=[course.public_id]), {
        "invitation": str(invitation.public_id), "starts_at": starts.strftime("%Y-%m-%d 10:00"),
        "time_zone": "Europe/London", "booking_deadline": (starts - timedelta(days=1)).strftime("%Y-%m-%d 10:00"),
        "capacity": "12", "languages": "ar", "venue": "Their hall", "women_only": "on"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.session.capacity == 12


def test_a_session_form_with_bad_input_is_returned_filled_in(as_admin_a, course):
    response = as_admin_a.post(reverse("training_staff:session_new", args=[course.public_id]), {
        "starts_at": "2030-01-10 10:00", "time_zone": "Mars/Olympus", "booking_deadline": "2030-01-09 10:00",
        "capacity": "20", "languages": "ar", "venue": "Typed venue"})
    assert response.status_code == 400
    assert b"Europe/London" in response.content and b'value="Typed venue"' in response.content
    assert Session.objects.count() == 0


def test_the_pathway_is_signed_off_by_an_admin_never_by_herself(admin_a, trainer_a, profile, session, as_trainer_a,
                                                                as_admin_a):
    own = as_trainer_a.post(reverse("training_staff:trainer", args=[profile.public_id]), {"step": "1"})
    assert own.status_code == 400 and PathwayStep.objects.count() == 0
    for step in (1, 2, 3, 4):
        as_admin_a.post(reverse("training_staff:trainer", args=[profile.public_id]),
                        {"step": str(step), "session": str(session.public_id)})
    assert list(PathwayStep.objects.values_list("step", "signed_off_by")) == [(s, admin_a.user.pk) for s in (1, 2, 3, 4)]
    pdf = as_admin_a.post(reverse("training_staff:trainer_certificate", args=[profile.public_id]),
                          {"certificate_name": "Hana M"})
    assert pdf["Content-Type"] == "application/pdf"


def test_a_trainers_record_counts_sessions_delivered_and_people_reached(admin_a, trainer_a, course, profile):
    from harbour.training.selectors import trainer_record
    from tests.training.conftest import make_session

    past = make_session(admin=admin_a, course=course, trainers=[(trainer_a.user, "lead")])
    first, _ = book(past)
    services.attendance_mark(acting_user=admin_a.user, session=past, marks={first.seat: "present"}, walk_ins=5)
    Session.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=1))
    record = trainer_record(profile)
    assert (record.sessions_delivered, record.people_reached) == (1, 6)


def test_the_handout_says_which_texts_are_drafts_or_in_english(as_trainer_a, course):
    page = as_trainer_a.get(reverse("training_staff:handout", args=[course.public_id, "es"])).content.decode()
    assert "Draft translation" in page
    page = as_trainer_a.get(reverse("training_staff:handout", args=[course.public_id, "xx"])).content.decode()
    assert "shown in English" in page


def test_paper_questionnaires_are_printed_with_numbers_and_typed_in_by_number(as_trainer_a, as_outsider, session):
    from harbour.training.models import QuestionnaireAnswer

    sheet = as_trainer_a.get(reverse("training_staff:paper_forms", args=[session.public_id]))
    assert sheet.status_code == 200
    first = session.course.questions[0]["id"]
    page = reverse("training_staff:paper_answers", args=[session.public_id])
    data = {"token": "a1b2c3d4", "phase": "pre", f"q_{first}": "false", "c_where_to_look": "1"}
    assert as_outsider.post(page, data).status_code == 404
    assert as_outsider.get(reverse("training_staff:paper_forms", args=[session.public_id])).status_code == 404
    assert QuestionnaireAnswer.objects.count() == 0
    assert as_trainer_a.post(page, {**data, "token": "not a number"}).status_code == 400
    assert QuestionnaireAnswer.objects.count() == 0
    assert as_trainer_a.post(page, data).status_code == 302
    as_trainer_a.post(page, {**data, "phase": "post", f"q_{first}": "true", "rating": "4"})
    answers = {a.phase: a for a in QuestionnaireAnswer.objects.all()}
    assert answers["pre"].token == answers["post"].token == "paper:A1B2C3D4"
    assert answers["post"].rating == 4 and answers["post"].knowledge == {first: "true"}


def test_a_malformed_invitation_id_is_a_404_not_an_error(as_admin_a, course):
    page = reverse("training_staff:session_new", args=[course.public_id])
    assert as_admin_a.get(page, {"invitation": "not-a-uuid"}).status_code == 404


def test_a_reminder_is_in_the_language_she_booked_in_not_the_member_s(admin_a, session,
                                                                       django_capture_on_commit_callbacks):
    book(session, name="A", contact="ar@example.net", wants_reminder=True, language="ar")
    book(session, name="B", contact="pl@example.net", wants_reminder=True, language="pl")
    key_holder = login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        key_holder.post(reverse("training_staff:reminders", args=[session.public_id]),
                        HTTP_ACCEPT_LANGUAGE="en")
    sent = {m.to[0]: m for m in mail.outbox}
    with translation.override("ar"):
        arabic_subject = translation.gettext("Your appointment")
    assert arabic_subject != "Your appointment"
    assert sent["ar@example.net"].subject == arabic_subject
    start = session.local_start()
    assert her_date(start, "full", language="ar") in sent["ar@example.net"].body
    assert her_date(start, "full", language="pl") in sent["pl@example.net"].body
    assert "Central Library" in sent["pl@example.net"].body


def test_the_course_and_paper_forms_pages_name_languages_not_codes(as_trainer_a, course, session):
    """A walk-through: the handout and questionnaire languages were listed as codes ("es", "ar")."""
    page = as_trainer_a.get(reverse("training_staff:course", args=[course.public_id])).content.decode()
    links = re.findall(r'/handout/[a-z-]+/"><bdi>([^<]+)</bdi>', page)
    assert links and "español" not in links and all(len(name) > 3 for name in links), links
    sheet = as_trainer_a.get(reverse("training_staff:paper_forms", args=[session.public_id])).content.decode()
    names = re.findall(r'<a href="\?language=[^"]+">([^<]+)</a>', sheet)
    assert names and all(len(name) > 3 for name in names), names
    assert "Spanish" in names or "Arabic" in names, names
