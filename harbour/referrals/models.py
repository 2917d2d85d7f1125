"""Models of the referrals app: partnerships between organisations and the referrals that
pass between them (issue 15).

Plain: what the workflow, the overdue chase and the impact figures need (states, reason
and outcome codes, need codes, times, the two organisations). Sealed (F5): the minutes of a
partnership's meetings, sealed once to each side's key. A referral holds none of her
words: what she said travels through the gate and lands, sealed to the receiving
organisation's key, in its inbox (a help request there, linked by `help_request`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.languages import language_choices
from harbour.core.models import TimeStampedModel
from harbour.firewall.models import Consent, Recipient

# The working-hour limits when a partnership does not set its own (issue 15 item 1:
# "default 2 working days" of eight hours).
DEFAULT_ACK_HOURS = 16
DEFAULT_FIRST_CONTACT_HOURS = 40


def _need_labels(codes: list[str]) -> list[str]:
    from harbour.help.models import HelpRequest

    labels = dict(HelpRequest.Need.choices)
    return [str(labels.get(code, code)) for code in codes]


class Partnership(TimeStampedModel):
    """Two organisations that refer to each other under agreed terms (research §7: clear
    communication, regular meetings, a named lead each side)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Rhythm(models.TextChoices):
        MONTHLY = "monthly", _("Every month")
        SIX_WEEKLY = "six_weekly", _("Every six weeks")
        QUARTERLY = "quarterly", _("Every three months")
        AD_HOC = "ad_hoc", _("When needed")

    referring_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                               related_name="partnerships_referring")
    receiving_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                               related_name="partnerships_receiving")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    # Need codes (help.HelpRequest.Need) and data categories (firewall.policy) it covers.
    needs = models.JSONField(default=list, blank=True)
    data_categories = models.JSONField(default=list, blank=True)
    referring_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    receiving_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    ack_working_hours = models.PositiveSmallIntegerField(default=DEFAULT_ACK_HOURS)
    first_contact_working_hours = models.PositiveSmallIntegerField(default=DEFAULT_FIRST_CONTACT_HOURS)
    # The information-sharing agreement's review date; the agreement itself (a PDF) is a
    # PartnershipAgreement row, so that listing partnerships never loads the file.
    agreement_review_on = models.DateField(null=True, blank=True)
    meeting_rhythm = models.CharField(max_length=12, choices=Rhythm.choices, default=Rhythm.QUARTERLY)
    next_meeting_on = models.DateField(null=True, blank=True)
    # Each meeting's short minutes are PartnershipMinutes, one sealed copy per side.
    # The checklist the two fill in together (issue 15 item 1).
    time_and_resources_agreed = models.BooleanField(default=False)
    leads_named = models.BooleanField(default=False)
    gbv_language_agreed = models.BooleanField(default=False)
    training_offered = models.BooleanField(default=False)
    disagreements_process_agreed = models.BooleanField(default=False)
    review_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["active", "paused", "ended"]),
                                   name="partnership_status_known"),
            models.CheckConstraint(condition=~models.Q(referring_organisation=models.F("receiving_organisation")),
                                   name="partnership_two_organisations"),
            models.CheckConstraint(condition=models.Q(ack_working_hours__gte=1, ack_working_hours__lte=400,
                                                      first_contact_working_hours__gte=1,
                                                      first_contact_working_hours__lte=800),
                                   name="partnership_limits_in_range"),
            models.UniqueConstraint(fields=["referring_organisation", "receiving_organisation"],
                                    condition=~models.Q(status="ended"), name="one_open_partnership_per_pair",
                                    violation_error_message=_("These two organisations already have a partnership.")),
        ]

    def __str__(self) -> str:
        return f"partnership {self.public_id}"

    @property
    def needs_labels(self) -> list[str]:
        return _need_labels(self.needs)

    @property
    def data_category_labels(self) -> list[str]:
        from harbour.firewall.policy import CATEGORY_LABELS

        return [str(CATEGORY_LABELS.get(code, code)) for code in self.data_categories]

    @property
    def checklist_done(self) -> int:
        return sum([self.time_and_resources_agreed, self.leads_named, self.gbv_language_agreed,
                    self.training_offered, self.disagreements_process_agreed, self.review_on is not None])


