from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.languages import language_choices
from harbour.core.models import TimeStampedModel


class HelpRequest(TimeStampedModel):
    """An anonymous request for help, sealed to the organisation it was sent to (F5).

    Plain: what is needed for workflow and statistics (needs, status, language, channel
    type, coarse dates). Sealed: her name, contact details, safe times, message. Dates are
    days, never times (R-A4). The status code is kept only as a bucket and a salted keyed
    digest (firewall/codes.py); codes given before that scheme keep their argon2id hash and
    locator (help/codes.py) until the request is erased.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        CONTACTED = "contacted", _("Contacted")
        CLOSED = "closed", _("Closed")

    class Need(models.TextChoices):
        SAFETY = "safety", _("Safety")
        HOUSING = "housing", _("Somewhere to stay")
        LEGAL = "legal", _("Legal advice")
        IMMIGRATION_ADVICE = "immigration_advice", _("Immigration advice")
        HEALTH = "health", _("Health")
        COUNSELLING = "counselling", _("Counselling")
        INTERPRETER = "interpreter", _("An interpreter")
        OTHER = "other", _("Something else")

    class Channel(models.TextChoices):
        NOT_SAID = "", _("Not said")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("E-mail")
        MESSAGING = "messaging", _("Messaging app")
        CHECK_BACK = "check_back", _("Do not contact me, I will check back")

    # Coarse dates replace the base model's timestamps.
    created_at = models.DateField(auto_now_add=True)
    updated_at = models.DateField(auto_now=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="help_requests")
    needs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, choices=language_choices)
    contact_channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    closed_on = models.DateField(null=True, blank=True)
    # Set when it arrived through a referral from another organisation (not from her).
    referred_by = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()
    code_hash = models.CharField(max_length=200, blank=True)
    code_locator = models.CharField(max_length=64, unique=True, null=True, blank=True)
    code_bucket = models.CharField(max_length=40, blank=True, db_index=True)
    code_digest = models.CharField(max_length=120, blank=True)
    code_last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["received", "contacted", "closed"]),
                                   name="help_request_status_known"),
        ]

    def __str__(self) -> str:
        return f"help request {self.public_id}"


class HelpNote(TimeStampedModel):
    """A caseworker's note on a request, sealed to the organisation like the request."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.public_id}"



class BarrierTally(models.Model):
    """How many anonymous answers named each obstacle to asking for help, per organisation,
    source and month (issue 16): "Did anything make it harder to ask for help?".

    Kept as counters, not as one row per answer, so that nothing (no foreign key, no time finer
    than the month, not even the order of rows) ties an answer to her request or case. The
    category ANSWERED counts the people who answered at all. An answer records a fear or an
    obstacle she names, never a fact about her residence or status (F1). Not answering is
    "prefer not to say": nothing is counted then.
    """

    class Source(models.TextChoices):
        HELP = "help", _("Help request form")
        CASE = "case", _("Case intake")

    class Category(models.TextChoices):
        FEAR_ENFORCEMENT = "fear_enforcement", _("Fear that my details would be passed to immigration enforcement")
        FEAR_COMMUNITY = "fear_community", _("Fear of how my community would react")
        NOT_KNOWING_RIGHTS = "rights", _("Not knowing my rights")
        NOT_KNOWING_WHERE = "where", _("Not knowing where to go")
        LANGUAGE = "language", _("Language")
        NO_PUBLIC_FUNDS = "nrpf", _("No recourse to public funds")
        FEAR_LOSING_CHILDREN = "children", _("Fear of losing my children")
        OTHER = "other", _("Something else")

    ANSWERED = "answered"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    category = models.CharField(max_length=24)
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "source", "category"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "source", "month", "category"],
                                    name="one_barrier_tally_per_month"),
            models.CheckConstraint(condition=models.Q(source__in=["help", "case"]), name="barrier_tally_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.month:%Y-%m}: {self.count}"
