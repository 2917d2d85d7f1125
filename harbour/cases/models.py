"""Casework (issue 14): a case per woman supported, sealed to the holding organisation.

Plain: what the workflow and the figures need (reference, status, coarse dates, risk
level and score, channel codes she said are safe, structured outcomes). Sealed (F5, the
firewall's crypto.seal_record, one data key per record): everything she or a caseworker
typed — her name and contact details, safe times, code word, who must not answer,
assessment answers and notes, referral forms, safety plans, notes, task titles, files.
References are pseudonymous (C-2026-0042) and never carry her name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.languages import language_choices
from harbour.core.models import TimeStampedModel
from harbour.firewall.models import Disclosure, Recipient


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    MESSAGING = "messaging", _("Messaging app")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")


class CaseSettings(models.Model):
    """An organisation's casework settings (DASH bands, escalation, retention)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="case_settings")
    medium_from = models.PositiveSmallIntegerField(default=10)
    escalation_incidents = models.PositiveSmallIntegerField(default=3)
    retention_years = models.PositiveSmallIntegerField(default=6)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(medium_from__gte=1, medium_from__lte=13),
                                   name="case_settings_medium_below_high"),
            models.CheckConstraint(condition=models.Q(escalation_incidents__gte=1), name="case_settings_escalation_1"),
            models.CheckConstraint(condition=models.Q(retention_years__gte=1, retention_years__lte=25),
                                   name="case_settings_retention_1_to_25_years"),
        ]

    def __str__(self) -> str:
        return f"case settings of {self.organisation_id}"


class CaseCounter(models.Model):
    """The last reference number given per organisation and year (locked for update)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_case_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        FIRST_CONTACT = "first_contact", _("First contact")
        ASSESSMENT = "assessment", _("Assessment")
        ONGOING = "ongoing", _("Ongoing support")
        DORMANT = "dormant", _("Dormant")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        HELP_REQUEST = "help_request", _("Help request")
        REFERRAL = "referral", _("Referral received")
        DIRECT = "direct", _("Phone or walk-in")
        TRANSFER = "transfer", _("Transferred in")

    class CloseReason(models.TextChoices):
        SUPPORT_COMPLETE = "support_complete", _("Support complete")
        NO_LONGER_WANTED = "no_longer_wanted", _("She no longer wants support")
        MOVED_ON = "moved_on", _("Moved to another service")
        UNABLE_TO_CONTACT = "unable_to_contact", _("Unable to contact")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=16)
    # The public id her consents and disclosures hang on: the help request's when the case
    # was opened from one (so her status code shows shares made from the case), else the case's.
    subject_ref = models.UUIDField(db_index=True)
    help_request = models.ForeignKey("help.HelpRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="cases")
    source = models.CharField(max_length=16, choices=Source.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    language = models.CharField(max_length=16, choices=language_choices, default="en")
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    restricted = models.BooleanField(default=False)
    allowed_members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    opened_on = models.DateField()
    first_contact_on = models.DateField(null=True, blank=True)
    # Hours from opening to first contact, rounded: a plain figure for the impact app.
    first_contact_hours = models.PositiveIntegerField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=24, choices=CloseReason.choices, blank=True)
    risk_level = models.CharField(max_length=16, blank=True)
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_review_on = models.DateField(null=True, blank=True)
    # Safe contact: channel codes she said are safe, and "do not contact me". The details
    # (number, safe times, code word, who must not answer) are sealed in `sealed_contact`.
    safe_channels = models.JSONField(default=list, blank=True)
    do_not_contact = models.BooleanField(default=False)
    message_ok = models.BooleanField(null=True, blank=True)
    sealed_contact = models.BinaryField(blank=True, default=b"")
    sealed_contact_key = models.BinaryField(blank=True, default=b"")
    # The first record: what she wrote or said when the case was opened.
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()
    # Bumped by every write: a form posted with an older version is stale.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"]),
                   models.Index(fields=["organisation", "caseworker", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique_per_org"),
            models.CheckConstraint(condition=models.Q(status__in=[
                "new", "first_contact", "assessment", "ongoing", "dormant", "withdrawn", "closed"]),
                name="case_status_known"),
        ]

    def __str__(self) -> str:
        return self.reference


class ContactAttempt(TimeStampedModel):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached her")
        NOT_REACHED = "not_reached", _("Not reached")
        NOT_SAFE_NOW = "not_safe_now", _("Not safe now")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # "Not safe now" offers a later slot instead of a retry.
    next_slot_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"contact attempt {self.public_id}"


class RiskAssessment(TimeStampedModel):
    """One DASH checklist. Score, level and reasons are computed (dash.assess), never typed;
    the answers, notes and the judgement reason are sealed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.CharField(max_length=32)
    instrument_version = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16)
    marac = models.BooleanField()
    reasons = models.JSONField(default=list, blank=True)
    incidents_last_12_months = models.PositiveSmallIntegerField(default=0)
    judgement_high = models.BooleanField(default=False)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    # One id per form shown: a second post of the same form is a duplicate, not a new assessment.
    form_token = models.UUIDField()
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "form_token"], name="assessment_posted_once"),
            models.CheckConstraint(condition=models.Q(level__in=["standard", "medium", "high"]),
                                   name="assessment_level_known"),
        ]

    def __str__(self) -> str:
        return f"assessment {self.public_id}"


