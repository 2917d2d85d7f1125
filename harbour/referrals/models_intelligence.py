"""Models of the intelligence-only police report (DESIGN.md F4).

An advocate tells the police about an incident and the person who caused it without
telling them who was harmed: the practice of third-party and "intelligence sharing"
reporting (shared/reference/safe-reporting-research.md §3.1, Rape Crisis Scotland's model:
the account and the perpetrator's details go to the police, her contact details do not;
if the police want to reach her, they ask her advocate).

Plain: what is structured and says nothing of her (kinds of abuse, a month and year,
police area, yes/no/not-known answers, the relationship and how many people caused harm).
Sealed to the holding organisation (F5): the advocate's description of the incident, of
the perpetrator and of the place. There is no field about her identity, and none about
immigration or residence (F1; tests/firewall scans these models and their forms).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Organisation
from harbour.core.models import TimeStampedModel
from harbour.firewall.models import Consent, Recipient

__all__ = ["IntelligenceReport", "IntelligenceShare"]


class IntelligenceReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the police")

    class Abuse(models.TextChoices):
        PHYSICAL = "physical", _("Physical violence")
        SEXUAL = "sexual", _("Sexual violence")
        COERCIVE_CONTROL = "coercive_control", _("Coercive or controlling behaviour")
        PSYCHOLOGICAL = "psychological", _("Psychological or emotional abuse")
        ECONOMIC = "economic", _("Economic abuse")
        STALKING = "stalking", _("Stalking or harassment")
        ONLINE = "online", _("Abuse online or through technology")
        THREATS = "threats", _("Threats to kill or to harm")
        HONOUR = "honour", _("So-called honour-based abuse")
        FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
        FGM = "fgm", _("Female genital mutilation")
        OTHER = "other", _("Other")

    class Answer(models.TextChoices):
        UNKNOWN = "unknown", _("Not known")
        YES = "yes", _("Yes")
        NO = "no", _("No")

    class Relationship(models.TextChoices):
        UNKNOWN = "unknown", _("Not known")
        PARTNER = "partner", _("Partner")
        EX_PARTNER = "ex_partner", _("Former partner")
        FAMILY = "family", _("Family member")
        ACQUAINTANCE = "acquaintance", _("Someone known to her")
        STRANGER = "stranger", _("A stranger")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="intelligence_reports")
    # Pseudonymous (INT-2026-0007): the police quote it to the advocate to reach her.
    reference = models.CharField(max_length=16)
    # For the advocate's own reference only: nothing of the case travels with the report.
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    abuse_kinds = models.JSONField(default=list)
    incident_year = models.PositiveSmallIntegerField()
    incident_month = models.PositiveSmallIntegerField(null=True, blank=True)
    police_area = models.CharField(max_length=100, blank=True)
    ongoing = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    weapons = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    strangulation = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    injuries = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    children_present = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    relationship = models.CharField(max_length=16, choices=Relationship.choices, default=Relationship.UNKNOWN)
    perpetrator_count = models.PositiveSmallIntegerField(default=1)
    # The member the police contact to reach her (her advocate), named in what is sent.
    contact_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    sealed_content = models.BinaryField()
    sealed_key = models.BinaryField()
    # Bumped by every write: a form posted with an older version is stale.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="intelligence_reference_unique"),
            models.CheckConstraint(condition=models.Q(status__in=["draft", "sent"]),
                                   name="intelligence_status_known"),
            models.CheckConstraint(condition=models.Q(incident_month__isnull=True)
                                   | models.Q(incident_month__gte=1, incident_month__lte=12),
                                   name="intelligence_month_1_to_12"),
            models.CheckConstraint(condition=models.Q(incident_year__gte=1950, incident_year__lte=2200),
                                   name="intelligence_year_plausible"),
            models.CheckConstraint(condition=models.Q(perpetrator_count__gte=1, perpetrator_count__lte=20),
                                   name="intelligence_perpetrators_1_to_20"),
        ]

    def __str__(self) -> str:
        return self.reference


class IntelligenceShare(TimeStampedModel):
    """One sending of a report through the firewall (harbour.firewall.gate_intelligence):
    to which police recipient, how (e-mail or a PDF handed over), which allowlisted fields,
    and how she agreed to it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PDF = "pdf", _("PDF handed over")

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE, related_name="shares")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    fields = models.JSONField(default=list)
    agreed_method = models.CharField(max_length=16, choices=Consent.Method.choices)
    shared_on = models.DateField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+")

    class Meta:
        ordering = ["-shared_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(channel__in=["email", "pdf"]),
                                   name="intelligence_share_channel_known"),
        ]

    def __str__(self) -> str:
        return f"intelligence share {self.public_id}"
