"""Writes for peer training: keyword-only, atomic, audited where a member acts.

A woman's own actions (booking, changing, cancelling, answering a questionnaire) are not
audited: an audit entry carries a precise time, and the booking keeps only what the
session needs (help/services.py says the same of help requests). Staff actions are.

No overbooking, on SQLite and PostgreSQL alike: every booking and every release starts
with one conditional UPDATE of the session row (`places_taken + n <= capacity`), which
takes the row's write lock, so concurrent bookers queue there and the database's check
constraint `session_not_overbooked` backs it up (bench/training_concurrency.py proves it
with 20 bookers for the last 5 places).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core import once as core_once
from harbour.core.audit import audit_append
from harbour.core.formats import her_date, her_datetime, her_time
from harbour.core.numbers import her_digits
from harbour.firewall import crypto, keys
from harbour.rights.catalogue import get_catalogue
from harbour.training import codes, questions
from harbour.training.models import (
    MAX_CHILDREN,
    MAX_PLACES_PER_BOOKING,
    Booking,
    Course,
    Invitation,
    PathwayStep,
    QuestionnaireAnswer,
    Session,
    SessionTrainer,
    TrainerProfile,
)

STAFF_ROLES = (Membership.Role.ADMIN, Membership.Role.TRAINER)
ACCESS_NEEDS = ("step_free", "hearing_loop", "sign_language", "large_print", "quiet_space", "seat_near_door")


# The same booking form was sent twice; the first one made the booking (harbour/core/once.py).
DuplicatePost = core_once.DuplicatePost


def offer_hours() -> int:
    return settings.HARBOUR_TRAINING_OFFER_HOURS


def _require_staff(user: User, organisation: Organisation) -> None:
    if not memberships_of(user).filter(organisation=organisation, role__in=STAFF_ROLES).exists():
        raise PermissionDenied


# Courses and sessions -------------------------------------------------------------------

def course_create(*, acting_user: User, organisation: Organisation, title: str, audience: str,
                  length_minutes: int, outcomes: str = "", rights_entries: list[str],
                  language: str = "") -> Course:
    """A course built on `rights_entries` (catalogue entry ids); its questions are generated
    from them (training/questions.py). `language` is the code of the language its title and
    outcomes are written in (one of rights.vocabulary.CONTENT_LANGUAGES; empty means
    settings.LANGUAGE_CODE). Raises ValidationError for an unknown entry id or language."""
    from harbour.rights.vocabulary import CONTENT_LANGUAGES

    _require_staff(acting_user, organisation)
    language = language or settings.LANGUAGE_CODE
    if language not in CONTENT_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the languages listed.")})
    catalogue = get_catalogue()
    unknown = [e for e in rights_entries if e not in catalogue.entries]
    if unknown:
        raise ValidationError({"rights_entries": _("These rights are not in the catalogue: %(ids)s.")
                               % {"ids": ", ".join(unknown)}})
    with transaction.atomic():
        course = Course(organisation=organisation, title=title.strip(), audience=audience, language=language,
                        length_minutes=length_minutes, outcomes=outcomes.strip(),
                        rights_entries=list(dict.fromkeys(rights_entries)),
                        questions=questions.generate_questions(list(dict.fromkeys(rights_entries)),
                                                               catalogue=catalogue))
        course.full_clean()
        course.save()
        audit_append(action="training.course.create", actor=acting_user, organisation=organisation, subject=course)
    return course


def session_create(*, acting_user: User, course: Course, starts_at, time_zone: str, booking_deadline,
                   capacity: int, languages: list[str], place: str = "", venue: str = "",
                   is_online: bool = False, online_link: str = "", women_only: bool = True,
                   interpreters_on_request: bool = True, childcare: bool = False, step_free: bool = False,
                   travel_refunded: bool = False, is_published: bool = True,
                   trainers: list[tuple[User, str]] = ()) -> Session:
    """A session of `course`. `trainers` is a list of (user, SessionTrainer.Role) pairs; each
    must be a trainer or admin of the course's organisation. Raises ValidationError."""
    organisation = course.organisation
    _require_staff(acting_user, organisation)
    if booking_deadline > starts_at:
        raise ValidationError({"booking_deadline": _("Bookings must close before the session starts.")})
    if is_online and not online_link:
        raise ValidationError({"online_link": _("Give the link for an online session.")})
    if not is_online and not venue.strip():
        raise ValidationError({"venue": _("Give a venue, or mark the session as online.")})
    with transaction.atomic():
        session = Session(course=course, starts_at=starts_at, time_zone=time_zone, booking_deadline=booking_deadline,
                          capacity=capacity, languages=sorted(set(languages)), place=place.strip(),
                          venue=venue.strip(), is_online=is_online, online_link=online_link, women_only=women_only,
                          interpreters_on_request=interpreters_on_request, childcare=childcare,
                          step_free=step_free, travel_refunded=travel_refunded, is_published=is_published)
        session.full_clean()
        session.save()
        for trainer, role in trainers:
            if not memberships_of(trainer).filter(organisation=organisation, role__in=STAFF_ROLES).exists():
                raise ValidationError({"trainers": _("Every trainer must be a trainer of this organisation.")})
            SessionTrainer.objects.create(session=session, trainer=trainer, role=role)
        audit_append(action="training.session.create", actor=acting_user, organisation=organisation,
                     subject=session)
    return session