class MaracReferral(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a second approver")
        SENT = "sent", _("Sent")

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Her consent")
        SAFEGUARDING = "safeguarding", _("Safeguarding, without her consent")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="marac_referrals")
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    basis = models.CharField(max_length=16, choices=Basis.choices, blank=True)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    # Safeguarding only: whether her status page shows the share (F7); the approvers'
    # reasons (for sharing, and for not telling her) are sealed with the form.
    tell_her = models.BooleanField(default=True)
    sent_on = models.DateField(null=True, blank=True)
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"MARAC referral {self.public_id}"


class SafetyPlan(TimeStampedModel):
    """One version of her safety plan; a save writes a new version, older ones are kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_plans")
    version = models.PositiveIntegerField()
    review_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, choices=language_choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="safety_plan_version_unique")]

    def __str__(self) -> str:
        return f"safety plan v{self.version}"


class CaseNote(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"note {self.public_id}"


class CaseTask(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    due_on = models.DateField()
    # A task that contacts her names its channel; the safe-contact gate checks it.
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    done_on = models.DateField(null=True, blank=True)
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"task {self.public_id}"


class CaseDocument(TimeStampedModel):
    """An uploaded file, encrypted with its own data key sealed to the organisation. Only
    its checked kind and size are plain: no name, thumbnail or metadata in the clear."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"document {self.public_id}"


class Closure(models.Model):
    """A case's closing as the impact figures count it: the organisation, the day and the
    reason code, nothing of her (no time of day, no reference, no text; the region is the
    organisation's). Written by cases.services.case_transition when a case is closed and
    removed when it is reopened (it was not closed after all); kept, unlinked from her (case
    set to null), when the case is erased or transferred, so that a period's closures do not
    fall below the outcomes recorded at them. Outcomes point at their closure
    (Outcome.closure), so an outcome at closure is always counted with a closure."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_closures")
    case = models.OneToOneField(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="closure")
    closed_on = models.DateField()
    close_reason = models.CharField(max_length=24, choices=Case.CloseReason.choices, blank=True)

    class Meta:
        ordering = ["-closed_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "closed_on"])]

    def __str__(self) -> str:
        return f"closure {self.closed_on}"


class Outcome(TimeStampedModel):
    """Structured, non-identifying outcomes at intake and at closure (Women's Aid On Track,
    SafeLives Insights; the domestic-abuse core outcome set). Survives the case's erasure
    with no link to her (case set to null), so the figures stay; `closure` ties it to the
    case's Closure while the case is closed, and keeps doing so after the erasure."""

    class Stage(models.TextChoices):
        INTAKE = "intake", _("At intake")
        CLOSURE = "closure", _("At closure")

    class Safety(models.TextChoices):
        SAFER = "safer", _("Feels safer")
        SAME = "same", _("Feels the same")
        LESS_SAFE = "less_safe", _("Feels less safe")

    class Abuse(models.TextChoices):
        STOPPED = "stopped", _("Stopped")
        REDUCED = "reduced", _("Reduced")
        ONGOING = "ongoing", _("Ongoing")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="case_outcomes")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes")
    closure = models.ForeignKey(Closure, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes")
    stage = models.CharField(max_length=8, choices=Stage.choices)
    year = models.PositiveSmallIntegerField()
    safety = models.CharField(max_length=16, choices=Safety.choices, blank=True)
    abuse = models.CharField(max_length=16, choices=Abuse.choices, blank=True)
    housing_secure = models.BooleanField(null=True, blank=True)
    legal_advice_accessed = models.BooleanField(null=True, blank=True)
    immigration_advice_need_met = models.BooleanField(null=True, blank=True)
    health_support_accessed = models.BooleanField(null=True, blank=True)
    daily_life_freedom = models.BooleanField(null=True, blank=True)
    children_wellbeing_improved = models.BooleanField(null=True, blank=True)
    wellbeing = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["stage", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(wellbeing__isnull=True) | models.Q(wellbeing__lte=10),
                                   name="outcome_wellbeing_0_to_10"),
            models.UniqueConstraint(fields=["case", "stage"], name="one_outcome_per_stage"),
            models.UniqueConstraint(fields=["closure", "stage"], name="one_outcome_per_closure_stage"),
        ]

    def __str__(self) -> str:
        return f"outcome {self.public_id}"


class TransferReceipt(TimeStampedModel):
    """What the old holder keeps after a transfer: the reference, when, to whom."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=16)
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField()
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       related_name="+")

    def __str__(self) -> str:
        return f"transfer of {self.reference}"


class DashWording(TimeStampedModel):
    """The licensed wording of the DASH an organisation holds, per language, loaded from an
    instrument file (instruments.py). Harbour's own topic labels are used without it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=16, choices=language_choices)
    version = models.CharField(max_length=32)
    questions = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "language"], name="one_dash_wording_per_lang")]

    def __str__(self) -> str:
        return f"DASH wording {self.language}"
