"""Public workshop pages (/<lang>/workshops/): the listing, a session and its booking
form, her booking with its code, the questionnaires, her certificate, the invitation form
for organisations and the iCal feed.

Her code travels by POST only, never in a URL; wrong codes all get one answer. Limits
count requests per session or per minute, never per sender (F8). No JavaScript needed; HEAD answers as GET does, without a body.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core.audience import public
from harbour.core.formats import her_date
from harbour.core.languages import current_language
from harbour.core.numbers import her_number
from harbour.core.once import closed_after_exit, posted_once
from harbour.core.textguard import redisplays_form
from harbour.firewall.throttle import throttle_allow
from harbour.training import codes, questions, selectors, services
from harbour.training.certificates import certificate_pdf
from harbour.training.forms import (
    ACCESS_NEED_LABELS,
    BookingForm,
    CertificateForm,
    ChangeForm,
    CodeForm,
    FilterForm,
    InvitationForm,
    QuestionnaireForm,
)
from harbour.training.ical import sessions_ical
from harbour.training.models import Booking, QuestionnaireAnswer
from harbour.web.forms import typed_initial

ATTENDED = (Booking.Attendance.PRESENT, Booking.Attendance.LATE, Booking.Attendance.LEFT_EARLY)


@public
@csrf_exempt  # a read-only filter: refusing it for a missing cookie would only fail her
@require_http_methods(["GET", "HEAD", "POST"])
@closed_after_exit  # Back after Quick exit, JavaScript off: her choices are not shown again
def session_list(request):
    """Her language and place travel by POST, so they stay out of addresses and history (F8)."""
    places = selectors.public_places()
    form = FilterForm(request.POST or None, places=places)
    language = place = ""
    if form.is_valid():
        language, place = form.cleaned_data["language"], form.cleaned_data["place"]
    sessions = selectors.public_sessions(language=language, place=place)
    # The language switch submits the filter as it is on her screen, in the other language.
    return render(request, "training/list.html", {"form": form, "sessions": sessions,
                                                  "filtered": bool(language or place),
                                                  "language_form": "filter-form", "language_form_searches": True})


def _session_page(request, session, form, *, status=200, **extra):
    # The language switch submits the booking form as it is on her screen, marked as a switch
    # (base.html, `language_form`): the page comes back in the other language with what she
    # typed, booking nothing (it re-posted the last post, losing what was typed since, and
    # before any post it was a link that lost everything).
    extra["language_form"] = "booking-form"
    return render(request, "training/session.html", {
        "session": session, "form": form, "trainers": selectors.public_trainer_names(session),
        "closed": timezone.now() > session.booking_deadline or session.is_cancelled, **extra}, status=status)


@redisplays_form
@public
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request, public_id):
    session = selectors.public_session(public_id)
    if session is None:
        raise Http404
    if request.method != "POST":
        return _session_page(request, session, BookingForm())
    if request.POST.get("language_switch"):
        return _session_page(request, session, BookingForm(initial=typed_initial(request.POST, BookingForm)))
    form = BookingForm(request.POST)
    if not form.is_valid():
        return _session_page(request, session, form, status=400)
    language = current_language()
    if form.is_spam():
        # A robot filled the hidden field: answer as usual, keep nothing.
        return render(request, "training/booked.html", {"session": session, "code": codes.new_code(language),
                                                        "code_lang": language, "status": Booking.Status.CONFIRMED,
                                                        "code_shown_once": True})
    if not throttle_allow(scope=f"training.book:{session.public_id}",
                          limit=settings.HARBOUR_TRAINING_BOOKINGS_PER_SESSION_PER_HOUR, window_seconds=3600):
        return _session_page(request, session, form, status=429, busy=True)
    data = form.cleaned_data
    try:
        booking, code = services.booking_create(
            session=session, places=data["places"], name=data["name"], contact=data["contact"],
            wants_reminder=data["wants_reminder"], interpreter_language=data["interpreter_language"],
            children=data["children"], travel=data["travel"], access_needs=data["access_needs"],
            language=language, form_once=data["once"])
    except services.DuplicatePost:
        return _session_page(request, session, form, status=409, duplicate=True)
    except ValidationError as error:
        form.add_error(None, error)
        return _session_page(request, session, form, status=400)
    session.refresh_from_db(fields=["places_taken"])  # the places left after hers
    return render(request, "training/booked.html", {"session": session, "code": code, "code_lang": language,
                                                    "status": booking.status, "seat": booking.seat,
                                                    "code_shown_once": True})


def _wrong_code(request):
    # The same answer for every wrong code: its form keeps the visit's one-time token.
    form = CodeForm()
    form.initial["once"] = posted_once(request)  # "" when none came: then none goes out
    return render(request, "training/booking.html", {"form": form, "wrong": True})


def _her_booking(request, booking, code, *, notice="", status=200, **extra):
    session = booking.session
    return render(request, "training/booking_found.html", {
        "booking": booking, "session": session, "code": code, "notice": notice,
        "change_form": extra.pop("change_form", None) or ChangeForm(initial={
            "interpreter_language": booking.interpreter_language, "children": booking.children,
            "travel": booking.travel, "access_needs": booking.access_needs}),
        "needs": [ACCESS_NEED_LABELS[n] for n in booking.access_needs if n in ACCESS_NEED_LABELS],
        "started": timezone.now() >= session.starts_at,
        "attended": booking.attendance in ATTENDED,
        "certificate_form": extra.pop("certificate_form", None) or CertificateForm(), **extra}, status=status)


@public
@csrf_exempt  # Every action needs the code itself, which a forging site cannot know; a CSRF
# token would make wrong-code answers differ from one another.
@require_http_methods(["GET", "HEAD", "POST"])
@closed_after_exit  # Back after Quick exit, JavaScript off: her booking is not shown again
def booking(request):
    """Her booking, found by its code: see it, change her needs, cancel, take an offered
    place, answer the questionnaires, download her certificate."""
    if request.method != "POST":
        return render(request, "training/booking.html", {"form": CodeForm()})
    if not throttle_allow(scope="training.code", limit=settings.HARBOUR_TRAINING_CODE_CHECKS_PER_MINUTE,
                          window_seconds=60):
        return render(request, "training/booking.html", {"form": CodeForm(), "busy": True}, status=429)
    form = CodeForm(request.POST)
    if not form.is_valid():
        if "code" not in form.errors:
            return _wrong_code(request)
        return render(request, "training/booking.html", {"form": form}, status=400)
    code = form.cleaned_data["code"]
    found = services.booking_for_code(code)
    if found is None:
        return _wrong_code(request)
    action = form.cleaned_data.get("action") or "show"
    if action == "cancel":
        return _her_booking(request, found, code, notice="confirm_cancel")
    if action == "confirm_cancel":
        found = services.booking_cancel(booking=found)
        return _her_booking(request, found, code, notice="cancelled")
    if action == "accept":
        try:
            found = services.booking_accept_offer(booking=found)
        except ValidationError as error:
            found.refresh_from_db()
            return _her_booking(request, found, code, notice="offer_gone", error=error.messages[0])
        return _her_booking(request, found, code, notice="accepted")
    if action == "change":
        change = ChangeForm(request.POST)
        if not change.is_valid():
            return _her_booking(request, found, code, status=400, change_form=change)
        data = change.cleaned_data
        try:
            found = services.booking_change(booking=found, interpreter_language=data["interpreter_language"],
                                            children=data["children"] or 0, travel=data["travel"],
                                            access_needs=data["access_needs"])
        except ValidationError as error:
            change.add_error(None, error)
            return _her_booking(request, found, code, status=400, change_form=change)
        return _her_booking(request, found, code, notice="changed")
    if action in ("questions", "answers"):
        return _questionnaire(request, found, code, submitted=action == "answers")
    if action == "certificate":
        return _certificate(request, found, code)
    return _her_booking(request, found, code)


def _phase(booking) -> str:
    return QuestionnaireAnswer.Phase.POST if timezone.now() >= booking.session.starts_at else QuestionnaireAnswer.Phase.PRE


def _questionnaire(request, booking, code, *, submitted: bool):
    session = booking.session
    phase = _phase(booking)
    shown = questions.questionnaire_for(session.course.questions, current_language())
    form = QuestionnaireForm(request.POST if submitted else None, shown=shown, phase=phase)
    if submitted and form.is_valid():
        try:
            services.answers_record(session=session, phase=phase, token=codes.survey_token(code), **form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _her_booking(request, booking, code, notice="answered")
    return render(request, "training/questionnaire.html", {
        "booking": booking, "session": session, "code": code, "form": form, "phase": phase,
        "other_language": any(q.language != current_language() for q in shown),
        "draft": any(q.review != "reviewed" for q in shown)}, status=400 if submitted else 200)


def _certificate(request, booking, code):
    form = CertificateForm(request.POST)
    if booking.attendance not in ATTENDED or not form.is_valid():
        return _her_booking(request, booking, code, status=400, certificate_form=form,
                            notice="" if booking.attendance in ATTENDED else "no_certificate")
    session = booking.session
    start = session.local_start()
    pdf = certificate_pdf(
        heading=_("Certificate of attendance"), name=form.cleaned_data["certificate_name"],
        lines=[_("took part in the workshop “%(title)s”") % {"title": session.course.title},
               _("on %(day)s (%(hours)s hours)") % {"day": her_date(start),
                                                   "hours": her_number(round(session.course.length_minutes / 60, 1))}],
        issued_by=session.course.organisation.name, on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificate.pdf"'
    return response


@public
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request):
    """An organisation asks for a workshop for its users."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if form.data.get("website"):
                return render(request, "training/invited.html")
            if not throttle_allow(scope="training.invite", limit=30, window_seconds=3600):
                return render(request, "training/invite.html", {"form": form, "busy": True}, status=429)
            data = form.cleaned_data
            try:
                services.invitation_create(organisation=data["organisation"], course=None,
                                           asking_organisation=data["asking_organisation"],
                                           contact_email=data["contact_email"],
                                           preferred_dates=data["preferred_dates"],
                                           expected_people=data["expected_people"], languages=data["languages"],
                                           venue_offered=data["venue_offered"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, "training/invited.html")
        return render(request, "training/invite.html", {"form": form}, status=400)
    return render(request, "training/invite.html", {"form": form})


@public
@require_safe
def calendar_feed(request):
    body = sessions_ical(selectors.public_sessions(limit=500), domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="workshops.ics"'
    return response