# Bookings ---------------------------------------------------------------------------------

def booking_create(*, acting_user=None, session: Session, places: int = 1, name: str = "", contact: str = "",
                   wants_reminder: bool = False, interpreter_language: str = "", children: int = 0,
                   travel: str = "", access_needs: list[str] = (), language: str,
                   form_once: str = "", now=None) -> tuple[Booking, str]:
    """Book `places` places, or join the waiting list when too few are left.

    Returns the booking and its code (the only time the code exists in the clear). Raises
    ValidationError (a sentence for her) after the deadline, for a cancelled or unpublished
    session, for counts out of range, for a name or contact the organisation cannot seal;
    DuplicatePost when `form_once` was already used. Nothing is saved when it raises.
    """
    now = now or timezone.now()
    if not session.is_published or session.is_cancelled:
        raise ValidationError(_("This workshop is not taking bookings."))
    if now > session.booking_deadline:
        raise ValidationError(_("Bookings for this workshop have closed."))
    if not 1 <= places <= MAX_PLACES_PER_BOOKING:
        raise ValidationError({"places": _("Book between 1 and %(most)d places.") % {"most": MAX_PLACES_PER_BOOKING}})
    if not 0 <= children <= MAX_CHILDREN:
        raise ValidationError({"children": _("Give a number of children from 0 to %(most)d.") % {"most": MAX_CHILDREN}})
    if wants_reminder and not contact.strip():
        raise ValidationError({"contact": _("Give an e-mail address for the reminder, or untick the reminder.")})
    sealed_content, sealed_key = b"", b""
    if name.strip() or contact.strip():
        public_key = keys.public_key_of(session.course.organisation)
        if public_key is None:
            raise ValidationError(_("This organisation cannot keep names yet: leave the name and contact empty."))
        sealed_content, sealed_key = crypto.seal_record(public_key, {"name": name.strip(), "contact": contact.strip()})
    code = codes.new_code(language)
    code_bucket, code_digest = codes.code_buckets(code)[0], codes.code_digest(code)
    once = core_once.once_digest(form_once)
    try:
        with transaction.atomic():
            _expire_offers(session=session, now=now)
            taken = Session.objects.filter(pk=session.pk, places_taken__lte=F("capacity") - places).update(
                places_taken=F("places_taken") + places, seats_issued=F("seats_issued") + 1)
            if not taken:
                Session.objects.filter(pk=session.pk).update(seats_issued=F("seats_issued") + 1)
            seat = Session.objects.values_list("seats_issued", flat=True).get(pk=session.pk)
            booking = Booking(session=session, status=Booking.Status.CONFIRMED if taken else Booking.Status.WAITING,
                              seat=seat, places=places, sealed_content=sealed_content, sealed_key=sealed_key,
                              wants_reminder=wants_reminder, interpreter_language=interpreter_language,
                              children=children, travel=travel, access_needs=sorted(set(access_needs)),
                              language=language, code_bucket=code_bucket, code_digest=code_digest,
                              form_once=once)
            booking.full_clean(exclude=["form_once"])
            booking.save()
    except IntegrityError:
        if once and Booking.objects.filter(form_once=once).exists():
            raise DuplicatePost from None
        raise
    return booking, code


