"""Peer training: courses, sessions, bookings without names, attendance, the trainers'
pathway, organisations' invitations and the anonymous before-and-after questionnaires.

What is plain and what is sealed (F5): a booking's name and contact are sealed to the
training organisation's key; her needs are counts and choices (plain until shredding,
then zeroed); questionnaire answers carry only a token derived from her booking code,
which no table stores beside a booking (training/codes.py).
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.models import TimeStampedModel

MAX_PLACES_PER_BOOKING = 6
MAX_CHILDREN = 10


def validate_time_zone(value: str) -> None:
    """An IANA time zone name (e.g. "Europe/London"), as zoneinfo knows it."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Give a time zone such as Europe/London."), code="time_zone")


class Course(TimeStampedModel):
    """A workshop that can be run many times, built from rights-catalogue entries.

    `rights_entries` holds catalogue entry ids (rights/catalogue/*.yaml); `questions`
    holds the generated knowledge questions, each tied to one of those ids (see
    training/questions.py for their shape).
    """

    class Audience(models.TextChoices):
        WOMEN = "women", _("Women")
        PROFESSIONALS = "professionals", _("Professionals")
        SCHOOLS = "schools", _("Students")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.WOMEN)
    length_minutes = models.PositiveSmallIntegerField(default=180)
    outcomes = models.TextField(blank=True, help_text="One learning outcome per line.")
    # The language its title and outcomes are written in: a page in any other language says so.
    language = models.CharField(max_length=16, default="en")
    rights_entries = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(length_minutes__gte=15) & models.Q(length_minutes__lte=2880),
                                   name="course_length_15_minutes_to_2_days"),
        ]

    def __str__(self) -> str:
        return self.title

    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class Session(TimeStampedModel):
    """One run of a course: when, where, in which languages, for whom, how many."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="Europe/London", validators=[validate_time_zone])
    place = models.CharField(max_length=100, blank=True, help_text="Town or district, for the listing's filter.")
    venue = models.CharField(max_length=300, blank=True, help_text="A public address, safe to publish.")
    is_online = models.BooleanField(default=False)
    online_link = models.URLField(blank=True, help_text="Shown only to women with a booking.")
    languages = models.JSONField(default=list)
    interpreters_on_request = models.BooleanField(default=True)
    women_only = models.BooleanField(default=True)
    childcare = models.BooleanField(default=False)
    step_free = models.BooleanField(default=False)
    travel_refunded = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=20)
    places_taken = models.PositiveSmallIntegerField(default=0)
    # Every booking first bumps this counter: the row lock it takes serialises a session's
    # bookings on PostgreSQL and SQLite alike, and its value is the new seat number.
    seats_issued = models.PositiveIntegerField(default=0)
    booking_deadline = models.DateTimeField()
    is_published = models.BooleanField(default=True)
    is_cancelled = models.BooleanField(default=False)
    walk_ins = models.PositiveSmallIntegerField(default=0)
    shredded_on = models.DateField(null=True, blank=True)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, through="SessionTrainer", related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1) & models.Q(capacity__lte=1000),
                                   name="session_capacity_1_to_1000"),
            # The database itself refuses an overbooking, whatever the code above it does.
            models.CheckConstraint(condition=models.Q(places_taken__lte=models.F("capacity")),
                                   name="session_not_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"

    @property
    def organisation(self) -> Organisation:
        return self.course.organisation

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.course.length_minutes)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    def language_names(self) -> list[str]:
        """Each language in its own name (its endonym) where the rights catalogue knows it, else
        the directory's label (its own name and its name in the page's language); never a bare code
        that either knows (issue 8 item 6)."""
        from harbour.directory.forms import language_label
        from harbour.rights.vocabulary import CONTENT_LANGUAGES

        return [CONTENT_LANGUAGES.get(code) or language_label(code) for code in self.languages]

    def local_start(self):
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))


class SessionTrainer(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Peer trainer")
        CO = "co", _("Co-trainer")
        OBSERVER = "observer", _("Observing")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="trainer_roles")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.LEAD)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "trainer"], name="one_role_per_trainer")]

    def __str__(self) -> str:
        return f"{self.role} of {self.session_id}"


class Booking(TimeStampedModel):
    """A place (or a place on the waiting list) without an account or a real name.

    Sealed: the name she gave and her contact for reminders. Plain: counts and choices
    of what she needs, her seat number (the register's key), the state, the booking code
    as argon2id hash plus locator (as the help app's status code).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("A place is offered")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not marked")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LATE = "late", _("Late")
        LEFT_EARLY = "left_early", _("Left early")

    class Travel(models.TextChoices):
        NONE = "", _("No")
        CASH = "cash", _("Yes, in cash")
        VOUCHER = "voucher", _("Yes, as a travel voucher")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=16, choices=Status.choices)
    seat = models.PositiveSmallIntegerField()
    places = models.PositiveSmallIntegerField(default=1)
    sealed_content = models.BinaryField(blank=True, default=b"")
    sealed_key = models.BinaryField(blank=True, default=b"")
    wants_reminder = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=16, blank=True)
    children = models.PositiveSmallIntegerField(default=0)
    travel = models.CharField(max_length=16, choices=Travel.choices, blank=True)
    access_needs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, default="en")
    code_bucket = models.CharField(max_length=40, blank=True, db_index=True)
    code_digest = models.CharField(max_length=120, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    notice_pending = models.BooleanField(default=False)
    attendance = models.CharField(max_length=16, choices=Attendance.choices, blank=True)
    # SHA-256 of the one-time token of the form that made it: the same post twice makes
    # one booking. Erased with the rest when the session is shredded.
    form_once = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        indexes = [models.Index(fields=["session", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], name="one_seat_number_per_session"),
            models.CheckConstraint(condition=models.Q(places__gte=1) & models.Q(places__lte=MAX_PLACES_PER_BOOKING),
                                   name="booking_places_1_to_6"),
            models.CheckConstraint(condition=models.Q(children__lte=MAX_CHILDREN), name="booking_children_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"seat {self.seat} of session {self.session_id}"

    @property
    def holds_places(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.OFFERED)


class Invitation(TimeStampedModel):
    """An organisation asking a training organisation to run a workshop for its users.

    Holds the asking organisation's work contact, not a survivor's.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_invitations")
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    asking_organisation = models.CharField(max_length=200)
    contact_email = models.EmailField()
    preferred_dates = models.CharField(max_length=300)
    expected_people = models.PositiveSmallIntegerField()
    languages = models.JSONField(default=list)
    venue_offered = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    decline_reason = models.CharField(max_length=500, blank=True)
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"invitation {self.public_id}"


class TrainerProfile(TimeStampedModel):
    """A trainer's public name (her choice) in one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_profiles")
    public_name = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_trainer_profile_per_org")]

    def __str__(self) -> str:
        return self.public_name or f"trainer {self.public_id}"


class PathwayStep(TimeStampedModel):
    """One step of a peer trainer's pathway, with the session and who signed it off."""

    class Step(models.IntegerChoices):
        TRAINED = 1, _("Trained")
        OBSERVED = 2, _("Observed a session")
        CO_DELIVERED = 3, _("Co-delivered a session")
        DELIVERS = 4, _("Delivers alone")
        TRAINS_TRAINERS = 5, _("Trains trainers")

    profile = models.ForeignKey(TrainerProfile, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      related_name="+")
    on = models.DateField()

    class Meta:
        ordering = ["profile", "step"]
        constraints = [models.UniqueConstraint(fields=["profile", "step"], name="each_pathway_step_once")]

    def __str__(self) -> str:
        return f"step {self.step}"


class QuestionnaireAnswer(models.Model):
    """One filled questionnaire, before or after a session (Kirkpatrick levels 1 and 2).

    Linked to the other phase only by `token` (derived from her booking code, or printed
    on a paper form), never to a booking, a name or a contact. Dates are days.
    """

    class Phase(models.TextChoices):
        PRE = "pre", _("Before")
        POST = "post", _("After")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="answers")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    token = models.CharField(max_length=64)
    knowledge = models.JSONField(default=dict)
    confidence = models.JSONField(default=dict)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    wants_more = models.BooleanField(null=True, blank=True)
    answered_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["session", "phase", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "phase", "token"], name="one_answer_per_phase")]

    def __str__(self) -> str:
        return f"{self.phase} answers for session {self.session_id}"