class PartnershipMinutes(TimeStampedModel):
    """One meeting's short minutes as one side of a partnership holds them, sealed to that
    side's key (registered for key rotation): a meeting is two rows, one per side. The
    dates are plain (workflow, not her)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="minutes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(null=True, blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()

    class Meta:
        ordering = [models.F("held_on").desc(nulls_last=True), "-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "organisation", "-held_on"], name="minutes_side_idx")]

    def __str__(self) -> str:
        return f"minutes {self.public_id}"


class PartnershipAgreement(TimeStampedModel):
    """An information-sharing agreement uploaded for a partnership (issue 15 item 1): a PDF,
    checked by its first bytes and its size, kept in the database (nothing on disk, so no
    file name to guess and nothing a static or media server could hand out). Its name is
    its random `public_id`; the name it was uploaded under is not kept. Not sealed: an
    agreement between organisations is not her data (docs/threat-model.md). A replaced
    agreement keeps its row (who, when, size, SHA-256) with its bytes dropped."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agreements")
    content = models.BinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["partnership"], condition=models.Q(replaced_at__isnull=True),
                                               name="one_current_agreement_per_partnership")]

    def __str__(self) -> str:
        return f"agreement {self.public_id}"


class Referral(models.Model):
    """One referral from an organisation to another (or to a partner outside Harbour).

    `id` is the public UUID used in URLs. `reference` is short, human and random, never
    derived from her. `subject_ref` is the public id her consents and disclosures hang on
    (F7): her status page finds the referral through it.
    """

    class Source(models.TextChoices):
        HELP_REQUEST = "help_request", _("Help request")
        CASE = "case", _("Case")
        INTAKE = "intake", _("Referral-only intake")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING_LIST = "waiting_list", _("On the waiting list")
        COMPLETED = "completed", _("Completed")
        UNABLE_TO_COMPLETE = "unable_to_complete", _("Could not be completed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the referrer")
        REVOKED = "revoked", _("Her consent was withdrawn")
        SENT_IN_ERROR = "sent_in_error", _("Sent in error")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        COULD_NOT_CONTACT = "could_not_contact", _("Could not contact her")
        SHE_DECLINED = "she_declined", _("She declined")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")

    class Outcome(models.TextChoices):
        SUPPORT_DELIVERED = "support_delivered", _("Support delivered")
        ADVICE_GIVEN = "advice_given", _("Advice given")
        SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation found")
        COUNSELLING_GIVEN = "counselling_given", _("Counselling given")
        LEGAL_SUPPORT = "legal_support", _("Legal support given")

    class UnableReason(models.TextChoices):
        LOST_CONTACT = "lost_contact", _("Lost contact with her")
        SHE_WITHDREW = "she_withdrew", _("She no longer wanted support")
        MOVED_AWAY = "moved_away", _("She moved out of the area")
        SERVICE_ENDED = "service_ended", _("The service ended")

    class OneOffReason(models.TextChoices):
        NO_PARTNER_NEARBY = "no_partner_nearby", _("No partner organisation offers this nearby")
        SPECIALIST_NEED = "specialist_need", _("She needs a specialist service")
        SHE_CHOSE = "she_chose", _("She chose this organisation")
        URGENT = "urgent", _("Urgent, no time to set up a partnership")

    class RevocationChoice(models.TextChoices):
        ERASED = "erased", _("Erased what it received")
        KEPT = "kept", _("Keeps it for a lawful reason")

    class KeptReason(models.TextChoices):
        # UK GDPR art. 17(3): the grounds on which erasure may be refused.
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")
        LEGAL_CLAIMS = "legal_claims", _("Legal claims")
        SAFEGUARDING = "safeguarding", _("Safeguarding someone at risk")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True)
    referring_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="referrals_sent")
    receiving_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True,
                                               related_name="referrals_received")
    receiving_recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="referrals")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="referrals")
    one_off_reason = models.CharField(max_length=24, choices=OneOffReason.choices, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    needs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=16, choices=language_choices, default="en")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    decline_reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    outcome_code = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    unable_reason = models.CharField(max_length=24, choices=UnableReason.choices, blank=True)
    subject_ref = models.UUIDField(db_index=True)
    consent = models.ForeignKey(Consent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The receiver's copy (sealed to its key) and the case opened when it accepted.
    help_request = models.ForeignKey("help.HelpRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revocation_choice = models.CharField(max_length=8, choices=RevocationChoice.choices, blank=True)
    kept_reason = models.CharField(max_length=20, choices=KeptReason.choices, blank=True)
    revocation_decided_at = models.DateTimeField(null=True, blank=True)
    # When the receiver's answer to her withdrawn consent is due (issue 15 item 6).
    revocation_due_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    first_contact_due_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every write: a form posted with an older version is stale.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The received and sent lists: one organisation's referrals, newest first.
            models.Index(fields=["receiving_organisation", "-created_at"], name="referral_received_idx"),
            models.Index(fields=["referring_organisation", "-created_at"], name="referral_sent_idx"),
            models.Index(fields=["status", "ack_due_at"], name="referral_ack_due_idx"),
            models.Index(fields=["status", "first_contact_due_at"], name="referral_contact_due_idx"),
            models.Index(fields=["status", "revocation_due_at"], name="referral_revocation_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[
                "draft", "sent", "received", "accepted", "declined", "in_progress", "waiting_list", "completed",
                "unable_to_complete", "withdrawn", "revoked", "sent_in_error"]), name="referral_status_known"),
            # A referral needs a partnership or, for a one-off, a recorded reason (issue 15 item 1).
            models.CheckConstraint(condition=models.Q(partnership__isnull=False) | ~models.Q(one_off_reason=""),
                                   name="referral_partnership_or_reason"),
            models.CheckConstraint(condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                                   name="referral_decline_has_reason"),
            models.CheckConstraint(condition=models.Q(receiving_organisation__isnull=False)
                                   | models.Q(receiving_recipient__isnull=False),
                                   name="referral_has_a_receiver"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def needs_labels(self) -> list[str]:
        return _need_labels(self.needs)

    @property
    def public_id(self):
        """The audit chain and crypto contexts name records by `public_id`."""
        return self.id


class OverdueReminder(models.Model):
    """A reminder `referrals_overdue` sent: one per referral and kind, so a second run of
    the command sends nothing again (idempotence)."""

    class Kind(models.TextChoices):
        ACK = "ack", _("Not acknowledged in time")
        FIRST_CONTACT = "first_contact", _("Not contacted in time")
        REVOCATION = "revocation", _("Withdrawn consent not answered in time")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "kind"], name="one_reminder_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.referral_id}"


class ApiToken(TimeStampedModel):
    """An organisation's token for a partner system (issue 15 item 9): it reads referral
    states and outcome codes and moves referrals as its organisation's side, never sealed
    content. Only a SHA-256 digest of the token is kept (the token holds 256 random bits,
    so a slow hash adds nothing); the token is shown once, when it is made."""

    class Scope(models.TextChoices):
        READ = "referrals:read", _("Read referral states")
        WRITE = "referrals:write", _("Change referral states")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    # The token's first characters, to tell tokens apart on the staff page.
    prefix = models.CharField(max_length=12)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token {self.prefix}"


# The intelligence-only police report's models live in their own module.
from harbour.referrals.models_intelligence import *  # noqa: E402,F401,F403