def booking_for_code(code: str) -> Booking | None:
    """The booking this code belongs to, or None; a wrong code costs as long as a right one."""
    booking = codes.code_find(Booking.objects.select_related("session", "session__course"), code)
    if booking is None:
        return None
    if booking.status == Booking.Status.OFFERED:
        _expire_offers(session=booking.session, now=timezone.now())
        booking.refresh_from_db()
    return booking


def booking_cancel(*, acting_user=None, booking: Booking, now=None) -> Booking:
    """Cancel; a held place goes to the first on the waiting list for whom it is enough."""
    with transaction.atomic():
        Session.objects.filter(pk=booking.session_id).update(seats_issued=F("seats_issued"))  # lock the row
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status in (Booking.Status.CANCELLED, Booking.Status.EXPIRED):
            return booking
        held = booking.holds_places
        booking.status = Booking.Status.CANCELLED
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "offer_expires_at", "updated_at"])
        if held:
            Session.objects.filter(pk=booking.session_id).update(places_taken=F("places_taken") - booking.places)
            _offer_freed_places(session_id=booking.session_id, now=now or timezone.now())
    return booking


def booking_accept_offer(*, acting_user=None, booking: Booking, now=None) -> Booking:
    """Take up an offered place before it expires. Raises ValidationError if it expired."""
    now = now or timezone.now()
    _expire_offers(session=booking.session, now=now)  # committed even if she is too late
    with transaction.atomic():
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status != Booking.Status.OFFERED:
            raise ValidationError(_("This offer has ended: the place went to the next person waiting."))
        booking.status = Booking.Status.CONFIRMED
        booking.offer_expires_at = None
        booking.save(update_fields=["status", "offer_expires_at", "updated_at"])
    return booking


def booking_change(*, acting_user=None, booking: Booking, interpreter_language: str, children: int, travel: str,
                   access_needs: list[str]) -> Booking:
    """Change what she needs (counts and choices). Raises ValidationError for bad counts."""
    if not 0 <= children <= MAX_CHILDREN:
        raise ValidationError({"children": _("Give a number of children from 0 to %(most)d.") % {"most": MAX_CHILDREN}})
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status in (Booking.Status.CANCELLED, Booking.Status.EXPIRED):
            raise ValidationError(_("This booking was cancelled and cannot be changed."))
        booking.interpreter_language = interpreter_language
        booking.children = children
        booking.travel = travel
        booking.access_needs = sorted(set(access_needs))
        booking.full_clean(exclude=["form_once"])
        booking.save()
    return booking


def _offer_freed_places(*, session_id: int, now) -> None:
    """Offer free places to the waiting list in order; the caller holds the session's lock."""
    for waiting in Booking.objects.filter(session_id=session_id, status=Booking.Status.WAITING).order_by("created_at", "pk"):
        taken = Session.objects.filter(pk=session_id, places_taken__lte=F("capacity") - waiting.places).update(
            places_taken=F("places_taken") + waiting.places)
        if not taken:
            # She waits for as many places as she asked; those behind her may need fewer.
            continue
        waiting.status = Booking.Status.OFFERED
        waiting.offer_expires_at = now + timedelta(hours=offer_hours())
        waiting.notice_pending = waiting.wants_reminder
        waiting.save(update_fields=["status", "offer_expires_at", "notice_pending", "updated_at"])


