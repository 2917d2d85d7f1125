"""Reads for peer training: the public listing, a session's register, trainers' records
and the aggregate learning figures (the only form in which answers leave this app)."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from harbour.training import questions
from harbour.training.models import (
    Booking,
    Course,
    PathwayStep,
    QuestionnaireAnswer,
    Session,
    TrainerProfile,
)

LISTING_LIMIT = 50


def public_sessions(*, language: str = "", place: str = "", now=None, limit: int = LISTING_LIMIT) -> list[Session]:
    """Published, not cancelled sessions still to come, soonest first; `language` (a code)
    and `place` (a town, case-insensitive) filter when given. One query."""
    now = now or timezone.now()
    sessions = (Session.objects.filter(is_published=True, is_cancelled=False, starts_at__gte=now)
                .select_related("course", "course__organisation").order_by("starts_at", "pk"))
    if language:
        sessions = sessions.filter(languages__contains=[language]) if _json_contains() else \
            sessions.filter(languages__icontains=f'"{language}"')
    if place:
        sessions = sessions.filter(place__iexact=place.strip())
    return list(sessions[:limit])


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def public_places(*, now=None) -> list[str]:
    """The towns with sessions to come, for the filter."""
    now = now or timezone.now()
    return list(Session.objects.filter(is_published=True, is_cancelled=False, starts_at__gte=now)
                .exclude(place="").order_by("place").values_list("place", flat=True).distinct())


def public_session(public_id) -> Session | None:
    try:
        return (Session.objects.select_related("course", "course__organisation")
                .filter(is_published=True, public_id=public_id).first())
    except (ValueError, TypeError):
        return None


def public_trainer_names(session: Session) -> list[str]:
    """The names trainers chose to show; a trainer without one is not named."""
    users = session.trainer_roles.values_list("trainer_id", flat=True)
    return list(TrainerProfile.objects.filter(organisation=session.course.organisation, user_id__in=users)
                .exclude(public_name="").values_list("public_name", flat=True))


def organisation_sessions(organisation) -> list[Session]:
    return list(Session.objects.filter(course__organisation=organisation).select_related("course")
                .order_by("-starts_at")[:200])


def organisation_courses(organisation) -> list[Course]:
    return list(Course.objects.filter(organisation=organisation))


def register_rows(session: Session) -> list[Booking]:
    """Bookings that hold places, by seat (what the register and the sign-in sheet list)."""
    return list(Booking.objects.filter(session=session, status__in=[Booking.Status.CONFIRMED, Booking.Status.OFFERED])
                .order_by("seat"))


def waiting_list(session: Session) -> list[Booking]:
    return list(Booking.objects.filter(session=session, status=Booking.Status.WAITING).order_by("created_at", "pk"))


@dataclass(frozen=True)
class SessionCounts:
    booked: int
    waiting: int
    present: int
    walk_ins: int
    interpreters: dict[str, int]
    children: int
    travel: int

    @property
    def reached(self) -> int:
        return self.present + self.walk_ins


def session_counts(session: Session) -> SessionCounts:
    """Counts for the session page and for impact: places, attendance, needs as totals."""
    held = Booking.objects.filter(session=session, status__in=[Booking.Status.CONFIRMED, Booking.Status.OFFERED])
    totals = held.aggregate(booked=Sum("places"), children=Sum("children"),
                            present=Sum("places", filter=Q(attendance__in=["present", "late", "left_early"])),
                            travel=Count("pk", filter=~Q(travel="")))
    interpreters = dict(held.exclude(interpreter_language="").values_list("interpreter_language")
                        .annotate(n=Count("pk")).values_list("interpreter_language", "n"))
    waiting = Booking.objects.filter(session=session, status=Booking.Status.WAITING).aggregate(n=Sum("places"))["n"]
    return SessionCounts(booked=totals["booked"] or 0, waiting=waiting or 0, present=totals["present"] or 0,
                         walk_ins=session.walk_ins, interpreters=interpreters, children=totals["children"] or 0,
                         travel=totals["travel"] or 0)


@dataclass(frozen=True)
class TrainerRecord:
    profile: TrainerProfile
    steps: list[PathwayStep]
    sessions_delivered: int
    people_reached: int


def trainer_record(profile: TrainerProfile) -> TrainerRecord:
    """Her pathway, the sessions she led or co-led that have happened, and the people
    present at them (bookings marked present plus walk-ins)."""
    sessions = Session.objects.filter(trainer_roles__trainer=profile.user, trainer_roles__role__in=["lead", "co"],
                                      course__organisation=profile.organisation, starts_at__lt=timezone.now())
    reached = sum(session_counts(s).reached for s in sessions)
    return TrainerRecord(profile=profile, steps=list(profile.steps.select_related("session", "signed_off_by")),
                         sessions_delivered=sessions.count(), people_reached=reached)


@dataclass(frozen=True)
class LearningFigures:
    pre_answers: int
    post_answers: int
    paired: int
    knowledge_before: float | None
    knowledge_after: float | None
    confidence_before: dict
    confidence_after: dict


def learning_figures(session: Session) -> LearningFigures:
    """Kirkpatrick level 2 as aggregates: mean share of right answers and mean confidence
    (1-5) per item, before and after; `paired` counts tokens that answered both."""
    answers = list(QuestionnaireAnswer.objects.filter(session=session))
    course_questions = session.course.questions
    by_phase = {"pre": [a for a in answers if a.phase == "pre"], "post": [a for a in answers if a.phase == "post"]}

    def knowledge(rows):
        scores = [questions.score(course_questions, a.knowledge) for a in rows]
        scores = [right / total for right, total in scores if total]
        return round(sum(scores) / len(scores), 2) if scores else None

    def confidence(rows):
        out = {}
        for item in questions.CONFIDENCE_ITEMS:
            values = [a.confidence[item] for a in rows if item in a.confidence]
            out[item] = round(sum(values) / len(values), 1) if values else None
        return out

    paired = len({a.token for a in by_phase["pre"]} & {a.token for a in by_phase["post"]})
    return LearningFigures(pre_answers=len(by_phase["pre"]), post_answers=len(by_phase["post"]), paired=paired,
                           knowledge_before=knowledge(by_phase["pre"]), knowledge_after=knowledge(by_phase["post"]),
                           confidence_before=confidence(by_phase["pre"]), confidence_after=confidence(by_phase["post"]))