def _expire_offers(*, session: Session, now) -> int:
    """Offers past their time lapse; their places go to the next in line."""
    with transaction.atomic():
        expired = list(Booking.objects.filter(session=session, status=Booking.Status.OFFERED,
                                              offer_expires_at__lt=now))
        if not expired:
            return 0
        Session.objects.filter(pk=session.pk).update(seats_issued=F("seats_issued"))  # lock the row
        released = 0
        for booking in expired:
            if Booking.objects.filter(pk=booking.pk, status=Booking.Status.OFFERED).update(
                    status=Booking.Status.EXPIRED, offer_expires_at=None, notice_pending=False):
                released += booking.places
        if released:
            Session.objects.filter(pk=session.pk).update(places_taken=F("places_taken") - released)
            _offer_freed_places(session_id=session.pk, now=now)
        return len(expired)


def offers_expire_all(*, now=None) -> int:
    """Lapse every expired offer (the housekeeping command runs this); returns how many."""
    now = now or timezone.now()
    sessions = Session.objects.filter(bookings__status=Booking.Status.OFFERED,
                                      bookings__offer_expires_at__lt=now).distinct()
    return sum(_expire_offers(session=session, now=now) for session in sessions)


def booking_open(*, acting_user: User, booking: Booking, private_key: PrivateKey | None) -> dict:
    """Her name and contact, for a key holder of the organisation; {} when sealed shut."""
    if private_key is None or not booking.sealed_content:
        return {}
    content = crypto.open_record(private_key, bytes(booking.sealed_content), bytes(booking.sealed_key))
    return content


def bookings_unseal(*, acting_user: User, session: Session, bookings: list[Booking],
                    private_key: PrivateKey | None) -> dict[int, dict]:
    """Names for a register page: one unseal per booking, one audit entry naming the session."""
    if private_key is None:
        return {}
    opened = {}
    for booking in bookings:
        if not booking.sealed_content:
            continue
        try:
            opened[booking.pk] = crypto.open_record(private_key, bytes(booking.sealed_content),
                                                    bytes(booking.sealed_key))
        except crypto.CryptoError:
            continue
    if opened:
        audit_append(action="training.bookings.open", actor=acting_user, organisation=session.course.organisation,
                     subject=session, detail={"bookings": len(opened)})
    return opened


# Attendance -----------------------------------------------------------------------------

def attendance_mark(*, acting_user: User, session: Session, marks: dict[int, str], walk_ins: int) -> Session:
    """Set attendance by seat number (`marks`: seat -> Booking.Attendance value) and the
    number of walk-ins. Raises ValidationError for an unknown seat, status or count."""
    _require_staff(acting_user, session.course.organisation)
    allowed = set(Booking.Attendance.values)
    if not 0 <= walk_ins <= 1000:
        raise ValidationError({"walk_ins": _("Give a number of walk-ins from 0 to 1000.")})
    with transaction.atomic():
        bookings = {b.seat: b for b in Booking.objects.select_for_update().filter(session=session)}
        for seat, status in marks.items():
            if seat not in bookings or status not in allowed:
                raise ValidationError(_("Seat %(seat)s is not a booking of this session.") % {"seat": seat})
            Booking.objects.filter(pk=bookings[seat].pk).update(attendance=status)
        Session.objects.filter(pk=session.pk).update(walk_ins=walk_ins)
        audit_append(action="training.attendance.mark", actor=acting_user, organisation=session.course.organisation,
                     subject=session, detail={"marked": len(marks), "walk_ins": walk_ins})
    session.refresh_from_db()
    return session


# Reminders ------------------------------------------------------------------------------

def reminders_send(*, acting_user: User, session: Session, private_key: PrivateKey) -> int:
    """Send a reminder to each woman who asked for one (and notices of offered places),
    through the firewall's gate to her own address. The subject names no topic; the body
    gives the day, time and venue only. Returns the number of messages queued."""
    from harbour.firewall import gate

    organisation = session.course.organisation
    _require_staff(acting_user, organisation)
    sent = 0
    with transaction.atomic():
        targets = Booking.objects.filter(session=session, wants_reminder=True,
                                         status__in=[Booking.Status.CONFIRMED, Booking.Status.OFFERED])
        for booking in targets:
            content = booking_open(acting_user=acting_user, booking=booking, private_key=private_key)
            if not content.get("contact"):
                continue
            # In the language she booked in (the gate makes it active while the message is written).
            gate.deliver_to_her(acting_user=acting_user, organisation=organisation, to=content["contact"],
                                language=booking.language or settings.LANGUAGE_CODE,
                                compose=lambda booking=booking: (_reminder_subject(), _reminder_body(session, booking)),
                                purpose="training-reminder", subject_ref=booking.public_id)
            sent += 1
        Booking.objects.filter(pk__in=[b.pk for b in targets]).update(notice_pending=False)
        audit_append(action="training.reminders.send", actor=acting_user, organisation=organisation,
                     subject=session, detail={"messages": sent})
    return sent


def _reminder_subject() -> str:
    return _("Your appointment")


def _reminder_body(session: Session, booking: Booking) -> str:
    start = session.local_start()
    where = _("Online: the link is on your booking page.") if session.is_online else session.venue
    if booking.status == Booking.Status.OFFERED:
        first = _("A place has become free for you. Open your booking with your code to take it before %(when)s.") % {
            "when": her_datetime(booking.offer_expires_at.astimezone(start.tzinfo))}
    else:
        first = her_digits(_("A reminder of your booking, seat %(seat)d.") % {"seat": booking.seat})
    return "\n\n".join([first, _("When: %(day)s at %(time)s (%(zone)s)") % {
        "day": her_date(start, "full"), "time": her_time(start),
        "zone": session.time_zone},
        _("Where: %(where)s") % {"where": where}])


# Organisations' invitations ---------------------------------------------------------------

def invitation_create(*, acting_user=None, organisation: Organisation, course: Course | None,
                      asking_organisation: str, contact_email: str, preferred_dates: str,
                      expected_people: int, languages: list[str], venue_offered: str = "") -> Invitation:
    """An organisation asks `organisation` for a workshop. Raises ValidationError."""
    if not 1 <= expected_people <= 500:
        raise ValidationError({"expected_people": _("Give a number of people from 1 to 500.")})
    with transaction.atomic():
        invitation = Invitation(organisation=organisation, course=course, asking_organisation=asking_organisation.strip(),
                                contact_email=contact_email.strip(), preferred_dates=preferred_dates.strip(),
                                expected_people=expected_people, languages=sorted(set(languages)),
                                venue_offered=venue_offered.strip())
        invitation.full_clean()
        invitation.save()
    return invitation


def invitation_accept(*, acting_user: User, invitation: Invitation, session: Session) -> Invitation:
    _require_staff(acting_user, invitation.organisation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.REQUESTED:
            raise ValidationError(_("This request has already been answered."))
        invitation.status = Invitation.Status.ACCEPTED
        invitation.session = session
        invitation.save(update_fields=["status", "session", "updated_at"])
        audit_append(action="training.invitation.accept", actor=acting_user, organisation=invitation.organisation,
                     subject=invitation, detail={"session": str(session.public_id)})
    return invitation


def invitation_decline(*, acting_user: User, invitation: Invitation, reason: str) -> Invitation:
    _require_staff(acting_user, invitation.organisation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason, for the organisation that asked.")})
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.REQUESTED:
            raise ValidationError(_("This request has already been answered."))
        invitation.status = Invitation.Status.DECLINED
        invitation.decline_reason = reason.strip()
        invitation.full_clean()
        invitation.save(update_fields=["status", "decline_reason", "updated_at"])
        audit_append(action="training.invitation.decline", actor=acting_user, organisation=invitation.organisation,
                     subject=invitation)
    return invitation


# Train-the-trainer ----------------------------------------------------------------------

def trainer_profile_set(*, acting_user: User, organisation: Organisation, trainer: User,
                        public_name: str) -> TrainerProfile:
    """A trainer's public name; she sets her own, an admin may set anyone's."""
    if acting_user != trainer and not memberships_of(acting_user).filter(
            organisation=organisation, role=Membership.Role.ADMIN).exists():
        raise PermissionDenied
    _require_staff(trainer, organisation)
    with transaction.atomic():
        profile, _created = TrainerProfile.objects.get_or_create(organisation=organisation, user=trainer)
        profile.public_name = public_name.strip()
        profile.full_clean()
        profile.save()
        audit_append(action="training.trainer.profile", actor=acting_user, organisation=organisation, subject=profile)
    return profile


def pathway_step_record(*, acting_user: User, profile: TrainerProfile, step: int, session: Session | None,
                        on=None) -> PathwayStep:
    """Sign off one step of her pathway. Only an admin, or a trainer at the last step
    (she trains trainers), of the organisation signs off, and never her own step."""
    organisation = profile.organisation
    is_admin = memberships_of(acting_user).filter(organisation=organisation, role=Membership.Role.ADMIN).exists()
    trains_trainers = PathwayStep.objects.filter(profile__user=acting_user, profile__organisation=organisation,
                                                 step=PathwayStep.Step.TRAINS_TRAINERS).exists()
    if acting_user == profile.user or not (is_admin or trains_trainers):
        raise PermissionDenied
    if session is not None and session.course.organisation_id != organisation.pk:
        raise ValidationError({"session": _("Choose a session of this organisation.")})
    with transaction.atomic():
        record = PathwayStep(profile=profile, step=step, session=session, signed_off_by=acting_user,
                             on=on or timezone.localdate())
        record.full_clean()
        record.save()
        audit_append(action="training.pathway.step", actor=acting_user, organisation=organisation,
                     subject=profile, detail={"step": step})
    return record


# Questionnaires -------------------------------------------------------------------------

def answers_record(*, acting_user=None, session: Session, phase: str, token: str, knowledge: dict,
                   confidence: dict, rating: int | None = None, wants_more: bool | None = None) -> QuestionnaireAnswer:
    """Keep one questionnaire, linked to the other phase by `token` only. Answering again in
    the same phase replaces the earlier answers. Raises ValidationError for values outside
    the course's questions or the 1-5 scale."""
    known = {q["id"]: q for q in session.course.questions}
    for question_id, value in knowledge.items():
        question = known.get(question_id)
        valid = question and (value in ("true", "false") if question["kind"] == "true_false"
                              else value in question["options"])
        if not valid:
            raise ValidationError(_("Choose one of the answers given."))
    if any(key not in questions.CONFIDENCE_ITEMS or value not in questions.CONFIDENCE_SCALE
           for key, value in confidence.items()):
        raise ValidationError(_("Choose a number from 1 to 5."))
    if rating is not None and rating not in questions.CONFIDENCE_SCALE:
        raise ValidationError(_("Choose a number from 1 to 5."))
    with transaction.atomic():
        answer, _created = QuestionnaireAnswer.objects.update_or_create(
            session=session, phase=phase, token=token,
            defaults={"knowledge": knowledge, "confidence": confidence, "rating": rating, "wants_more": wants_more})
    return answer


# Shredding ------------------------------------------------------------------------------

def sessions_shred(*, today=None) -> int:
    """Erase names, contacts, needs and codes of the bookings of every session that ended
    more than HARBOUR_TRAINING_SHRED_DAYS days ago; counts, seats, attendance and the
    anonymous questionnaires stay. Returns the number of sessions shredded."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=settings.HARBOUR_TRAINING_SHRED_DAYS)
    shredded = 0
    for session in Session.objects.filter(shredded_on__isnull=True, starts_at__lt=cutoff).select_related("course"):
        with transaction.atomic():
            Booking.objects.filter(session=session).update(
                sealed_content=b"", sealed_key=b"", wants_reminder=False, interpreter_language="", children=0,
                travel="", access_needs=[], code_bucket="", code_digest="", form_once=None, notice_pending=False,
                offer_expires_at=None)
            Session.objects.filter(pk=session.pk).update(shredded_on=today)
            audit_append(action="training.session.shred", actor="retention",
                         organisation=session.course.organisation, subject=session)
        shredded += 1
    return shredded
